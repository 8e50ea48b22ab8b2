// The one integration test that runs `docusaurus build` (strict broken link and anchor checks) on
// the small fixture site, before and after `rewrite-links --write`: the tree builds both times, and
// every link of the 1.12.0 page leads to the same page and anchor as before, now inside 1.12.0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './rewrite-links';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURE = path.join(import.meta.dirname, '__fixtures__', 'rewrite-links', 'site');
const DOCUSAURUS = path.join(ROOT, 'node_modules', '.bin', 'docusaurus');
const OLD = 'versioned_docs/version-1.12.0';

let work: string;
let site: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rewrite-links-build-'));
  site = path.join(work, 'site');
  fs.cpSync(FIXTURE, site, { recursive: true });
  // Pages whose links are broken or ambiguous today: the site would not build with them.
  for (const page of [`${OLD}/00750-broken-before.md`, `${OLD}/00800-unresolved.md`, 'docs/00700-unresolved.md']) {
    fs.rmSync(path.join(site, page));
  }
  // The copy lives outside the repository: let it find the site's packages.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function build(outDir: string): Promise<void> {
  try {
    await promisify(execFile)(DOCUSAURUS, ['build', site, '--out-dir', outDir], { cwd: site, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`docusaurus build failed:\n${e.stderr ?? ''}\n${e.stdout ?? ''}`);
  }
}

/** The href of every link in the page's article, in order. */
function articleLinks(htmlFile: string): string[] {
  const html = fs.readFileSync(htmlFile, 'utf8');
  const article = /<article[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
  return [...article.matchAll(/<a\b[^>]*?\bhref=(?:"([^"]*)"|([^\s>]+))/g)].map((m) => m[1] ?? m[2]);
}

describe('after rewrite-links --write, the site still builds and links stay in their version', () => {
  it('builds before and after; the 1.12.0 page links to the same pages and anchors, in 1.12.0', { timeout: 600_000 }, async () => {
    await build(path.join(work, 'before'));
    const before = articleLinks(path.join(work, 'before', '1.12.0', 'links.html'));

    const out: string[] = [];
    const code = await main(['--write'], { cwd: site, out: (line) => out.push(line), err: (line) => out.push(line) });
    expect(code).toBe(0);
    expect(out.at(-1)).toBe('Rewrote 21 link(s) in 4 file(s); 0 unresolved.');

    await build(path.join(work, 'after'));
    const after = articleLinks(path.join(work, 'after', '1.12.0', 'links.html'));

    const docLinks = (links: string[]) => links.filter((href) => href.startsWith('/docs/') && !href.startsWith('/docs/assets/'));
    expect(docLinks(before)).toEqual([
      '/docs/',
      '/docs/',
      '/docs/guides/alpha',
      '/docs/guides/alpha', // written /guides/alpha/: Link applies trailingSlash: false
      '/docs/guides/alpha',
      '/docs/guides/alpha#install',
      '/docs/guides/alpha?tab=rust#install',
      '/docs/guides',
      '/docs/guides/nested',
      '/docs/guides/nested/child',
      '/docs/intro/renamed',
      '/docs/Case/Mixed',
      '/docs/1.12.0/guides/alpha',
      '/docs/1.12.0/intro/what-is#overview',
      '/docs/intro/what-is',
      '/docs/guides/alpha',
      '/docs/guides/alpha',
      '/docs/intro/what-is',
    ]);
    // Same page, same anchor and query, in the page's own version.
    expect(docLinks(after)).toEqual([
      '/docs/1.12.0',
      '/docs/1.12.0',
      '/docs/1.12.0/guides/alpha',
      '/docs/1.12.0/guides/alpha',
      '/docs/1.12.0/guides/alpha',
      '/docs/1.12.0/guides/alpha#install',
      '/docs/1.12.0/guides/alpha?tab=rust#install',
      '/docs/1.12.0/guides',
      '/docs/1.12.0/guides/nested',
      '/docs/1.12.0/guides/nested/child',
      '/docs/1.12.0/intro/renamed',
      '/docs/1.12.0/Case/Mixed',
      '/docs/1.12.0/guides/alpha',
      '/docs/1.12.0/intro/what-is#overview',
      '/docs/1.12.0/intro/what-is',
      '/docs/1.12.0/guides/alpha',
      '/docs/1.12.0/guides/alpha',
      '/docs/1.12.0/intro/what-is',
    ]);
    // Links that are not doc routes are as they were: the image, the static file, the external URL.
    expect(after.filter((href) => !docLinks(after).includes(href))).toEqual(before.filter((href) => !docLinks(before).includes(href)));

    // And nothing is left to do.
    const again: string[] = [];
    await main(['--check'], { cwd: site, out: (line) => again.push(line), err: (line) => again.push(line) });
    expect(again.at(-1)).toBe('Would rewrite 0 link(s) in 0 file(s); 0 unresolved.');
  });
});
