import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_DIR, SITE_ROOT } from './site-fixture';

const legacyRedirects: Array<{ from: string; to: string; planned?: string }> = JSON.parse(
  fs.readFileSync(path.join(SITE_ROOT, 'src', 'data', 'legacy-redirects.json'), 'utf8'),
).redirects;

/** The route a built HTML file serves, as the static host maps it (x.html and x/index.html -> /docs/x). */
function builtRoutes(): Set<string> {
  const routes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) {
        const rel = path.relative(BUILD_DIR, full).split(path.sep).join('/');
        const route = rel === 'index.html' ? '' : rel.replace(/(\/index)?\.html$/, '');
        routes.add(`/docs/${route}`.replace(/\/$/, '') || '/docs');
      }
    }
  };
  walk(BUILD_DIR);
  return routes;
}

/** A redirect page written by the client-redirects plugin, as opposed to a real doc page. */
const isRedirectPage = (file: string) =>
  /<meta http-equiv="refresh"/.test(fs.readFileSync(file, 'utf8').slice(0, 2000));

describe('legacy redirects', () => {
  const routes = builtRoutes();
  const normalise = (route: string) => `/docs${route === '/' ? '' : route}`.replace(/\/$/, '');

  it('every redirect target is a real page of the build', () => {
    const missing = legacyRedirects
      .flatMap(({ to }) => [to])
      .map(normalise)
      .filter((route) => !routes.has(route));
    expect(missing).toEqual([]);
  });

  it('a redirect waiting for a page ("planned") is switched over once that page exists', () => {
    const ready = legacyRedirects
      .filter(({ planned }) => planned && routes.has(normalise(planned)))
      .map(({ from, planned }) => `${from}: set "to" to ${planned}, which now exists`);
    expect(ready).toEqual([]);
  });

  it('every legacy URL is served by a redirect page that points at its target', () => {
    for (const { from, to } of legacyRedirects) {
      for (const source of Array.isArray(from) ? from : [from]) {
        const rel = source.replace(/^\//, '');
        const file = [path.join(BUILD_DIR, rel, 'index.html'), path.join(BUILD_DIR, `${rel}.html`)].find((f) =>
          fs.existsSync(f),
        );
        expect(file, `redirect page for ${source}`).toBeTruthy();
        expect(isRedirectPage(file!), `${source} is a redirect, not a page`).toBe(true);
        expect(fs.readFileSync(file!, 'utf8')).toContain(`url=${normalise(to)}`);
      }
    }
  });
});

describe('files for machines', () => {
  it('publishes llms.txt and llms-full.txt for the current version and advertises them', () => {
    const llms = fs.readFileSync(path.join(BUILD_DIR, 'llms.txt'), 'utf8');
    expect(llms).toMatch(/^# SpacetimeDB/m);
    expect(llms).toMatch(/what-is-spacetimedb/);
    expect(llms).not.toMatch(/\/1\.12\.0\//);
    const full = fs.readFileSync(path.join(BUILD_DIR, 'llms-full.txt'), 'utf8');
    expect(full.length).toBeGreaterThan(llms.length);
    const index = fs.readFileSync(path.join(BUILD_DIR, 'index.html'), 'utf8');
    expect(index).toMatch(/<link[^>]+rel="?alternate"?[^>]+type="?text\/markdown"?[^>]+href="?\/docs\/llms\.txt/);
  });

  it('publishes a sitemap of doc pages and a robots.txt that points to it', () => {
    const sitemap = fs.readFileSync(path.join(BUILD_DIR, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('<loc>https://spacetimedb.com/docs/intro/what-is-spacetimedb</loc>');
    const robots = fs.readFileSync(path.join(BUILD_DIR, 'robots.txt'), 'utf8');
    expect(robots).toContain('Sitemap: https://spacetimedb.com/docs/sitemap.xml');
  });

  it('builds a separate search index for each version', () => {
    const current = fs.readdirSync(BUILD_DIR).filter((f) => /^search-index.*\.json$/.test(f));
    const older = fs.readdirSync(path.join(BUILD_DIR, '1.12.0')).filter((f) => /^search-index.*\.json$/.test(f));
    expect(current.length).toBeGreaterThan(0);
    expect(older.length).toBeGreaterThan(0);
    const olderIndex = fs.readFileSync(path.join(BUILD_DIR, '1.12.0', older[0]!), 'utf8');
    expect(olderIndex).toContain('/docs/1.12.0/');
    expect(fs.readFileSync(path.join(BUILD_DIR, current[0]!), 'utf8')).not.toContain('/docs/1.12.0/');
  });
});

describe('pre-rendered diagrams', () => {
  it('the built HTML of a page with a diagram holds both SVGs inline, each with its own id', () => {
    for (const page of ['tutorials/chat-app.html', '1.12.0/intro/what-is-spacetimedb.html']) {
      const html = fs.readFileSync(path.join(BUILD_DIR, page), 'utf8');
      const ids = [...html.matchAll(/<svg[^>]*\sid="?(mermaid-[0-9a-f]{16}-(?:light|dark))[\s">]/g)].map((match) => match[1]);
      expect(ids.length, page).toBeGreaterThanOrEqual(2);
      expect(ids.filter((id) => id.endsWith('-light')).map((id) => id.replace(/-light$/, '-dark')), page).toEqual(ids.filter((id) => id.endsWith('-dark')));
      // The placeholder is what a live (not pre-rendered) diagram shows before Mermaid loads.
      expect(html, page).not.toContain('mermaid-placeholder');
    }
  });
});
