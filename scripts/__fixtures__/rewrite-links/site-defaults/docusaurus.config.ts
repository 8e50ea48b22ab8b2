// Docusaurus's defaults: baseUrl /, docs under /docs, the newest released version at the root
// of the docs and the current one under /next, trailingSlash left undefined.
import type { Config } from '@docusaurus/types';

const config: Config = {
  title: 'Defaults fixture',
  url: 'https://example.com',
  baseUrl: '/',
  future: { v4: true },
  presets: [['classic', { docs: {}, blog: false, pages: false, theme: {} }]],
};

export default config;
