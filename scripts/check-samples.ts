// `pnpm check:samples [--root <dir>] [page ...]`: extracts every fenced code block of every docs
// version and checks it (TypeScript type-checked against the version's spacetimedb package,
// Rust/C#/C++ parsed with tree-sitter, JSON/TOML/YAML parsed). See USAGE.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { findSiteRoot, UsageError } from './lib/site-root';
import { listDocTrees, listMarkdownFiles, type DocTree } from './lib/doc-trees';
import { runMain, EXIT_OK, EXIT_PROBLEMS } from './lib/cli';
import { assemble, extractSamples, pageLineOf, CONTEXT_MARKER, OPT_OUT, type Sample } from './check-samples/extract';
import { ruleFor, type LanguageRule } from './check-samples/languages';
import { checkTypeScriptSamples, type TsSample } from './check-samples/typescript';
import { findSyntaxProblems, grammarInfo } from './check-samples/tree-sitter';
import { findJsonProblem, findTomlProblem, findYamlProblem, type ParseProblem } from './check-samples/data-formats';

export const USAGE = `usage: pnpm check:samples [--root <dir>] [<page.md> ...]

Checks the fenced code blocks of docs/ and of every versioned tree (or only of the pages named):
  typescript/ts, tsx   type-checked, all blocks in one TypeScript program, against the spacetimedb
                       package of the page's version (docs/: node_modules/spacetimedb-v2,
                       versioned_docs/version-1.x/: node_modules/spacetimedb-v1); imports of
                       ./module_bindings (or below it) and of packages not installed are stubs (any)
  javascript/js, jsx   parsed by TypeScript
  rust, csharp, cpp    parsed with tree-sitter; a syntax error fails the block
  json, toml, yaml     parsed (json titled tsconfig*.json, spacetime*.json, *.jsonc may have comments)
  sql                  skipped and counted: no parser for SpacetimeDB's SQL subset is installed
A fence with "${OPT_OUT}" in its meta (\`\`\`rust ${OPT_OUT}) is not checked and is counted as opted out.
An MDX comment {/* ${CONTEXT_MARKER} ... */} right before a fence holds hidden lines checked with
the block: lines before a "---" line go before it, lines after go after it. A TypeScript block
with title="src/schema.ts" can be imported by the page's other blocks as ./schema.
Failures print as path:line (language): message; exit 1 when any block fails.

  --root <dir>   the site root (default: the nearest folder upward holding docusaurus.config.ts)`;

/** The spacetimedb package the current docs/ tree documents (an npm alias installed side by side). */
export const CURRENT_SPACETIMEDB_PACKAGE = 'spacetimedb-v2';

export interface SamplesIo {
  cwd: string;
  out: (line: string) => void;
  /** Progress notes for long steps. */
  progress: (line: string) => void;
}

interface PageSample {
  key: number;
  page: string;
  tree: DocTree;
  sample: Sample;
  rule: LanguageRule | undefined;
}

interface Failure {
  page: string;
  line: number;
  language: string;
  message: string;
}

interface LanguageCount {
  blocks: number;
  checked: number;
  passed: number;
  optedOut: number;
  skipped: number;
  skipReason?: string;
}

export async function main(argv: string[], io: SamplesIo = defaultIo()): Promise<number> {
  const started = performance.now();
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
  const siteRoot = findSiteRoot(io.cwd, values.root);
  const trees = listDocTrees(siteRoot);
  if (trees.length === 0) throw new UsageError(`${siteRoot} has no docs/ folder to check`);
  const pages = selectPages(siteRoot, trees, positionals, io.cwd);

  // Extract.
  const failures: Failure[] = [];
  const samples: PageSample[] = [];
  for (const { file, tree } of pages) {
    const page = relative(siteRoot, file);
    const { samples: found, problems } = extractSamples(fs.readFileSync(file, 'utf8'));
    for (const problem of problems) failures.push({ page, line: problem.line, language: 'mdx', message: problem.message });
    for (const sample of found) samples.push({ key: samples.length, page, tree, sample, rule: ruleFor(sample.fence) });
  }

  // Check.
  const failedKeys = new Set<number>();
  const fail = (item: PageSample, line: number, message: string, hidden = false) => {
    failedKeys.add(item.key);
    failures.push({ page: item.page, line, language: `${item.rule!.language}${hidden ? ', hidden context' : ''}`, message });
  };
  const toCheck = samples.filter((item) => item.rule && item.rule.checker !== 'skip' && !item.sample.nocheck);

  const typescript = samples.filter((item) => item.rule?.checker === 'typescript' && (!item.sample.nocheck || typeof item.sample.meta.title === 'string'));
  if (typescript.some((item) => !item.sample.nocheck)) {
    const packages = spacetimedbPackages(siteRoot, trees);
    for (const [tree, pkg] of packages) io.progress(`${relative(siteRoot, tree.dir)}: spacetimedb means ${pkg.name}@${pkg.version} (node_modules/${pkg.folder})`);
    const count = typescript.filter((item) => !item.sample.nocheck).length;
    io.progress(`type-checking ${count} TypeScript/JavaScript block(s) in one program...`);
    const tsSamples: TsSample[] = typescript.map((item) => ({
      key: item.key,
      page: item.page,
      sample: item.sample,
      extension: item.rule!.detail,
      spacetimedbPackage: packages.get(item.tree)!.folder,
      report: !item.sample.nocheck,
    }));
    for (const failure of checkTypeScriptSamples(siteRoot, tsSamples)) {
      fail(samples[failure.key], failure.line, failure.message, failure.hidden);
    }
  }

  const grammars = new Set<string>();
  for (const item of toCheck) {
    const { checker, detail } = item.rule!;
    if (checker === 'typescript') continue;
    const assembled = assemble(item.sample);
    let problems: ParseProblem[] = [];
    if (checker === 'tree-sitter') {
      grammars.add(detail);
      problems = (await findSyntaxProblems(detail, assembled.text)).map((p) => ({ line: p.line, message: p.message }));
    } else {
      const title = typeof item.sample.meta.title === 'string' ? item.sample.meta.title : undefined;
      const problem = checker === 'json' ? findJsonProblem(assembled.text, title) : checker === 'toml' ? findTomlProblem(assembled.text) : findYamlProblem(assembled.text);
      if (problem) problems = [problem];
    }
    for (const problem of problems) {
      const where = pageLineOf(item.sample, assembled, problem.line);
      fail(item, where.line, problem.message, where.hidden);
    }
  }
  for (const grammar of grammars) {
    const info = await grammarInfo(grammar);
    io.progress(`tree-sitter grammar ${grammar}: ${relative(siteRoot, info.file)}`);
  }

  // Report.
  failures.sort((a, b) => a.page.localeCompare(b.page) || a.line - b.line);
  for (const failure of failures) io.out(`${failure.page}:${failure.line} (${failure.language}): ${failure.message}`);

  const counts = new Map<string, LanguageCount>();
  const unchecked = new Map<string, number>();
  for (const item of samples) {
    if (!item.rule) {
      const name = item.sample.fence.toLowerCase();
      unchecked.set(name, (unchecked.get(name) ?? 0) + 1);
      continue;
    }
    const count = counts.get(item.rule.language) ?? { blocks: 0, checked: 0, passed: 0, optedOut: 0, skipped: 0 };
    count.blocks++;
    if (item.sample.nocheck) count.optedOut++;
    else if (item.rule.checker === 'skip') {
      count.skipped++;
      count.skipReason = item.rule.detail;
    } else {
      count.checked++;
      if (!failedKeys.has(item.key)) count.passed++;
    }
    counts.set(item.rule.language, count);
  }
  io.out('');
  io.out(formatTable(counts));
  if (unchecked.size > 0) {
    io.out(`not code to check: ${[...unchecked].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, n]) => `${name} ${n}`).join(', ')}`);
  }
  const totals = [...counts.values()].reduce(
    (sum, count) => ({ checked: sum.checked + count.checked, passed: sum.passed + count.passed, optedOut: sum.optedOut + count.optedOut }),
    { checked: 0, passed: 0, optedOut: 0 },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(
    `check-samples: ${totals.passed} of ${totals.checked} checked block(s) passed, ${totals.checked - totals.passed} failed, ` +
      `${totals.optedOut} opted out; ${pages.length} page(s) in ${seconds} s`,
  );
  return failures.length === 0 ? EXIT_OK : EXIT_PROBLEMS;
}

function formatTable(counts: Map<string, LanguageCount>): string {
  const header = ['language', 'blocks', 'checked', 'passed', 'failed', 'opted out', 'skipped'];
  const rows = [...counts]
    .sort((a, b) => b[1].blocks - a[1].blocks || a[0].localeCompare(b[0]))
    .map(([language, c]) => [language, c.blocks, c.checked, c.passed, c.checked - c.passed, c.optedOut, c.skipped].map(String));
  if (rows.length === 0) return 'no code blocks with a checker';
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const notes = [...counts].filter(([, c]) => c.skipped > 0).map(([language, c]) => `skipped ${language}: ${c.skipReason}`);
  return [line(header), ...rows.map(line), ...notes].join('\n');
}

/** The pages to check: all of every tree, or those named (each must be a page of a tree). */
function selectPages(siteRoot: string, trees: DocTree[], names: string[], cwd: string): Array<{ file: string; tree: DocTree }> {
  const all = trees.flatMap((tree) => listMarkdownFiles(tree.dir).map((file) => ({ file, tree })));
  if (names.length === 0) return all;
  return names.map((name) => {
    const candidates = [path.resolve(cwd, name), path.resolve(siteRoot, name)];
    const found = all.find((page) => candidates.includes(page.file));
    if (!found) {
      const exists = candidates.some((candidate) => fs.existsSync(candidate));
      throw new UsageError(`${name}: ${exists ? 'not a page of docs/ or of a versioned tree' : 'no such file'}`);
    }
    return found;
  });
}

/** Which installed package `spacetimedb` means in each tree: spacetimedb-v2 for docs/, spacetimedb-v<major> for versions. */
function spacetimedbPackages(siteRoot: string, trees: DocTree[]): Map<DocTree, { folder: string; name: string; version: string }> {
  const result = new Map<DocTree, { folder: string; name: string; version: string }>();
  for (const tree of trees) {
    const folder = tree.version === 'current' ? CURRENT_SPACETIMEDB_PACKAGE : `spacetimedb-v${tree.version.split('.')[0]}`;
    // Found the way TypeScript finds it for the samples: in node_modules at or above the site root.
    let manifestFile: string | undefined;
    for (let dir = siteRoot; !manifestFile; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', folder, 'package.json');
      if (fs.existsSync(candidate)) manifestFile = candidate;
      if (path.dirname(dir) === dir) break;
    }
    if (!manifestFile) {
      throw new Error(
        `${relative(siteRoot, tree.dir)}: its TypeScript samples are checked against node_modules/${folder}, which is not installed ` +
          `(add it as an npm alias: "${folder}": "npm:spacetimedb@${tree.version === 'current' ? '2' : tree.version}")`,
      );
    }
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { name?: string; version?: string };
    result.set(tree, { folder, name: manifest.name ?? folder, version: manifest.version ?? '?' });
  }
  return result;
}

function relative(siteRoot: string, file: string): string {
  const rel = path.relative(siteRoot, file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

function defaultIo(): SamplesIo {
  return {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    progress: (line) => process.stderr.write(`${line}\n`),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runMain((argv) => main(argv), USAGE);
}
