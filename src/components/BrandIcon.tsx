import React, { type ReactNode } from 'react';
import type { SimpleIcon } from 'simple-icons';

/** A monochrome brand mark from the simple-icons set (CC0), drawn in the text colour. */
export function BrandIcon({ icon, size = 28 }: { icon: SimpleIcon; size?: number }): ReactNode {
  return (
    <svg role="img" aria-hidden="true" width={size} height={size} viewBox="0 0 24 24" fill="currentColor">
      <path d={icon.path} />
    </svg>
  );
}

export default BrandIcon;
