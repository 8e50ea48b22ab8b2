import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type RenderIo } from './render-diagrams';
import { checkDiagramCache } from './lint-docs/diagrams';
import {
  cacheFile,
  diagramKey,
  diagramSvgId,
  readCachedDiagram,
  resolveMermaidPackage,
  serialiseCachedDiagram,
  type KeyContext,
} from './lib/diagram-cache';
import { findMermaidFences } from './lib/diagram-fences';
import { parseMarkdown, type MdNode } from './lib/markdown-ast';
import staticMermaid from '../src/plugins/static-mermaid';

const THEME = { theme: { light: 'neutral', dark: 'dark' } };
const CONTEXT: KeyContext = { mermaidVersion: resolveMermaidPackage().version, themeConfig: THEME };

const FLOW = 'flowchart LR\n  A[Module] --> B[Client]';
const SEQUENCE = 'sequenceDiagram\n  Client->>Server: call reducer';

const PAGE = [
  '---',
  'title: Diagrams',
  '---',
  '',
  '# Diagrams',
  '',
  '```mermaid',
  FLOW,
  '```',
  '',
  '- In a list:',
  '',
  '  ```mermaid',
  `  ${SEQUENCE.replace('\n', '\n  ')}`,
  '  ```',
  '',
  '```text',
  'flowchart LR',
  '```',
  '',
].join('\n');

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'render-diagrams-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** A site with docusaurus.config.ts (the site's Mermaid themes) and the given pages under docs/. */
function makeSite(pages: Record<string, string>): string {
  const site = path.join(work, 'site');
  fs.mkdirSync(site, { recursive: true });
  fs.writeFileSync(path.join(site, 'docusaurus.config.ts'), `export default { themeConfig: { mermaid: ${JSON.stringify(THEME)} } };\n`);
  for (const [file, text] of Object.entries(pages)) {
    fs.mkdirSync(path.dirname(path.join(site, 'docs', file)), { recursive: true });
    fs.writeFileSync(path.join(site, 'docs', file), text);
  }
  return site;
}

/** A cache entry made by hand (the browser is not needed to test what reads the cache). */
function fakeEntry(site: string, source: string): string {
  const key = diagramKey(source, CONTEXT);
  fs.mkdirSync(path.dirname(cacheFile(site, key)), { recursive: true });
  fs.writeFileSync(
    cacheFile(site, key),
    serialiseCachedDiagram({
      light: `<svg id="${diagramSvgId(key, 'light')}"><text>light</text></svg>`,
      dark: `<svg id="${diagramSvgId(key, 'dark')}"><text>dark</text></svg>`,
    }),
  );
  return key;
}

async function run(site: string, ...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const io: RenderIo = { cwd: site, out: (line) => lines.push(...line.split('\n')) };
  const code = await main(argv, io);
  return { code, lines };
}

/** Every file of the cache folder with its bytes, to show a failed run changed nothing. */
function snapshotCache(site: string): Record<string, string> {
  const dir = path.join(site, 'src', 'data', 'diagrams');
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

describe('finding diagrams and keying them', () => {
  it('finds each mermaid fence with its line, a fence in a list included, and ignores other languages', () => {
    expect(findMermaidFences(PAGE)).toEqual([
      { line: 7, source: FLOW },
      { line: 14, source: SEQUENCE },
    ]);
  });

  it('gives a diagram one key for its text, Mermaid version and themes, whatever its line endings', () => {
    const key = diagramKey(FLOW, CONTEXT);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(diagramKey(FLOW.replace(/\n/g, '\r\n'), CONTEXT)).toBe(key);
    expect(diagramKey(`${FLOW} --> C`, CONTEXT)).not.toBe(key);
    expect(diagramKey(FLOW, { ...CONTEXT, mermaidVersion: '0.0.1' })).not.toBe(key);
    expect(diagramKey(FLOW, { ...CONTEXT, themeConfig: { theme: { light: 'default', dark: 'dark' } } })).not.toBe(key);
    expect(diagramKey(FLOW, { ...CONTEXT, themeConfig: { ...THEME, options: { flowchart: { curve: 'linear' } } } })).not.toBe(key);
  });
});

describe('static-mermaid remark plugin', () => {
  it('turns a cached diagram into the mermaid element with both SVGs and leaves an uncached one to the browser', () => {
    const site = makeSite({});
    fakeEntry(site, FLOW);
    const tree = parseMarkdown(PAGE);
    const warnings: string[] = [];
    staticMermaid({ siteDir: site, themeConfig: THEME, warn: (message) => warnings.push(message) })(tree as never, {
      path: path.join(site, 'docs', 'page.md'),
    });

    const top = tree.children!.find((node) => node.position?.start.line === 7) as MdNode & { data?: { hName?: string; hProperties?: Record<string, string> } };
    expect(top.type).toBe('staticMermaid');
    expect(top.data?.hName).toBe('mermaid');
    expect(top.data?.hProperties?.value).toBe(FLOW);
    expect(top.data?.hProperties?.light).toContain(`id="${diagramSvgId(diagramKey(FLOW, CONTEXT), 'light')}"`);
    expect(top.data?.hProperties?.dark).toContain('<text>dark</text>');

    const codes = [] as MdNode[];
    const walk = (node: MdNode) => {
      if (node.type === 'code') codes.push(node);
      node.children?.forEach(walk);
    };
    walk(tree);
    // The uncached sequence diagram stays a code node for Docusaurus's client-side Mermaid.
    expect(codes.map((node) => [node.lang, node.value])).toEqual([
      ['mermaid', SEQUENCE],
      ['text', 'flowchart LR'],
    ]);
    expect(warnings).toEqual([
      "docs/page.md:14: mermaid diagram not pre-rendered, readers will download Mermaid's JavaScript to see it (run pnpm render-diagrams)",
    ]);
  });

  it('does not use an entry whose SVGs were rendered for another key', () => {
    const site = makeSite({});
    const key = fakeEntry(site, FLOW);
    fs.writeFileSync(cacheFile(site, key), serialiseCachedDiagram({ light: '<svg id="mermaid-0000000000000000-light"></svg>', dark: '<svg></svg>' }));
    const tree = parseMarkdown('```mermaid\n' + FLOW + '\n```\n');
    staticMermaid({ siteDir: site, themeConfig: THEME, warn: () => {} })(tree as never, {});
    expect(tree.children![0].type).toBe('code');
  });
});

describe('pnpm render-diagrams --check', () => {
  it('exits 0 when every diagram has its entry, and 1 naming file:line once a diagram is edited', async () => {
    const site = makeSite({ 'page.md': PAGE });
    fakeEntry(site, FLOW);
    fakeEntry(site, SEQUENCE);
    const clean = await run(site, '--check');
    expect(clean.lines.at(-1)).toMatch(/^render-diagrams: all 2 diagram\(s\) are pre-rendered/);
    expect(clean.code).toBe(0);

    fs.writeFileSync(path.join(site, 'docs', 'page.md'), PAGE.replace('A[Module]', 'A[Module v2]'));
    const stale = await run(site, '--check');
    expect(stale.code).toBe(1);
    expect(stale.lines).toContain('docs/page.md:7: diagram not pre-rendered (run pnpm render-diagrams)');
    // The old entry is now unused too.
    expect(stale.lines).toContain(`src/data/diagrams/${diagramKey(FLOW, CONTEXT)}.json: no diagram uses this entry (pnpm render-diagrams removes it)`);
    expect(stale.lines.at(-1)).toBe('render-diagrams: 1 diagram(s) not pre-rendered, 1 unused entry');
  });

  it('exits 1 on an entry no diagram uses', async () => {
    const site = makeSite({ 'page.md': PAGE });
    fakeEntry(site, FLOW);
    fakeEntry(site, SEQUENCE);
    const orphan = fakeEntry(site, 'flowchart TD\n  Gone --> Away');
    const { code, lines } = await run(site, '--check');
    expect(code).toBe(1);
    expect(lines).toEqual([`src/data/diagrams/${orphan}.json: no diagram uses this entry (pnpm render-diagrams removes it)`, 'render-diagrams: 0 diagram(s) not pre-rendered, 1 unused entry']);
  });

  it('is the lint:docs check: stale diagrams are reported as file:line', async () => {
    const site = makeSite({ 'page.md': PAGE, 'other.md': '# Other\n\n```mermaid\n' + FLOW + '\n```\n' });
    fakeEntry(site, FLOW);
    expect(await checkDiagramCache(site)).toEqual([{ file: 'docs/page.md', line: 14, message: 'diagram not pre-rendered (run pnpm render-diagrams)' }]);
  });

  it('rejects unknown arguments as usage errors', async () => {
    const site = makeSite({ 'page.md': PAGE });
    await expect(run(site, '--chek')).rejects.toThrow(/Unknown option '--chek'/);
    await expect(run(site, 'docs')).rejects.toThrow('unexpected argument(s): docs');
  });
});

describe('pnpm render-diagrams in Chromium', () => {
  it('renders a diagram in both themes with stable ids and its labels, removes unused entries, then --check passes', async () => {
    const site = makeSite({ 'page.md': '# One\n\n```mermaid\n' + FLOW + '\n```\n' });
    const orphan = fakeEntry(site, 'flowchart TD\n  Gone --> Away');
    const { code, lines } = await run(site);
    expect(lines[0]).toBe('rendered 1/1 docs/page.md:3');
    expect(lines.at(-1)).toBe('render-diagrams: 1 diagram(s): 1 rendered, 0 already up to date, 1 unused entry removed');
    expect(code).toBe(0);

    const key = diagramKey(FLOW, CONTEXT);
    const entry = readCachedDiagram(site, key)!;
    for (const mode of ['light', 'dark'] as const) {
      const svg = entry[mode];
      expect(svg).toMatch(new RegExp(`^<svg id="${diagramSvgId(key, mode)}"`));
      // Mermaid scopes its styles by the id, so the two variants can share a page.
      expect(svg).toContain(`#${diagramSvgId(key, mode)}{font-family:'Inter Variable'`);
      expect(svg).toContain('Module');
      expect(svg).toContain('Client');
    }
    expect(entry.light).not.toBe(entry.dark.replaceAll('-dark', '-light'));
    expect(fs.existsSync(cacheFile(site, orphan))).toBe(false);

    const again = await run(site);
    expect(again.lines).toEqual(['render-diagrams: 1 diagram(s): 0 rendered, 1 already up to date']);
    expect((await run(site, '--check')).code).toBe(0);
  });

  it('reports a diagram Mermaid cannot parse as file:line and leaves the cache exactly as it was', async () => {
    const site = makeSite({
      'a.md': '# A\n\n```mermaid\n' + FLOW + '\n```\n',
      'b.md': '# B\n\nText.\n\n```mermaid\nflowchart LR\n  A[open --> \n```\n',
    });
    fakeEntry(site, 'flowchart TD\n  Gone --> Away'); // unused, but a failed run must not remove it
    const before = snapshotCache(site);
    const { code, lines } = await run(site);
    expect(code).toBe(1);
    expect(lines).toContain('failed 2/2 docs/b.md:5');
    const failure = lines.find((line) => line.startsWith('docs/b.md:5: '));
    expect(failure).toMatch(/^docs\/b\.md:5: .*(Parse error|Lexical error|Expecting)/);
    expect(lines.at(-1)).toBe('render-diagrams: 1 diagram(s) could not be rendered; src/data/diagrams/ left as it was');
    expect(snapshotCache(site)).toEqual(before);
  });
});
