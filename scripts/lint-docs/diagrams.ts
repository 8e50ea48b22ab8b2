import fs from 'node:fs';
import path from 'node:path';
import { SITE_CONFIG_FILE } from '../lib/site-root';
import { readMermaidThemeConfig, resolveMermaidPackage } from '../lib/diagram-cache';
import { auditDiagramCache, collectSiteDiagrams, loadDiagramSetup } from '../lib/diagram-fences';

export interface DiagramProblem {
  file: string;
  line: number;
  message: string;
}

export const NOT_PRE_RENDERED = 'diagram not pre-rendered (run pnpm render-diagrams)';

/**
 * Each ```mermaid diagram whose SVGs are missing from src/data/diagrams/ or were rendered from another
 * text, Mermaid version or theme: the build would fall back to Mermaid's JavaScript for it.
 * Pages that do not parse are left to the page checks, which report them.
 */
export async function checkDiagramCache(siteRoot: string): Promise<DiagramProblem[]> {
  const setup = fs.existsSync(path.join(siteRoot, SITE_CONFIG_FILE))
    ? await loadDiagramSetup(siteRoot)
    : { mermaidVersion: resolveMermaidPackage().version, themeConfig: readMermaidThemeConfig(undefined) };
  const { diagrams } = collectSiteDiagrams(siteRoot, setup);
  return auditDiagramCache(siteRoot, diagrams).missing.map((diagram) => ({ file: diagram.file, line: diagram.line, message: NOT_PRE_RENDERED }));
}
