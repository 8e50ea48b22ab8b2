import React, { type ReactNode } from 'react';
import { CardLink, type Item } from './CardLink';
import styles from './CardLinkGrid.module.css';

/** A responsive grid of CardLinks. */
export function CardLinkGrid({ items }: { items: Item[] }): ReactNode {
  return (
    <ul className={styles.grid}>
      {items.map((item) => (
        <li key={item.href}>
          <CardLink item={item} />
        </li>
      ))}
    </ul>
  );
}

export default CardLinkGrid;
