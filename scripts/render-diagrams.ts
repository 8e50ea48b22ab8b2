// `pnpm render-diagrams [--check] [--root <dir>]`: pre-renders every ```mermaid diagram of the docs to
// SVG (light and dark) in src/data/diagrams/, which the static-mermaid remark plugin inlines at build time.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { findSiteRoot, UsageError } from './lib/site-root';
import { listDocTrees } from './lib/doc-trees';
import { runMain, EXIT_OK, EXIT_PROBLEMS } from './lib/cli';
import { writeFileAtomic } from './lib/atomic-write';
import { cacheDir, cacheFile, DIAGRAM_CACHE_DIR, serialiseCachedDiagram, type CachedDiagram } from './lib/diagram-cache';
import { auditDiagramCache, collectSiteDiagrams, loadDiagramSetup, type SiteDiagram } from './lib/diagram-fences';
import { DiagramRenderError, openDiagramRenderer, type DiagramRenderer } from './lib/diagram-render';

export const USAGE = `usage: pnpm render-diagrams [--check] [--root <dir>]

Renders every \`\`\`mermaid diagram of docs/ and of the versioned trees in versions.json with the
installed Mermaid in Chromium, once per color mode (themeConfig.mermaid.theme of docusaurus.config.ts),
and writes the SVGs to ${DIAGRAM_CACHE_DIR}/<key>.json. Diagrams already in the cache are not
rendered again; entries no diagram uses are removed. The build inlines cached diagrams, so readers
get them without Mermaid's JavaScript; a diagram not in the cache is still drawn in the browser.
Run it after adding or editing a diagram, and commit ${DIAGRAM_CACHE_DIR}/.
A diagram Mermaid cannot render is reported as path:line: message; then nothing is written.

  --check        render nothing (no browser): list each diagram whose entry is missing or stale, and
                 each unused entry; exit 1 when there is any
  --root <dir>   the site root (default: the nearest folder upward holding docusaurus.config.ts)`;

export interface RenderIo {
  cwd: string;
  out: (line: string) => void;
  /** Opens the browser renderer; tests may substitute one. */
  openRenderer?: typeof openDiagramRenderer;
}

export async function main(argv: string[], io: RenderIo = defaultIo()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      check: { type: 'boolean', default: false },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}`);
  const siteRoot = findSiteRoot(io.cwd, values.root);
  if (listDocTrees(siteRoot).length === 0) throw new UsageError(`${siteRoot} has no docs/ folder`);

  const setup = await loadDiagramSetup(siteRoot);
  const { diagrams, unparsed } = collectSiteDiagrams(siteRoot, setup);
  for (const page of unparsed) io.out(`${page.file}:${page.line}: ${page.message}`);
  const audit = auditDiagramCache(siteRoot, diagrams);

  if (values.check) {
    for (const diagram of audit.missing) io.out(`${where(diagram)}: diagram not pre-rendered (run pnpm render-diagrams)`);
    for (const orphan of audit.orphans) io.out(`${orphan}: no diagram uses this entry (pnpm render-diagrams removes it)`);
    const problems = audit.missing.length + audit.orphans.length + unparsed.length;
    io.out(
      problems === 0
        ? `render-diagrams: all ${diagrams.length} diagram(s) are pre-rendered (mermaid ${setup.mermaidVersion})`
        : `render-diagrams: ${audit.missing.length} diagram(s) not pre-rendered, ${audit.orphans.length} unused entr${audit.orphans.length === 1 ? 'y' : 'ies'}`,
    );
    return problems === 0 ? EXIT_OK : EXIT_PROBLEMS;
  }

  if (unparsed.length > 0) {
    // An unreadable page's diagrams are unknown, so no entry can safely be called unused.
    io.out(`render-diagrams: nothing written; fix the page(s) above and run it again`);
    return EXIT_PROBLEMS;
  }

  // One render per distinct diagram, named by its first location.
  const toRender = new Map<string, SiteDiagram>();
  for (const diagram of audit.missing) if (!toRender.has(diagram.key)) toRender.set(diagram.key, diagram);

  const rendered = new Map<string, CachedDiagram>();
  const failures: string[] = [];
  if (toRender.size > 0) {
    const started = Date.now();
    const renderer: DiagramRenderer = await (io.openRenderer ?? openDiagramRenderer)(siteRoot, setup.mermaid, setup.themeConfig);
    try {
      let done = 0;
      for (const [key, diagram] of toRender) {
        done++;
        try {
          rendered.set(key, await renderer.render(key, diagram.source));
          io.out(`rendered ${done}/${toRender.size} ${where(diagram)}`);
        } catch (error) {
          if (!(error instanceof DiagramRenderError)) throw error;
          const others = diagrams.filter((d) => d.key === key && d !== diagram).map(where);
          failures.push(`${where(diagram)}: ${indent(error.message)}${others.length ? `\n  (same diagram at ${others.join(', ')})` : ''}`);
          io.out(`failed ${done}/${toRender.size} ${where(diagram)}`);
        }
      }
    } finally {
      await renderer.close();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.out(`render-diagrams: ${rendered.size} of ${toRender.size} diagram(s) rendered in ${seconds} s (both themes)`);
  }
  if (failures.length > 0) {
    for (const failure of failures) io.out(failure);
    io.out(`render-diagrams: ${failures.length} diagram(s) could not be rendered; ${DIAGRAM_CACHE_DIR}/ left as it was`);
    return EXIT_PROBLEMS;
  }

  await writeCache(siteRoot, rendered, audit.orphans);
  const upToDate = audit.used.size - toRender.size;
  io.out(
    `render-diagrams: ${diagrams.length} diagram(s): ${toRender.size} rendered, ${upToDate} already up to date` +
      (audit.orphans.length ? `, ${audit.orphans.length} unused entr${audit.orphans.length === 1 ? 'y' : 'ies'} removed` : ''),
  );
  return EXIT_OK;
}

/** New entries first, each atomically; unused ones removed last. A failed write takes back the entries this run added. */
async function writeCache(siteRoot: string, rendered: Map<string, CachedDiagram>, orphans: string[]): Promise<void> {
  await fs.mkdir(cacheDir(siteRoot), { recursive: true });
  const written: string[] = [];
  try {
    for (const [key, entry] of rendered) {
      const file = cacheFile(siteRoot, key);
      const existed = await fs.stat(file).then(
        () => true,
        () => false,
      );
      await writeFileAtomic(file, serialiseCachedDiagram(entry));
      if (!existed) written.push(file);
    }
  } catch (error) {
    await Promise.all(written.map((file) => fs.rm(file, { force: true })));
    throw new Error(`could not write ${DIAGRAM_CACHE_DIR}/: ${(error as Error).message}`);
  }
  for (const orphan of orphans) await fs.rm(path.join(siteRoot, orphan), { force: true });
}

function where(diagram: { file: string; line: number }): string {
  return `${diagram.file}:${diagram.line}`;
}

/** Mermaid's parse errors span lines (the offending text and a caret); keep them readable under the location. */
function indent(message: string): string {
  return message.split('\n').join('\n    ');
}

function defaultIo(): RenderIo {
  return { cwd: process.cwd(), out: (line) => process.stdout.write(`${line}\n`) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runMain((argv) => main(argv), USAGE);
}
