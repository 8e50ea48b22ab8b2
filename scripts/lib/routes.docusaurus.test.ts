// routes.ts against Docusaurus itself: for this repository's docs (both versions, as they are at the
// time the test runs) and for the fixture sites, every doc file gets the same URL from both.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRouteMap } from './routes';
import { loadDocusaurusDocRoutes } from './docusaurus-doc-routes';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = path.join(import.meta.dirname, '..', '__fixtures__', 'rewrite-links');

async function bothSides(siteDir: string, withoutCurrentSidebars = false) {
  const [docusaurus, map] = await Promise.all([loadDocusaurusDocRoutes(siteDir, { withoutCurrentSidebars }), buildRouteMap(siteDir)]);
  const ours = new Map(map.docs.map((doc) => [path.relative(siteDir, doc.file).split(path.sep).join('/'), doc.permalink]));
  const sorted = (routes: Map<string, string>) => Object.fromEntries([...routes].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { docusaurus: sorted(docusaurus), ours: sorted(ours), map };
}

describe('the route map equals the routes Docusaurus builds', () => {
  it('for this repository (docs/ and every versioned_docs/ version)', async () => {
    // The current sidebars name pages that are still being written; sidebars never change a URL.
    const { docusaurus, ours, map } = await bothSides(REPO, true);
    expect(map.problems).toEqual([]);
    expect(Object.keys(ours).some((file) => file.startsWith('docs/'))).toBe(true);
    expect(Object.keys(ours).some((file) => file.startsWith('versioned_docs/'))).toBe(true);
    expect(ours).toEqual(docusaurus);
  });

  it('for the fixture site: two versions, custom slugs and ids, index docs, case, a collision', async () => {
    const { docusaurus, ours } = await bothSides(path.join(FIXTURES, 'site'));
    expect(Object.keys(ours)).toHaveLength(30);
    expect(ours).toEqual(docusaurus);
  });

  it('for a site on Docusaurus defaults (routeBasePath docs, current version under /next, no trailingSlash)', async () => {
    const { docusaurus, ours } = await bothSides(path.join(FIXTURES, 'site-defaults'));
    expect(Object.keys(ours)).toHaveLength(7);
    expect(ours).toEqual(docusaurus);
  });
});
