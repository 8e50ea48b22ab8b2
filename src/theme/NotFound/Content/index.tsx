import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import type { Props } from '@theme/NotFound/Content';
import styles from './styles.module.css';

/** The 404 page: says plainly what happened and offers the ways back in. */
export default function NotFoundContent({ className }: Props): ReactNode {
  return (
    <main className={clsx('container', styles.wrap, className)}>
      <p className={styles.code} aria-hidden="true">
        404
      </p>
      <Heading as="h1" className={styles.title}>
        This page is not in the docs
      </Heading>
      <p className={styles.lead}>
        The address may be mistyped, or the page may have moved in a reorganisation. Try the search box at the
        top, or start from one of these:
      </p>
      <ul className={styles.links}>
        <li>
          <Link to="/">Getting started</Link>
        </li>
        <li>
          <Link to="/quickstarts/react">Quickstarts</Link>
        </li>
        <li>
          <Link to="/core-concepts">Core concepts</Link>
        </li>
        <li>
          <Link to="/cli-reference">CLI reference</Link>
        </li>
      </ul>
    </main>
  );
}
