import React, { type ComponentProps, type ElementType, type ReactNode } from 'react';
import clsx from 'clsx';
import { ThemeClassNames } from '@docusaurus/theme-common';
import styles from './styles.module.css';

type Props<T extends ElementType> = { as: T } & ComponentProps<T>;

/**
 * The code block's frame (replaces @docusaurus/theme-classic's CodeBlock/Container). The original
 * sets the code theme's colours as inline CSS variables from the colour mode React knows, which is
 * the default mode until the page's script has run: dark-mode readers saw light code blocks until
 * then. Here the variables come from the stylesheet (src/plugins/code-highlight.ts), per data-theme.
 */
export default function CodeBlockContainer<T extends ElementType>({ as: As, ...props }: Props<T>): ReactNode {
  return <As {...props} className={clsx(props.className, styles.codeBlockContainer, ThemeClassNames.common.codeBlock)} />;
}
