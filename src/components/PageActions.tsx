import React, { useState, type ReactNode } from 'react';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import { markdownPathFor } from '@site/src/lib/markdown-path';
import styles from './PageActions.module.css';

type CopyState = 'idle' | 'copied' | 'failed';

/** "Copy page" (the page's markdown, for pasting into an AI assistant) and a link to the plain .md file. */
export function PageActions(): ReactNode {
  const { metadata } = useDoc();
  const { siteConfig } = useDocusaurusContext();
  const markdownUrl = siteConfig.baseUrl + markdownPathFor(metadata.permalink, siteConfig.baseUrl);
  const [state, setState] = useState<CopyState>('idle');

  const copy = async () => {
    try {
      const response = await fetch(markdownUrl);
      if (!response.ok) throw new Error(`${response.status}`);
      await navigator.clipboard.writeText(await response.text());
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2500);
  };

  return (
    <div className={styles.actions}>
      <button type="button" className={styles.button} onClick={copy} aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy page'}
      </button>
      <a className={styles.button} href={markdownUrl} target="_blank" rel="noopener">
        View as Markdown
      </a>
    </div>
  );
}

export default PageActions;
