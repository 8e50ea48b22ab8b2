import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyTrailingSlash,
  buildRouteMap,
  computeDocIdentity,
  defaultNumberPrefixParser,
  isCategoryIndexDoc,
  joinUrlPath,
  relativeFileLink,
  resolveDocRoute,
  resolveUrlPath,
  routeLink,
  type RouteMap,
} from './routes';

const FIXTURES = path.join(import.meta.dirname, '..', '__fixtures__', 'rewrite-links');
const SITE = path.join(FIXTURES, 'site');
const DEFAULTS_SITE = path.join(FIXTURES, 'site-defaults');

// Docusaurus's own helpers, to hold the small URL functions against them on many inputs.
const core = createRequire(createRequire(import.meta.url).resolve('@docusaurus/core/package.json'));
const docusaurusUtils = createRequire(core.resolve('@docusaurus/utils'))('@docusaurus/utils') as {
  normalizeUrl(parts: string[]): string;
  resolvePathname(to: string, from: string): string;
};
const docsPlugin = createRequire(import.meta.url);
const { DefaultNumberPrefixParser } = docsPlugin('@docusaurus/plugin-content-docs/lib/numberPrefix.js') as {
  DefaultNumberPrefixParser(name: string): { filename: string; numberPrefix?: number };
};

describe('URL helpers agree with Docusaurus', () => {
  const joins = [
    ['/docs/', '/', ''],
    ['/', 'docs', ''],
    ['/', 'docs', 'next'],
    ['/docs/', '/', '1.12.0'],
    ['/docs/', '/intro/faq'],
    ['/docs', '/'],
    ['/docs/1.12.0', '/guides/'],
    ['/base/', 'docs/', '/x/'],
    ['/', '/'],
    ['/docs/', 'x//y/'],
  ];
  it.each(joins)('joinUrlPath(%j)', (...parts) => {
    expect(joinUrlPath(parts)).toBe(docusaurusUtils.normalizeUrl(parts));
  });

  const resolves = [
    ['page', '/intro/'],
    ['../elsewhere', '/intro/'],
    ['sub/page', '/a/b/'],
    ['./here', '/a/'],
    ['../../up', '/a/b/'],
    ['/abs', '/a/'],
    ['x/', '/a/'],
    ['', '/a/'],
    ['..', '/a/b/'],
  ];
  it.each(resolves)('resolveUrlPath(%j, %j)', (to, from) => {
    expect(resolveUrlPath(to, from)).toBe(docusaurusUtils.resolvePathname(to, from));
  });

  it.each(['00100-react', '003 - doc', '1-a', '2021-11-notes', '7.0-foo', 'react', '00100-', '01_two', '10.intro', '1--x', '01 . x'])(
    'number prefix of %j',
    (name) => {
      expect(defaultNumberPrefixParser(name)).toEqual(JSON.parse(JSON.stringify(DefaultNumberPrefixParser(name))));
    },
  );
});

describe('computeDocIdentity', () => {
  it.each([
    ['00100-intro/00200-what-is.md', {}, 'intro/what-is', '/intro/what-is'],
    ['00100-intro/00100-getting-started.md', { slug: '/' }, 'intro/getting-started', '/'],
    ['00100-intro/00300-custom-id.md', { id: 'renamed' }, 'intro/renamed', '/intro/renamed'],
    ['00100-intro/00400-relative-slug.md', { slug: '../elsewhere' }, 'intro/relative-slug', '/elsewhere'],
    ['00100-intro/00500-nested-slug.md', { slug: 'sub/page' }, 'intro/nested-slug', '/intro/sub/page'],
    ['00200-guides/index.md', {}, 'guides/index', '/guides/'],
    ['00200-guides/00300-readme/README.md', {}, 'guides/readme/README', '/guides/readme/'],
    ['00200-guides/00200-nested/00200-nested.md', {}, 'guides/nested/nested', '/guides/nested/'],
    ['00200-guides/00200-nested/00100-child.md', {}, 'guides/nested/child', '/guides/nested/child'],
    ['00200-guides/index.md', { slug: 'overview' }, 'guides/index', '/guides/overview'],
    ['00100-intro/00600-no-prefix.md', { parse_number_prefixes: false }, '00100-intro/00600-no-prefix', '/00100-intro/00600-no-prefix'],
    ['2021-11-notes.md', {}, '2021-11-notes', '/2021-11-notes'],
    ['index.md', {}, 'index', '/'],
    ['00300-Case/00100-Mixed.md', { slug: '/Case/Mixed' }, 'Case/Mixed', '/Case/Mixed'],
  ])('%s %j -> id %s, slug %s', (source, frontMatter, id, slug) => {
    expect(computeDocIdentity(source, frontMatter, defaultNumberPrefixParser)).toEqual({ id, slug });
  });

  it('refuses an id with a slash, as Docusaurus does', () => {
    expect(() => computeDocIdentity('a.md', { id: 'a/b' }, defaultNumberPrefixParser)).toThrow(/cannot include a slash/);
  });

  it('refuses a slug that is not a valid URL path', () => {
    expect(() => computeDocIdentity('a.md', { slug: '/a b?c' }, defaultNumberPrefixParser)).toThrow(/not a valid URL path/);
  });

  it.each([
    ['index.md', true],
    ['x/README.md', true],
    ['00200-nested/00200-nested.md', true],
    ['00200-nested/nested.md', false],
    ['x/readme.mdx', true],
    ['x/y.md', false],
  ])('isCategoryIndexDoc(%s) is %s', (source, expected) => {
    expect(isCategoryIndexDoc(source)).toBe(expected);
  });

  it.each([
    ['/docs/x/', false, '/docs/x'],
    ['/docs/x', true, '/docs/x/'],
    ['/docs/x/', undefined, '/docs/x/'],
    ['/docs/', false, '/docs/'],
    ['/', false, '/'],
  ] as const)('applyTrailingSlash(%s, %s)', (pathname, trailingSlash, expected) => {
    expect(applyTrailingSlash(pathname, trailingSlash, '/docs/')).toBe(expected);
  });
});

describe('resolveDocRoute on the fixture site', () => {
  let map: RouteMap;
  beforeAll(async () => {
    map = await buildRouteMap(SITE);
  });
  const file = (version: string, source: string) =>
    version === 'current' ? path.join(SITE, 'docs', source) : path.join(SITE, 'versioned_docs', `version-${version}`, source);

  it('lists both versions with their URLs', () => {
    expect(map.versions.map((v) => [v.name, v.label, v.routePath])).toEqual([
      ['current', '2.0.0', '/docs/'],
      ['1.12.0', '1.12.0', '/docs/1.12.0'],
    ]);
    expect(map.problems).toEqual([]);
  });

  it.each([
    // link, from version, target in that version, where the link lands today
    ['/guides/alpha', '1.12.0', '00200-guides/00100-alpha.md', 'current'],
    ['/guides/alpha/', '1.12.0', '00200-guides/00100-alpha.md', 'current'],
    ['/docs/guides/alpha', '1.12.0', '00200-guides/00100-alpha.md', 'current'],
    ['/1.12.0/guides/alpha', '1.12.0', '00200-guides/00100-alpha.md', '1.12.0'],
    ['/docs/1.12.0/guides/alpha', '1.12.0', '00200-guides/00100-alpha.md', '1.12.0'],
    ['/', '1.12.0', '00100-intro/00100-getting-started.md', 'current'],
    ['/docs', '1.12.0', '00100-intro/00100-getting-started.md', 'current'],
    ['/docs/', 'current', '00100-intro/00100-getting-started.md', 'current'],
    ['/1.12.0', '1.12.0', '00100-intro/00100-getting-started.md', '1.12.0'],
    ['/guides', '1.12.0', '00200-guides/index.md', 'current'],
    ['/guides/nested', 'current', '00200-guides/00200-nested/00200-nested.md', 'current'],
    ['/guides/readme', 'current', '00200-guides/00300-readme/README.md', 'current'],
    ['/intro/renamed', '1.12.0', '00100-intro/00300-custom-id.md', 'current'],
    ['/elsewhere', 'current', '00100-intro/00400-relative-slug.md', 'current'],
    ['/intro/sub/page', 'current', '00100-intro/00500-nested-slug.md', 'current'],
    ['/Case/Mixed', '1.12.0', '00300-Case/00100-Mixed.md', 'current'],
    ['/only-old', '1.12.0', '00600-only-old.md', 'current'],
    ['/intro/what%2Dis', 'current', '00100-intro/00200-what-is.md', 'current'],
  ])('%s from %s -> %s', (link, fromVersion, source, landingVersion) => {
    const resolution = resolveDocRoute(map, link, fromVersion);
    expect(resolution).toMatchObject({ kind: 'doc', landingVersion, target: { file: file(fromVersion, source) } });
  });

  it.each([
    ['/1.12.0/guides/alpha', 'current', '1.12.0'],
    ['/docs/1.12.0/only-old', 'current', '1.12.0'],
  ])('%s from %s names version %s and is left pointing there', (link, fromVersion, version) => {
    expect(resolveDocRoute(map, link, fromVersion)).toMatchObject({ kind: 'other-version', version });
  });

  it.each([
    ['/only-new', '1.12.0', 'no page /only-new in version 1.12.0 (it exists in version 2.0.0)'],
    ['/does/not/exist', '1.12.0', 'no page /does/not/exist in version 1.12.0 or any other version'],
    ['/same', 'current', 'ambiguous: /same is the route of 2 pages in version 2.0.0 (00400-collide-a.md, 00410-collide-b.md)'],
    ['/case/mixed', 'current', 'no page /case/mixed in version 2.0.0; did you mean /Case/Mixed? (URLs are case-sensitive)'],
    ['/1.12.0/only-new', 'current', 'no page /only-new in version 1.12.0, which the link names'],
  ])('%s from %s is unresolved: %s', (link, fromVersion, reason) => {
    expect(resolveDocRoute(map, link, fromVersion)).toEqual({ kind: 'unresolved', reason });
  });

  it.each(['/llms.txt', '/img/logo.svg', '/1.12.0/files/a.pdf', '/guides/alpha.md', '//example.com/x'])('%s is not a docs page', (link) => {
    expect(resolveDocRoute(map, link, '1.12.0')).toEqual({ kind: 'not-doc' });
  });

  it('makes relative file links from page to page', () => {
    const from = file('1.12.0', '00700-links.mdx');
    expect(relativeFileLink(from, file('1.12.0', '00200-guides/00100-alpha.md'))).toBe('./00200-guides/00100-alpha.md');
    expect(relativeFileLink(file('current', '00200-guides/00100-alpha.md'), file('current', '00100-intro/00200-what-is.md'))).toBe(
      '../00100-intro/00200-what-is.md',
    );
    expect(relativeFileLink('/d/a.md', '/d/sub dir/it\'s (1).md')).toBe('./sub%20dir/it%27s%20%281%29.md');
  });

  it('writes JSX routes with or without the baseUrl, like the link it replaces', () => {
    const alpha = map.byFile.get(file('1.12.0', '00200-guides/00100-alpha.md'))!;
    expect(routeLink(map, alpha, true)).toBe('/docs/1.12.0/guides/alpha');
    expect(routeLink(map, alpha, false)).toBe('/1.12.0/guides/alpha');
  });
});

describe('resolveDocRoute with Docusaurus defaults (newest release at the root, current under /next)', () => {
  let map: RouteMap;
  beforeAll(async () => {
    map = await buildRouteMap(DEFAULTS_SITE);
  });

  it('places the versions as Docusaurus does', () => {
    expect(map.versions.map((v) => [v.name, v.routePath])).toEqual([
      ['current', '/docs/next'],
      ['1.0.0', '/docs'],
    ]);
  });

  it('sends an unversioned link from a current page back into the current version', () => {
    expect(resolveDocRoute(map, '/docs/intro', 'current')).toMatchObject({
      kind: 'doc',
      landingVersion: '1.0.0',
      target: { file: path.join(DEFAULTS_SITE, 'docs', 'intro.md'), permalink: '/docs/next/intro' },
    });
    expect(resolveDocRoute(map, '/docs/guides/', 'current')).toMatchObject({ kind: 'doc', target: { permalink: '/docs/next/guides/' } });
  });

  it('leaves links outside the docs URL space alone', () => {
    expect(resolveDocRoute(map, '/blog/post', 'current')).toEqual({ kind: 'not-doc' });
  });
});
