import React, { isValidElement, type ReactNode } from 'react';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';
import type { Props } from '@theme/CodeBlock';

/** Several strings become one; children holding elements stay as they are. */
function stringifyChildren(children: ReactNode): ReactNode {
  if (React.Children.toArray(children).some((child) => isValidElement(child))) return children;
  return Array.isArray(children) ? children.join('') : children;
}

/**
 * Replaces @docusaurus/theme-classic's CodeBlock, which re-mounts every code block once the page
 * has hydrated (a `key` that changes with useIsBrowser) so that token colours from the inline
 * styles of the dark theme replace the light ones rendered at build time. Colours here come from
 * CSS per html[data-theme] (src/plugins/code-highlight.ts), so the blocks rendered at build time
 * are kept as they are: no second render of every block, no Prism in the browser for them.
 */
export default function CodeBlock({ children: rawChildren, ...props }: Props): ReactNode {
  const children = stringifyChildren(rawChildren);
  return typeof children === 'string' ? (
    <StringContent {...props}>{children}</StringContent>
  ) : (
    <ElementContent {...props}>{children}</ElementContent>
  );
}
