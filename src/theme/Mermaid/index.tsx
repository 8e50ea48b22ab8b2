import React, { useEffect, useRef, useState, type ReactNode } from 'react';
import OriginalMermaid from '@theme-original/Mermaid';
import type MermaidType from '@theme/Mermaid';
import type { WrapperProps } from '@docusaurus/types';
import styles from './styles.module.css';

type Props = WrapperProps<typeof MermaidType> & {
  /** SVGs pre-rendered by `pnpm render-diagrams`, set by src/plugins/static-mermaid.ts when its cache has them. */
  light?: string;
  dark?: string;
};

/**
 * A diagram pre-rendered at build time is inline SVG: no Mermaid JavaScript is downloaded for it.
 * Any other diagram is drawn in the browser by Docusaurus's Mermaid component.
 */
export default function Mermaid({ light, dark, ...props }: Props): ReactNode {
  if (light !== undefined && dark !== undefined) return <StaticMermaid light={light} dark={dark} />;
  return <LazyMermaid {...props} />;
}

function StaticMermaid({ light, dark }: { light: string; dark: string }): ReactNode {
  // docusaurus-mermaid-container: the class Docusaurus gives live diagrams, which src/css/custom.css styles.
  return (
    <div className={`docusaurus-mermaid-container ${styles.static}`}>
      <div className={styles.light} dangerouslySetInnerHTML={{ __html: light }} />
      <div className={styles.dark} dangerouslySetInnerHTML={{ __html: dark }} />
    </div>
  );
}

/**
 * Mermaid is about 600 KiB of JavaScript. It is fetched only when a diagram comes near the
 * viewport, so pages whose diagrams are further down load as fast as pages without any.
 */
function LazyMermaid(props: WrapperProps<typeof MermaidType>): ReactNode {
  const placeholder = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    const element = placeholder.current;
    if (!element || typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return undefined;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  if (visible) return <OriginalMermaid {...props} />;
  return <div ref={placeholder} className="mermaid-placeholder" aria-hidden="true" />;
}
