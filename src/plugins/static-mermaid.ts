import path from 'node:path';
import {
  diagramKey,
  readCachedDiagram,
  resolveMermaidPackage,
  type KeyContext,
  type MermaidThemeConfig,
} from '../../scripts/lib/diagram-cache';

/**
 * Remark plugin: a ```mermaid fence whose SVGs `pnpm render-diagrams` has cached in src/data/diagrams/
 * becomes a `mermaid` element carrying both SVGs, which src/theme/Mermaid renders inline (one per color
 * mode, switched by CSS), so readers download no Mermaid JavaScript. A fence without a fresh entry is left
 * alone: Docusaurus's own mermaid transform, which runs after this one (beforeDefaultRemarkPlugins), turns
 * it into a diagram drawn in the browser, so editing a diagram in `pnpm dev` still shows it live.
 */
export interface StaticMermaidOptions {
  /** The site root, which holds src/data/diagrams/. */
  siteDir: string;
  /** The same object as themeConfig.mermaid: the key depends on it. */
  themeConfig: MermaidThemeConfig;
  /** Where to report a diagram that is not pre-rendered (default: stderr, once per file:line). */
  warn?: (message: string) => void;
}

interface MdastNode {
  type: string;
  lang?: string | null;
  value?: string;
  position?: { start: { line: number } };
  children?: MdastNode[];
  data?: Record<string, unknown>;
}

const warned = new Set<string>();

function defaultWarn(message: string): void {
  if (warned.has(message)) return; // the server and client compilations both see each page
  warned.add(message);
  process.stderr.write(`[WARNING] ${message}\n`);
}

export default function staticMermaid(options: StaticMermaidOptions) {
  const context: KeyContext = { mermaidVersion: resolveMermaidPackage().version, themeConfig: options.themeConfig };
  const warn = options.warn ?? defaultWarn;
  return (tree: MdastNode, file: { path?: string }) => {
    const visit = (node: MdastNode) => {
      if (node.type === 'code' && node.lang === 'mermaid') {
        const key = diagramKey(node.value ?? '', context);
        const cached = readCachedDiagram(options.siteDir, key);
        if (cached) {
          const value = node.value ?? '';
          const position = node.position;
          for (const property of Object.keys(node)) delete (node as unknown as Record<string, unknown>)[property];
          // The same element Docusaurus makes of a mermaid fence (it maps to @theme/Mermaid), plus the SVGs.
          Object.assign(node, {
            type: 'staticMermaid',
            position,
            data: { hName: 'mermaid', hProperties: { value, light: cached.light, dark: cached.dark } },
          });
        } else {
          const where = file.path ? `${path.relative(options.siteDir, file.path).split(path.sep).join('/')}:${node.position?.start.line ?? 1}` : 'a page';
          warn(`${where}: mermaid diagram not pre-rendered, readers will download Mermaid's JavaScript to see it (run pnpm render-diagrams)`);
        }
        return;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}
