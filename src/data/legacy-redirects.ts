import type { RedirectOption } from '@docusaurus/plugin-client-redirects/lib/options';
import data from './legacy-redirects.json';

/**
 * Client redirects from URLs of earlier layouts of the docs to today's pages.
 * The list itself lives in legacy-redirects.json (see README, "Legacy URLs").
 */
export const legacyRedirects: RedirectOption[] = data.redirects.map(({ from, to }) => ({ from, to }));
