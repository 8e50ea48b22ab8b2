import React, { type ReactNode } from 'react';

/** A green check mark for feature tables; readable by screen readers as "Yes". */
export function Check({ label = 'Yes' }: { label?: string }): ReactNode {
  return (
    <svg
      role="img"
      aria-label={label}
      width="18"
      height="18"
      viewBox="0 0 24 24"
      style={{ verticalAlign: 'middle', color: 'var(--ifm-color-primary)' }}
    >
      <title>{label}</title>
      <path
        d="M5 12.5l4.5 4.5L19 7.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export default Check;
