// `pnpm lint:docs [--root <dir>]`: checks docs/ and every versioned tree and prints `path:line: problem`.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { findSiteRoot, UsageError } from './lib/site-root';
import { listDocTrees, listMarkdownFiles, type DocTree } from './lib/doc-trees';
import { runMain, EXIT_OK, EXIT_PROBLEMS } from './lib/cli';
import { loadHighlightedLanguages } from './lib/highlight-languages';
import { buildRouteMapFromSettings, readSiteSettings, type RouteMap } from './lib/routes';
import { main as rewriteLinks } from './rewrite-links';
import { checkPage, lineOfFrontMatterKey } from './lint-docs/page-checks';
import { checkFolderEntries, findDuplicates, type FolderEntry } from './lint-docs/tree-checks';
import { checkDiagramCache } from './lint-docs/diagrams';

export const USAGE = `usage: pnpm lint:docs [--root <dir>]

Checks docs/ and every tree of versioned_docs/ named in versions.json, and prints each
problem as path:line: message (paths relative to the site root); exit 1 when there is any.
  - page and folder names carry a unique five-digit prefix (index.md and _category_.json excepted)
  - front matter parses and has a title; slugs and ids are unique within a version
  - no absolute links to other pages (pnpm rewrite-links:write turns them into relative ones)
  - every code block names a language the site highlights (or text); tabs use the agreed groupId and values
  - every image exists; heading levels never skip one
  - every \`\`\`mermaid diagram is pre-rendered in src/data/diagrams/ (pnpm render-diagrams)
  - python3 ../shared/originality/originality.py check reports nothing (skipped when ../shared is absent)

  --root <dir>   the site root (default: the nearest folder upward holding docusaurus.config.ts)`;

export interface Problem {
  /** Relative to the site root, with forward slashes. */
  file: string;
  line?: number;
  message: string;
}

export interface LintIo {
  cwd: string;
  out: (line: string) => void;
}

export async function main(argv: string[], io: LintIo = defaultIo()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}`);
  const siteRoot = findSiteRoot(io.cwd, values.root);
  const trees = listDocTrees(siteRoot);
  if (trees.length === 0) throw new UsageError(`${siteRoot} has no docs/ folder to check`);

  const { problems, pageCount } = await lintTrees(siteRoot, trees);
  const originality = await runOriginalityCheck(siteRoot, trees);
  problems.push(...originality.problems);

  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  for (const problem of problems) io.out(formatProblem(problem));
  if (originality.notice) io.out(originality.notice);
  const treeNames = trees.map((tree) => relative(siteRoot, tree.dir)).join(', ');
  const files = new Set(problems.map((problem) => problem.file)).size;
  io.out(
    problems.length === 0
      ? `lint-docs: no problems in ${pageCount} page(s) of ${treeNames}`
      : `lint-docs: ${problems.length} problem(s) in ${files} file(s); ${pageCount} page(s) checked in ${treeNames}`,
  );
  return problems.length === 0 ? EXIT_OK : EXIT_PROBLEMS;
}

export function formatProblem(problem: Problem): string {
  return problem.line === undefined ? `${problem.file}: ${problem.message}` : `${problem.file}:${problem.line}: ${problem.message}`;
}

/** Every check except originality, over every tree. */
export async function lintTrees(siteRoot: string, trees: DocTree[]): Promise<{ problems: Problem[]; pageCount: number }> {
  const { names: highlighted } = await loadHighlightedLanguages(siteRoot);
  const settings = await readSiteSettings(siteRoot);
  const problems: Problem[] = [];
  const unparsed = new Set<string>();
  let pageCount = 0;

  for (const tree of trees) {
    problems.push(...checkNames(siteRoot, tree.dir));
    for (const file of listMarkdownFiles(tree.dir)) {
      pageCount++;
      const rel = relative(siteRoot, file);
      const report = checkPage(fs.readFileSync(file, 'utf8'), {
        highlighted,
        imageProblem: (url) => imageProblem(url, file, siteRoot, settings.staticDirs),
      });
      if (report.problems.some((problem) => problem.message.startsWith('page does not parse'))) unparsed.add(rel);
      problems.push(...report.problems.map((problem) => ({ file: rel, ...problem })));
    }
  }
  problems.push(...checkIdsAndUrls(siteRoot, buildRouteMapFromSettings(siteRoot, settings)));
  problems.push(...(await checkAbsoluteLinks(siteRoot, unparsed)));
  problems.push(...(await checkDiagramCache(siteRoot)));
  return { problems, pageCount };
}

/** Ids and URLs used by two pages of one version, as the route map (scripts/lib/routes.ts) computes them. */
function checkIdsAndUrls(siteRoot: string, map: RouteMap): Problem[] {
  const problems: Problem[] = [];
  for (const problem of map.problems) {
    // A front matter that does not parse is already reported by the page checks.
    if (problem.message.startsWith('front matter:')) continue;
    problems.push({ file: relative(siteRoot, problem.file), line: problem.line, message: `no URL for this page: ${problem.message}` });
  }
  const ids = map.docs.map((doc) => ({
    key: `${doc.version}\n${doc.id}`,
    id: doc.id,
    file: relative(siteRoot, doc.file),
    line: lineOfFrontMatterKey(fs.readFileSync(doc.file, 'utf8'), 'id'),
  }));
  for (const { item, first } of findDuplicates(ids)) {
    problems.push({ file: item.file, line: item.line, message: `doc id ${item.id} is also the id of ${first.file}; set another id or rename the file` });
  }
  // Two URLs that differ only by a trailing slash are one route: the route map's keys say which are the same.
  for (const table of map.byRoute.values()) {
    for (const docs of table.values()) {
      const [first, ...others] = [...docs].sort((a, b) => a.file.localeCompare(b.file));
      for (const doc of others) {
        problems.push({
          file: relative(siteRoot, doc.file),
          line: lineOfFrontMatterKey(fs.readFileSync(doc.file, 'utf8'), 'slug'),
          message: `URL ${doc.permalink} is also the URL of ${relative(siteRoot, first.file)}; give one of them another slug`,
        });
      }
    }
  }
  return problems;
}

/**
 * Absolute links to doc pages, found by `pnpm rewrite-links --check` (the one place links are
 * resolved): each one it would rewrite, and each one that leads to no page.
 */
async function checkAbsoluteLinks(siteRoot: string, unparsed: Set<string>): Promise<Problem[]> {
  const output: string[] = [];
  const errors: string[] = [];
  await rewriteLinks(['--check', '--json', '--root', siteRoot], { cwd: siteRoot, out: (line) => output.push(line), err: (line) => errors.push(line) });
  let report: {
    rewrites?: Array<{ file: string; line: number; from: string; to: string }>;
    unresolved?: Array<{ file: string; line: number; url: string; reason: string }>;
    failures?: Array<{ file: string; line: number; reason: string }>;
  };
  try {
    report = JSON.parse(output.join('\n'));
  } catch {
    throw new Error(`rewrite-links --check --json printed no report: ${[...output, ...errors].join(' ').slice(0, 500)}`);
  }
  const problems: Problem[] = [];
  for (const link of report.rewrites ?? []) {
    problems.push({ file: link.file, line: link.line, message: `absolute link ${link.from}: link the file instead, ${link.to} (pnpm rewrite-links:write does it)` });
  }
  for (const link of report.unresolved ?? []) {
    problems.push({ file: link.file, line: link.line, message: `absolute link ${link.url} leads to no page: ${link.reason}` });
  }
  for (const failure of report.failures ?? []) {
    if (unparsed.has(failure.file)) continue;
    problems.push({ file: failure.file, line: failure.line, message: `links not checked, the page does not parse: ${failure.reason}` });
  }
  return problems;
}

/** Number-prefix problems of every folder of a tree that holds pages, and of the pages in it. */
function checkNames(siteRoot: string, treeDir: string): Problem[] {
  const problems: Problem[] = [];
  const visit = (dir: string): boolean => {
    const entries: FolderEntry[] = [];
    for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
      if (dirent.name.startsWith('_') || dirent.name.startsWith('.')) continue; // Docusaurus skips _partials
      const full = path.join(dir, dirent.name);
      if (dirent.isDirectory()) {
        if (visit(full)) entries.push({ name: dirent.name, kind: 'folder' });
      } else if (/\.mdx?$/.test(dirent.name)) {
        entries.push({ name: dirent.name, kind: 'page' });
      }
    }
    for (const { name, message } of checkFolderEntries(entries)) {
      const isFolder = entries.find((entry) => entry.name === name)?.kind === 'folder';
      problems.push({ file: relative(siteRoot, path.join(dir, name)) + (isFolder ? '/' : ''), line: isFolder ? undefined : 1, message });
    }
    return entries.length > 0;
  };
  visit(treeDir);
  return problems;
}

/** Why an image URL of `page` does not resolve (as Docusaurus resolves it), or undefined. */
function imageProblem(url: string, page: string, siteRoot: string, staticDirs: string[]): string | undefined {
  const pathname = url.replace(/[?#].*$/, '');
  let decoded: string;
  try {
    decoded = decodeURI(pathname);
  } catch {
    return `image ${url} is not a valid URL path`;
  }
  const candidates = decoded.startsWith('@site/')
    ? [path.join(siteRoot, decoded.slice('@site/'.length))]
    : decoded.startsWith('/')
      ? staticDirs.map((dir) => path.join(dir, decoded))
      : [path.resolve(path.dirname(page), decoded)];
  if (candidates.some((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile())) return undefined;
  return `image ${url} does not exist (looked for ${candidates.map((candidate) => relative(siteRoot, candidate)).join(', ')})`;
}

/**
 * python3 <site root>/../shared/originality/originality.py check <trees>: every page it reports
 * is a problem. Skipped, with a notice, when ../shared is absent (a checkout outside this project).
 */
async function runOriginalityCheck(siteRoot: string, trees: DocTree[]): Promise<{ problems: Problem[]; notice?: string }> {
  const script = path.resolve(siteRoot, '..', 'shared', 'originality', 'originality.py');
  if (!fs.existsSync(script)) {
    return { problems: [], notice: `originality: skipped, ${script} not found` };
  }
  const targets = [...new Set(trees.map((tree) => relative(siteRoot, tree.dir).split('/')[0]))];
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile('python3', [script, 'check', ...targets], { cwd: siteRoot, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`originality check could not run (python3 ${script}): ${error.message}`));
      } else {
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      }
    });
  });
  const problems: Problem[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^(.+\.mdx?): (prose shared .*)$/.exec(line);
    if (match) problems.push({ file: match[1].split(path.sep).join('/'), line: 1, message: `originality: ${match[2]}; rewrite it from the facts in your own words` });
  }
  if (code !== 0 && problems.length === 0) {
    throw new Error(`originality check failed (exit ${code}): ${(stderr || stdout).trim()}`);
  }
  return { problems };
}

function relative(siteRoot: string, file: string): string {
  return path.relative(siteRoot, file).split(path.sep).join('/');
}

function defaultIo(): LintIo {
  return { cwd: process.cwd(), out: (line) => process.stdout.write(`${line}\n`) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runMain((argv) => main(argv), USAGE);
}
