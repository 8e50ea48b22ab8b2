import fs from 'node:fs';
import path from 'node:path';
import { listDocTrees, listMarkdownFiles } from './doc-trees';
import { MarkdownSyntaxError, parseMarkdown, walkMarkdown } from './markdown-ast';
import { loadSiteConfig } from './site-config';
import { SITE_CONFIG_FILE } from './site-root';
import {
  cacheFile,
  diagramKey,
  listCachedKeys,
  readCachedDiagram,
  readMermaidThemeConfig,
  resolveMermaidPackage,
  type KeyContext,
  type MermaidPackage,
} from './diagram-cache';

/** A ```mermaid fence of a page. */
export interface MermaidFence {
  /** 1-based line of the opening fence. */
  line: number;
  source: string;
}

/** Every ```mermaid fence of a page, in order (fences inside JSX, lists and admonitions included). */
export function findMermaidFences(text: string): MermaidFence[] {
  const fences: MermaidFence[] = [];
  for (const { node } of walkMarkdown(parseMarkdown(text))) {
    if (node.type === 'code' && node.lang === 'mermaid') {
      fences.push({ line: node.position?.start.line ?? 1, source: node.value ?? '' });
    }
  }
  return fences;
}

/** A diagram of the site, located for messages. */
export interface SiteDiagram extends MermaidFence {
  /** Relative to the site root, forward slashes. */
  file: string;
  key: string;
}

export interface SiteDiagrams {
  diagrams: SiteDiagram[];
  /** Pages that do not parse, so their diagrams could not be found. */
  unparsed: Array<{ file: string; line: number; message: string }>;
}

/** Every mermaid diagram of docs/ and of the versioned trees in versions.json, with its cache key. */
export function collectSiteDiagrams(siteRoot: string, context: KeyContext): SiteDiagrams {
  const diagrams: SiteDiagram[] = [];
  const unparsed: SiteDiagrams['unparsed'] = [];
  for (const tree of listDocTrees(siteRoot)) {
    for (const file of listMarkdownFiles(tree.dir)) {
      const text = fs.readFileSync(file, 'utf8');
      const rel = path.relative(siteRoot, file).split(path.sep).join('/');
      // Most pages have no diagram: skip the parse unless the text could hold one.
      if (!text.includes('mermaid')) continue;
      try {
        for (const fence of findMermaidFences(text)) diagrams.push({ file: rel, ...fence, key: diagramKey(fence.source, context) });
      } catch (error) {
        if (!(error instanceof MarkdownSyntaxError)) throw error;
        unparsed.push({ file: rel, line: error.line, message: `page does not parse, its diagrams were not checked: ${error.message}` });
      }
    }
  }
  return { diagrams, unparsed };
}

export interface DiagramSetup extends KeyContext {
  mermaid: MermaidPackage;
}

/** What a diagram's key depends on, read from the site's docusaurus.config.ts and the installed Mermaid. */
export async function loadDiagramSetup(siteRoot: string): Promise<DiagramSetup> {
  const config = await loadSiteConfig(siteRoot);
  const themeConfig = readMermaidThemeConfig(config, path.join(siteRoot, SITE_CONFIG_FILE));
  const mermaid = resolveMermaidPackage();
  return { mermaidVersion: mermaid.version, themeConfig, mermaid };
}

export interface CacheAudit {
  /** Diagrams without a usable entry for their current key, one per location. */
  missing: SiteDiagram[];
  /** Entries no diagram uses, as paths relative to the site root. */
  orphans: string[];
  /** Distinct keys in use. */
  used: Set<string>;
}

/** Compares the diagrams of the site with the cache folder. Reads files only; no browser. */
export function auditDiagramCache(siteRoot: string, diagrams: SiteDiagram[]): CacheAudit {
  const used = new Set(diagrams.map((diagram) => diagram.key));
  const fresh = new Map<string, boolean>();
  const isFresh = (key: string) => {
    if (!fresh.has(key)) fresh.set(key, readCachedDiagram(siteRoot, key) !== undefined);
    return fresh.get(key)!;
  };
  const missing = diagrams.filter((diagram) => !isFresh(diagram.key));
  const orphans = listCachedKeys(siteRoot)
    .filter((key) => !used.has(key))
    .map((key) => path.relative(siteRoot, cacheFile(siteRoot, key)).split(path.sep).join('/'));
  return { missing, orphans, used };
}
