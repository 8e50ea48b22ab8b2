import React, { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import clsx from 'clsx';
import useIsBrowser from '@docusaurus/useIsBrowser';
import useIsomorphicLayoutEffect from '@docusaurus/useIsomorphicLayoutEffect';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import { linesToHtml, plainLines, type LinesOptions } from '@site/src/lib/code-highlight/html';
import { getHighlighter, loadHighlighter, subscribeHighlighter } from '@site/src/lib/code-highlight/highlighter';
import styles from './styles.module.css';

const LINE_CLASSES = { codeLine: styles.codeLine!, codeLineNumber: styles.codeLineNumber!, codeLineContent: styles.codeLineContent! };

/**
 * The highlighted body of a code block (replaces @docusaurus/theme-classic's CodeBlock/Content).
 *
 * The static build renders the tokens with Prism. In the browser a block present in the page's
 * HTML keeps that markup through hydration: its <code> is given an empty `dangerouslySetInnerHTML`,
 * which React neither compares nor writes while hydrating, so the browser needs neither Prism
 * (no grammar set-up in the page's JavaScript) nor a React element per token. Blocks mounted later
 * (tab switches, client-side navigation, the dev server) are highlighted by a chunk loaded on
 * demand, showing plain text for the moment it takes. Colours come from CSS on html[data-theme],
 * so switching themes re-renders nothing.
 */
export default function CodeBlockContent({ className }: { className?: string }): ReactNode {
  const { metadata, wordWrap } = useCodeBlockContext();
  const { code, language, lineNumbersStart, lineClassNames } = metadata;
  const showLineNumbers = lineNumbersStart !== undefined;
  const options: LinesOptions = useMemo(
    () => ({ lineClassNames, showLineNumbers, classes: LINE_CLASSES }),
    [lineClassNames, showLineNumbers],
  );
  const content = `${language}\u0000${showLineNumbers}\u0000${JSON.stringify(lineClassNames)}\u0000${code}`;

  // False on the server and during hydration, true for blocks mounted afterwards.
  const isBrowser = useIsBrowser();
  const [hydratedContent] = useState(() => (isBrowser ? undefined : content));
  const [serverMarkup, setServerMarkup] = useState(!isBrowser);
  const keepServerMarkup = serverMarkup && hydratedContent === content && typeof window !== 'undefined';

  const highlight = useSyncExternalStore(subscribeHighlighter, getHighlighter, getHighlighter);
  const codeRef = useRef<HTMLElement>(null);

  // No server markup to keep (the dev server renders in the browser only): render here instead.
  useIsomorphicLayoutEffect(() => {
    if (keepServerMarkup && codeRef.current && codeRef.current.childNodes.length === 0) setServerMarkup(false);
  }, [keepServerMarkup]);

  useEffect(() => {
    if (!keepServerMarkup && !highlight) void loadHighlighter();
  }, [keepServerMarkup, highlight]);

  const html = useMemo(() => {
    if (keepServerMarkup) return '';
    return highlight ? highlight(code, language, options) : linesToHtml(plainLines(code), options);
  }, [keepServerMarkup, highlight, code, language, options]);

  return (
    <pre
      ref={wordWrap.codeBlockRef}
      // A scrollable region must be reachable with the keyboard.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      className={clsx(className, 'prism-code', `language-${language}`, styles.codeBlock, 'thin-scrollbar')}>
      <code
        ref={codeRef}
        className={clsx(styles.codeBlockLines, showLineNumbers && styles.codeBlockLinesWithNumbering)}
        style={showLineNumbers ? { counterReset: `line-count ${lineNumbersStart - 1}` } : undefined}
        dangerouslySetInnerHTML={{ __html: html }}
        suppressHydrationWarning
      />
    </pre>
  );
}
