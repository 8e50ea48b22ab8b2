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
import { staticDirectories } from './lib/site-config';
import { checkPage, lineOfFrontMatterKey } from './lint-docs/page-checks';
import { checkFolderEntries, findDuplicates, type FolderEntry, type Keyed } from './lint-docs/tree-checks';

export const USAGE = `usage: pnpm lint:docs [--root <dir>]

Checks docs/ and every tree of versioned_docs/ named in versions.json, and prints each
problem as path:line: message (paths relative to the site root); exit 1 when there is any.
  - page and folder names carry a unique five-digit prefix (index.md and _category_.json excepted)
  - front matter parses and has a title; slugs and ids are unique within a version
  - no absolute links to other pages (pnpm rewrite-links:write turns them into relative ones)
  - every code block names a language the site highlights (or text); tabs use the agreed groupId and values
  - every image exists; heading levels never skip one
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
  const staticDirs = await staticDirectories(siteRoot);
  const problems: Problem[] = [];
  let pageCount = 0;

  for (const tree of trees) {
    problems.push(...checkNames(siteRoot, tree.dir));
    const slugs: Keyed[] = [];
    for (const file of listMarkdownFiles(tree.dir)) {
      pageCount++;
      const rel = relative(siteRoot, file);
      const text = fs.readFileSync(file, 'utf8');
      const report = checkPage(text, {
        highlighted,
        imageProblem: (url) => imageProblem(url, file, siteRoot, staticDirs),
      });
      problems.push(...report.problems.map((problem) => ({ file: rel, ...problem })));
      const slug = report.frontMatter.slug;
      if (typeof slug === 'string') slugs.push({ key: normalizeSlug(slug), file: rel, line: lineOfFrontMatterKey(text, 'slug') });
    }
    for (const { item, first } of findDuplicates(slugs)) {
      problems.push({ file: item.file, line: item.line, message: `slug ${item.key} is also the slug of ${first.file}` });
    }
  }
  return { problems, pageCount };
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

function normalizeSlug(slug: string): string {
  const trimmed = slug.trim().replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed || '/' : `./${trimmed}`;
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
