import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE_CONFIG_FILE } from './site-root';

/** The parts of docusaurus.config.ts the scripts read. */
export interface SiteConfigLike {
  markdown?: { mermaid?: boolean };
  themeConfig?: { prism?: { additionalLanguages?: unknown } };
}

const loaded = new Map<string, Promise<SiteConfigLike>>();

/** The site's docusaurus.config.ts, imported once per process (it may export a config or a function returning one). */
export function loadSiteConfig(siteRoot: string): Promise<SiteConfigLike> {
  const file = path.join(siteRoot, SITE_CONFIG_FILE);
  let config = loaded.get(file);
  if (!config) {
    config = (async () => {
      if (!fs.existsSync(file)) throw new Error(`${file}: not found`);
      try {
        const module = (await import(pathToFileURL(file).href)) as { default?: SiteConfigLike | (() => SiteConfigLike | Promise<SiteConfigLike>) };
        return typeof module.default === 'function' ? await module.default() : (module.default ?? {});
      } catch (error) {
        throw new Error(`${file}: could not be loaded: ${(error as Error).message}`);
      }
    })();
    loaded.set(file, config);
  }
  return config;
}
