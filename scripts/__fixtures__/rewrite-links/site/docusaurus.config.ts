// A small versioned docs site for rewrite-links' tests: two versions, custom slugs and ids,
// index docs, category index docs, a route collision.
import type { Config } from '@docusaurus/types';

const config: Config = {
  title: 'Fixture',
  url: 'https://example.com',
  baseUrl: '/docs/',
  trailingSlash: false,
  // As the real site: Docusaurus 4 behaviour (no MDX 1 compatibility) and the Rspack bundler.
  future: { v4: true, faster: true },
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'warn',
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw', onBrokenMarkdownImages: 'throw' } },
  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          lastVersion: 'current',
          versions: { current: { label: '2.0.0', path: '' }, '1.12.0': { label: '1.12.0', path: '1.12.0' } },
        },
        blog: false,
        pages: false,
        theme: {},
      },
    ],
  ],
};

export default config;
