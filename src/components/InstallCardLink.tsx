import React, { type ReactNode } from 'react';
import { CardLink } from './CardLink';

/** The install page lives on the main website, outside the docs. */
export const INSTALL_URL = 'https://spacetimedb.com/install';

function TerminalIcon(): ReactNode {
  return (
    <svg aria-hidden="true" width="28" height="28" viewBox="0 0 24 24" fill="none">
      <rect x="2.5" y="4" width="19" height="16" rx="2.5" stroke="currentColor" strokeWidth="1.6" />
      <path d="M6.5 9.5l3 2.5-3 2.5" stroke="var(--ifm-color-primary)" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M11.5 15h5.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/** A card that sends the reader to install the `spacetime` CLI. */
export function InstallCardLink(): ReactNode {
  return (
    <div style={{ maxWidth: 420, margin: '1rem 0 1.5rem' }}>
      <CardLink
        item={{
          href: INSTALL_URL,
          label: 'Install the SpacetimeDB CLI',
          description: 'One command on macOS, Linux and Windows.',
          icon: <TerminalIcon />,
        }}
      />
    </div>
  );
}

export default InstallCardLink;
