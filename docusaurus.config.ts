import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import type { Options as DocsOptions } from '@docusaurus/plugin-content-docs';
import type { PluginOptions as SearchOptions } from '@easyops-cn/docusaurus-search-local';
import type { Options as RedirectOptions } from '@docusaurus/plugin-client-redirects';
import { darkCodeTheme, lightCodeTheme } from './src/lib/prism-themes';
import { SSR_TEMPLATE } from './src/lib/ssr-template';
import staticMermaid, { type StaticMermaidOptions } from './src/plugins/static-mermaid';

// This file runs in Node.js: no browser APIs or JSX here.

const SITE_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The public origin; the docs live below BASE_URL on it. */
const SITE_URL = 'https://spacetimedb.com';
const BASE_URL = '/docs/';

/** Where "Edit this page" sends a writer. Forks and mirrors set DOCS_EDIT_URL to point at themselves. */
const EDIT_URL_BASE =
  process.env.DOCS_EDIT_URL ?? 'https://github.com/clockworklabs/SpacetimeDB/edit/master/docs/';

/** The label the current docs/ tree is published under. */
const CURRENT_VERSION_LABEL = '2.0.0';

/**
 * Rspack/SWC/Lightning CSS by default; DOCS_BUNDLER=webpack switches back to the classic
 * webpack/Babel/Terser stack (used by `pnpm bench:build` to compare the two).
 */
const USE_FASTER_BUNDLER = process.env.DOCS_BUNDLER !== 'webpack';

/** Every version in versions.json is published without touching this file. */
function readOlderVersions(): string[] {
  const file = path.join(SITE_DIR, 'versions.json');
  if (!fs.existsSync(file)) return [];
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
    throw new Error(`${file}: expected a JSON array of version names`);
  }
  return parsed;
}

const olderVersions = readOlderVersions();

/**
 * Mermaid themes per color mode. `pnpm render-diagrams` renders each diagram with these into
 * src/data/diagrams/, and the static-mermaid remark plugin inlines those SVGs, so readers need no
 * Mermaid JavaScript; a diagram not rendered yet is drawn in the browser as before.
 */
const MERMAID_THEME_CONFIG: StaticMermaidOptions['themeConfig'] = { theme: { light: 'neutral', dark: 'dark' } };

/**
 * Client redirects from URLs of earlier layouts of these docs to today's pages (README, "Legacy URLs").
 * Read as data rather than imported: the config loader's module interop returned an empty list for an import.
 */
function readLegacyRedirects(): RedirectOptions['redirects'] {
  const file = path.join(SITE_DIR, 'src', 'data', 'legacy-redirects.json');
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { redirects?: Array<{ from: string; to: string }> };
  if (!Array.isArray(parsed.redirects) || parsed.redirects.length === 0) {
    throw new Error(`${file}: expected a non-empty "redirects" array of {from, to}`);
  }
  return parsed.redirects.map(({ from, to }) => ({ from, to }));
}

const versions: NonNullable<DocsOptions['versions']> = {
  current: { label: CURRENT_VERSION_LABEL, path: '', banner: 'none' },
  ...Object.fromEntries(
    olderVersions.map((name) => [name, { label: name, path: name, banner: 'unmaintained' as const }]),
  ),
};

/**
 * Variable fonts are served from the fontsource packages' own files: src/fonts/ holds symlinks to
 * the two files used, and is a static directory, so their URLs are stable and can be preloaded. The @font-face rules are inlined into <head> rather
 * than bundled CSS, because the bundler would otherwise rename the files and defeat the preload.
 * Only the Latin subset is declared; other scripts use the fallback fonts from src/css/fonts.css.
 */
const LATIN_RANGE =
  'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD';
const SELF_HOSTED_FONTS = [
  { family: 'Inter Variable', file: 'inter-latin-wght-normal.woff2', weight: '100 900', preload: true },
  // Code is below the fold on most pages: fetched when first used, not competing with the text font.
  { family: 'JetBrains Mono Variable', file: 'jetbrains-mono-latin-wght-normal.woff2', weight: '100 800', preload: false },
];
const fontFaceCss = SELF_HOSTED_FONTS.map(
  ({ family, file, weight }) =>
    `@font-face{font-family:'${family}';font-style:normal;font-display:swap;font-weight:${weight};` +
    `src:url(${BASE_URL}${file}) format('woff2');unicode-range:${LATIN_RANGE}}`,
).join('');

const config: Config = {
  title: 'SpacetimeDB docs',
  tagline: 'The database that is also your server',
  favicon: 'images/favicon.svg',
  url: SITE_URL,
  baseUrl: BASE_URL,
  trailingSlash: false,
  // Docusaurus's "site did not load properly" banner tests for its script at DOMContentLoaded, which is
  // before the scripts load here (src/lib/ssr-template.ts); the baseUrl is checked by the browser tests.
  baseUrlIssueBanner: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  markdown: {
    mermaid: true,
    hooks: {
      onBrokenMarkdownLinks: 'throw',
      onBrokenMarkdownImages: 'throw',
    },
  },

  future: {
    // Rspack's worker-thread rendering needs this one v4 flag; the other v4 flags stay off so
    // pages keep Docusaurus 3's MDX behaviour (HTML comments allowed, as upstream pages use them).
    v4: { removeLegacyPostBuildHeadAttribute: true },
    faster: USE_FASTER_BUNDLER,
  },

  i18n: { defaultLocale: 'en', locales: ['en'] },

  staticDirectories: ['static', 'src/fonts'],

  // Scripts load after the first paint (src/lib/ssr-template.ts explains why).
  ssrTemplate: SSR_TEMPLATE,

  clientModules: ['./src/client-modules/search-shortcut.ts'],

  headTags: [
    ...SELF_HOSTED_FONTS.filter(({ preload }) => preload).map(({ file }) => ({
      tagName: 'link',
      attributes: {
        rel: 'preload',
        as: 'font',
        type: 'font/woff2',
        href: `${BASE_URL}${file}`,
        crossorigin: 'anonymous',
      },
    })),
    { tagName: 'style', attributes: {}, innerHTML: fontFaceCss },
    {
      tagName: 'link',
      attributes: {
        rel: 'alternate',
        type: 'text/markdown',
        title: 'SpacetimeDB docs index for AI assistants',
        href: `${BASE_URL}llms.txt`,
      },
    },
    {
      tagName: 'link',
      attributes: {
        rel: 'alternate',
        type: 'text/markdown',
        title: 'SpacetimeDB docs, full text, for AI assistants',
        href: `${BASE_URL}llms-full.txt`,
      },
    },
  ],

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          editUrl: EDIT_URL_BASE,
          showLastUpdateTime: true,
          lastVersion: 'current',
          includeCurrentVersion: true,
          versions,
          // Before Docusaurus's own mermaid transform, which then only sees the diagrams not pre-rendered.
          beforeDefaultRemarkPlugins: [
            [staticMermaid, { siteDir: SITE_DIR, themeConfig: MERMAID_THEME_CONFIG } satisfies StaticMermaidOptions],
          ],
        },
        blog: false,
        pages: {},
        theme: { customCss: ['./src/css/fonts.css', './src/css/custom.css'] },
        sitemap: { changefreq: 'weekly', priority: 0.5, ignorePatterns: ['/docs/search'] },
      } satisfies Preset.Options,
    ],
  ],

  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        indexDocs: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/',
        docsDir: 'docs',
        hashed: 'filename',
        highlightSearchTermsOnTargetPage: true,
        explicitSearchResultPath: true,
        searchResultLimits: 10,
        searchBarShortcutKeymap: 'mod+k',
        // Code blocks stay out of the index (inline code in prose is kept): they repeat in four
        // languages per example and made the index a quarter larger for little search value.
        ignoreCssSelectors: ['.theme-code-block'],
      } satisfies SearchOptions,
    ],
  ],

  plugins: [
    // Code highlighted at build time; Prism stays out of the pages' JavaScript (src/lib/code-highlight/).
    './src/plugins/code-highlight.ts',
    // Each page's markdown at <page URL>.md, plus llms.txt and llms-full.txt for the current version.
    [
      './src/plugins/markdown-source.ts',
      {
        siteTitle: 'SpacetimeDB',
        siteDescription:
          'SpacetimeDB is a relational database that runs your server logic as a module inside the database; clients subscribe to queries and receive updates in real time.',
      },
    ],
    ['@docusaurus/plugin-client-redirects', { redirects: readLegacyRedirects() } satisfies RedirectOptions],
    // Rebuilds the pages whose pre-rendered diagrams (src/data/diagrams/) changed, despite the bundler's cache.
    './src/plugins/diagram-cache-version.ts',
  ],

  themeConfig: {
    image: 'images/social-card.png',
    metadata: [{ name: 'twitter:card', content: 'summary_large_image' }],
    colorMode: {
      defaultMode: 'dark',
      disableSwitch: false,
      respectPrefersColorScheme: true,
    },
    docs: { sidebar: { hideable: true, autoCollapseCategories: false } },
    navbar: {
      title: '',
      logo: {
        alt: 'SpacetimeDB',
        src: 'images/logo-light.svg',
        srcDark: 'images/logo-dark.svg',
        width: 150,
        height: 28,
      },
      items: [
        { type: 'search', position: 'left' },
        { type: 'docsVersionDropdown', position: 'left' },
        { href: 'https://spacetimedb.com/install', label: 'Install', position: 'right' },
        { href: 'https://spacetimedb.com/pricing', label: 'Pricing', position: 'right' },
        { href: 'https://spacetimedb.com/blog', label: 'Blog', position: 'right' },
        { href: 'https://spacetimedb.com/community', label: 'Community', position: 'right' },
        {
          href: 'https://spacetimedb.com/login',
          label: 'Login',
          position: 'right',
          className: 'navbar__login',
        },
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'Learn',
          items: [
            { label: 'Getting started', to: '/' },
            { label: 'Quickstarts', to: '/quickstarts/react' },
            { label: 'Core concepts', to: '/core-concepts' },
          ],
        },
        {
          title: 'Reference',
          items: [
            { label: 'CLI reference', to: '/cli-reference' },
            { label: 'SQL reference', to: '/reference/sql' },
            { label: 'llms.txt', href: `${SITE_URL}${BASE_URL}llms.txt` },
          ],
        },
        {
          title: 'SpacetimeDB',
          items: [
            { label: 'Website', href: 'https://spacetimedb.com' },
            { label: 'GitHub', href: 'https://github.com/clockworklabs/SpacetimeDB' },
            { label: 'Community', href: 'https://spacetimedb.com/community' },
          ],
        },
      ],
      copyright: `Documentation licensed under Apache-2.0. SpacetimeDB is a product of Clockwork Laboratories, Inc.`,
    },
    prism: {
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      additionalLanguages: [
        'csharp',
        'bash',
        'toml',
        'fsharp',
        'ebnf',
        'nginx',
        'powershell',
        'docker',
        'ini',
        'systemd',
        'makefile',
        'diff',
      ],
    },
    mermaid: MERMAID_THEME_CONFIG,
    tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 4 },
  } satisfies Preset.ThemeConfig,
};

export default config;
