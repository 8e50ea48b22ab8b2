import React, { type ReactNode } from 'react';
import Admonition from '@theme/Admonition';

/**
 * Placed on pages with C++ module examples. With nothing to say it renders nothing,
 * so pages keep working when a notice is retired; pass children to show a note.
 */
export function CppModuleVersionNotice({ children }: { children?: ReactNode }): ReactNode {
  if (!children) return null;
  return (
    <Admonition type="note" title="C++ modules">
      {children}
    </Admonition>
  );
}

export default CppModuleVersionNotice;
