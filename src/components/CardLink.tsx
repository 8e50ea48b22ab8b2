import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';
import { useDocsVersion } from '@docusaurus/plugin-content-docs/client';
import styles from './CardLink.module.css';

export interface Item {
  href: string;
  label: string;
  /** An image URL (relative to the site, e.g. `/images/logos/react.svg`) or an inline element. */
  icon?: string | ReactNode;
  /** Invert a dark monochrome image so it stays visible on the dark theme. */
  invertIcon?: boolean;
  /** When set, the card shows that doc's `description` front matter. */
  docId?: string;
  description?: ReactNode;
}

function useDocDescription(docId: string | undefined): string | undefined {
  // Outside a docs page there is no version context; the card then shows its own text.
  let docs: ReturnType<typeof useDocsVersion>['docs'] | undefined;
  try {
    docs = useDocsVersion().docs;
  } catch {
    docs = undefined;
  }
  return docId ? docs?.[docId]?.description : undefined;
}

function CardIcon({ icon, invert }: { icon: Item['icon']; invert?: boolean }): ReactNode {
  const src = useBaseUrl(typeof icon === 'string' ? icon : '');
  if (!icon) return null;
  if (typeof icon !== 'string') return <span className={styles.icon}>{icon}</span>;
  return (
    <img
      className={clsx(styles.icon, invert && styles.invert)}
      src={src}
      alt=""
      width={32}
      height={32}
      loading="lazy"
    />
  );
}

export function CardLink({ item }: { item: Item }): ReactNode {
  const docDescription = useDocDescription(item.docId);
  const description = item.description ?? docDescription;
  return (
    <Link to={item.href} className={clsx('card', styles.card)}>
      <CardIcon icon={item.icon} invert={item.invertIcon} />
      <span className={styles.text}>
        <span className={styles.label}>{item.label}</span>
        {description && <span className={styles.description}>{description}</span>}
      </span>
    </Link>
  );
}

export default CardLink;
