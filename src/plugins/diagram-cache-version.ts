import crypto from 'node:crypto';
import fs from 'node:fs';
import type { LoadContext, Plugin } from '@docusaurus/types';
import { cacheDir, resolveMermaidPackage } from '../../scripts/lib/diagram-cache';

/**
 * The bundler's persistent cache keeps each page's compiled MDX until the page itself changes; it does
 * not know that the static-mermaid remark plugin read src/data/diagrams/. Without this, a page whose
 * diagram was drawn in the browser would stay that way after `pnpm render-diagrams`. Folding a hash of
 * the diagram cache (and the Mermaid version) into the cache version evicts it whenever they change.
 */
export default function diagramCacheVersion(context: LoadContext): Plugin {
  // The client and server compilations ask for it; the cache is read once per build.
  let stamp: string | undefined;
  return {
    name: 'diagram-cache-version',
    configureWebpack(config) {
      stamp ??= `diagrams-${hashDiagramCache(context.siteDir)}`;
      const experimentsCache = (config.experiments as { cache?: unknown } | undefined)?.cache;
      if (experimentsCache && typeof experimentsCache === 'object' && 'version' in experimentsCache) {
        // Rspack: experiments.cache = { type: 'persistent', version, ... }
        return { experiments: { cache: { version: `${String(experimentsCache.version)}-${stamp}` } } } as never;
      }
      if (config.cache && typeof config.cache === 'object' && config.cache.type === 'filesystem') {
        return { cache: { version: `${config.cache.version ?? ''}-${stamp}` } } as never;
      }
      return {}; // dev server: memory cache only, nothing survives a restart
    },
  };
}

/** A short hash of every entry's name and content, and of the Mermaid version the keys are made with. */
export function hashDiagramCache(siteDir: string): string {
  const hash = crypto.createHash('sha256').update(resolveMermaidPackage().version);
  const dir = cacheDir(siteDir);
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      hash.update(`\0${name}\0`).update(fs.readFileSync(`${dir}/${name}`));
    }
  }
  return hash.digest('hex').slice(0, 12);
}
