// pnpm rewrite-links [--write | --check] [--verbose] [--json] [--root <dir>] [path ...]
//
// An absolute link (`/quickstarts/react`) always lands in the version served at the docs root, so a
// reader of an older version who follows it silently changes version. This command rewrites such
// links into relative file links (`../00200-quickstarts/00100-react.md`), which Docusaurus resolves
// inside the version the page belongs to. Dry run by default; --write writes.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { runMain, EXIT_OK, EXIT_PROBLEMS } from './lib/cli';
import { findSiteRoot, UsageError } from './lib/site-root';
import { writeFileAtomic } from './lib/atomic-write';
import { readVersions } from './lib/doc-trees';
import {
  buildRouteMapFromSettings,
  computeVersions,
  readSiteSettings,
  relativeFileLink,
  resolveDocRoute,
  routeLink,
  listVersionFiles,
  type DocsVersion,
  type LinkResolution,
  type RouteMap,
} from './lib/routes';
import type { LinkResolver, LinkRewrite, UnresolvedLink, KeptLink } from './lib/markdown-links';
import { loadLinkParser, scanPages } from './lib/page-scan';

export const USAGE = `usage: pnpm rewrite-links [options] [path ...]
       pnpm rewrite-links:write [options] [path ...]

Rewrites absolute links to doc pages (/quickstarts/react, /docs/1.12.0/tables#x) into relative
file links (../00200-quickstarts/00100-react.md) that stay inside the page's own docs version.
Scans docs/ and every versioned_docs/version-*/ listed in versions.json, or only the given files
and folders. Without --write nothing is written.

options:
  --write        write the changed files (atomically; only files that change)
  --check        write nothing; exit 1 when a link would be rewritten or a file cannot be parsed
  --verbose      also show the site settings, links left as they are and why, and timings
  --json         print one JSON report on stdout instead of text
  --root <dir>   the docs site to work on (default: nearest folder upward with docusaurus.config.ts)
  -h, --help     show this help

exit codes: 0 done, 1 problems (--check found work, or a file failed in --write/--check), 2 bad usage`;

export interface Io {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Called with a one-line status during long scans (an interactive terminal shows it). */
  progress?(status: string): void;
  /** Write out whatever `out` has held back; main calls it before it returns. */
  flush?(): void;
}

// Standard output is written in blocks of 64 kB rather than line by line (a large run prints tens of
// thousands of lines); it is flushed before anything goes to standard error, so the order holds.
const heldOut: string[] = [];
let heldBytes = 0;
const flushOut = () => {
  if (heldOut.length === 0) return;
  process.stdout.write(heldOut.join(''));
  heldOut.length = 0;
  heldBytes = 0;
};
const defaultIo: Io = {
  cwd: process.cwd(),
  out: (line) => {
    heldOut.push(line, '\n');
    heldBytes += line.length + 1;
    if (heldBytes >= 65536) flushOut();
  },
  err: (line) => {
    flushOut();
    process.stderr.write(`${line}\n`);
  },
  progress: process.stderr.isTTY
    ? (status) => {
        flushOut();
        process.stderr.write(`\r\x1b[K${status}`);
      }
    : undefined,
  flush: flushOut,
};

interface FileToScan {
  file: string;
  version: DocsVersion;
}

interface FileFailure {
  file: string;
  line: number;
  reason: string;
}

interface FileReport {
  file: string;
  rewrites: LinkRewrite[];
  unresolved: UnresolvedLink[];
  kept: KeptLink[];
}

interface PendingWrite {
  file: string;
  original: string;
  text: string;
}

/** The files to scan: every markdown file of every published version, or those under `paths`. */
function selectFiles(docsVersions: DocsVersion[], paths: string[], cwd: string, root: string): FileToScan[] {
  const versions = docsVersions.filter((v) => fs.existsSync(v.dir)).map((version) => ({ version, real: fs.realpathSync(version.dir) }));
  const all = versions.flatMap(({ version }) => listVersionFiles(version.dir).map((source) => ({ file: path.join(version.dir, ...source.split('/')), version })));
  if (paths.length === 0) return all;
  const selected = new Map<string, FileToScan>();
  for (const arg of paths) {
    const absolute = path.resolve(cwd, arg);
    if (!fs.existsSync(absolute)) throw new UsageError(`${arg}: no such file or folder`);
    const real = fs.realpathSync(absolute);
    const owner = versions.find(({ real: dir }) => real === dir || real.startsWith(dir + path.sep));
    if (!owner) {
      const trees = versions.map(({ version }) => path.relative(root, version.dir) + '/').join(', ');
      throw new UsageError(`${arg}: not inside a docs folder of ${root} (${trees || 'none found'})`);
    }
    const isDirectory = fs.statSync(real).isDirectory();
    if (!isDirectory && !/\.mdx?$/.test(real)) throw new UsageError(`${arg}: not a .md or .mdx file`);
    const inTree = path.join(owner.version.dir, path.relative(owner.real, real));
    for (const candidate of all) {
      if (candidate.version !== owner.version) continue;
      if (candidate.file === inTree || (isDirectory && (inTree === owner.version.dir || candidate.file.startsWith(inTree + path.sep)))) {
        selected.set(candidate.file, candidate);
      }
    }
  }
  return [...selected.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } finally {
    io.flush?.();
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const started = performance.now();
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      write: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (values.write && values.check) throw new UsageError('--write and --check cannot be used together (--check never writes)');
  if (values.root === '') throw new UsageError('--root needs a folder');
  const mode = values.write ? 'write' : values.check ? 'check' : 'dry-run';
  const root = findSiteRoot(io.cwd, values.root);
  const show = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/') || '.';

  const settings = await readSiteSettings(root);
  const files = selectFiles(computeVersions(settings.routes, readVersions(root), root), positionals, io.cwd, root);
  // Phase 1: read and parse the pages, in worker threads for large runs, while this thread builds
  // the route map. Phase 2 below decides and splices, with every scanned page's anchors at hand.
  const scanning = scanPages(
    files.map((f) => f.file),
    settings.markdown,
    { onProgress: io.progress && files.length >= 200 ? (done, total) => io.progress!(`rewrite-links: parsed ${done}/${total} files`) : undefined },
  );
  scanning.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const map = buildRouteMapFromSettings(root, settings);

  if (values.verbose && !values.json) {
    io.out(`site: ${root}`);
    io.out(`settings: ${settings.routes.source}`);
    for (const version of map.versions) {
      io.out(`version ${version.label} (${version.name}): ${show(version.dir)}/ -> ${version.routePath}, ${map.docs.filter((d) => d.version === version.name).length} page(s)`);
    }
    io.out(`scanning ${files.length} file(s)`);
  }
  for (const problem of map.problems) {
    if (!values.json) io.err(`${show(problem.file)}:${problem.line}: warning: no route for this page: ${problem.message}`);
  }

  // The parser's modules load here, after the workers have started (see page-scan.ts).
  const { applyLinkDecisions, collectAnchors } = await import('./lib/markdown-links');
  const { pages: scanned, threads } = await scanning;
  if (io.progress && files.length >= 200) io.progress('');
  const anchors = new Map<string, Set<string> | undefined>();
  for (const page of scanned) if (page.status === 'ok' && page.anchors) anchors.set(page.file, new Set(page.anchors));
  const parser = await loadLinkParser(settings.markdown);
  const anchorsOf = (file: string): Set<string> | undefined => {
    if (!anchors.has(file)) {
      // A page that was not parsed: outside the files given, or without absolute links.
      let result: Set<string> | undefined;
      try {
        result = collectAnchors(fs.readFileSync(file, 'utf8'), file, parser);
      } catch {
        result = undefined;
      }
      anchors.set(file, result);
    }
    return anchors.get(file);
  };

  // Many links share a target: each (version, path) is resolved once.
  const resolutions = new Map<string, LinkResolution>();
  const reports: FileReport[] = [];
  const failures: FileFailure[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  const pending: PendingWrite[] = [];
  scanned.forEach((page, index) => {
    const { file } = page;
    if (page.status === 'skipped') return void skipped.push({ file, reason: page.reason });
    if (page.status === 'failed') return void failures.push({ file, line: page.line, reason: page.reason });
    const resolver = makeResolver(map, files[index].version, file, anchorsOf, show, resolutions);
    const result = applyLinkDecisions(page.text, page.links, resolver);
    reports.push({ file, rewrites: result.rewrites, unresolved: result.unresolved, kept: result.kept });
    if (result.text !== page.text) pending.push({ file, original: page.text, text: result.text });
  });

  let writeError: string | undefined;
  if (mode === 'write') {
    const written: PendingWrite[] = [];
    for (const change of pending) {
      // Another process may have edited the file while we worked: never overwrite its change.
      const now = fs.readFileSync(change.file);
      if (!now.equals(Buffer.from(change.original, 'utf8'))) {
        failures.push({ file: change.file, line: 1, reason: 'changed on disk while rewrite-links was running; not written (run it again)' });
        continue;
      }
      try {
        await writeFileAtomic(change.file, change.text);
        written.push(change);
      } catch (error) {
        const restored: string[] = [];
        for (const done of written.reverse()) {
          try {
            await writeFileAtomic(done.file, done.original);
            restored.push(done.file);
          } catch {
            // reported below: the file keeps its new content
          }
        }
        writeError = `could not write ${show(change.file)}: ${(error as Error).message}; ${restored.length} of ${written.length} file(s) already written were restored`;
        break;
      }
    }
  }

  const changedFiles = new Set(pending.map((p) => p.file));
  const failedFiles = new Set(failures.map((f) => f.file));
  const rewrittenReports = reports.filter((r) => changedFiles.has(r.file) && !failedFiles.has(r.file));
  const linkCount = rewrittenReports.reduce((sum, r) => sum + r.rewrites.length, 0);
  const unresolvedCount = reports.reduce((sum, r) => sum + r.unresolved.length, 0);
  const summaryVerb = mode === 'write' && !writeError ? 'Rewrote' : 'Would rewrite';
  const summary = `${summaryVerb} ${linkCount} link(s) in ${rewrittenReports.length} file(s); ${unresolvedCount} unresolved.`;

  let code = EXIT_OK;
  if (writeError) code = EXIT_PROBLEMS;
  if (mode !== 'dry-run' && failures.length > 0) code = EXIT_PROBLEMS;
  if (mode === 'check' && linkCount > 0) code = EXIT_PROBLEMS;

  if (values.json) {
    io.out(
      JSON.stringify(
        {
          mode,
          root,
          versions: map.versions.map((v) => ({ name: v.name, label: v.label, dir: show(v.dir), route: v.routePath })),
          rewrites: reports.flatMap((r) => r.rewrites.map((w) => ({ file: show(r.file), ...w }))),
          unresolved: reports.flatMap((r) => r.unresolved.map((u) => ({ file: show(r.file), ...u }))),
          kept: reports.flatMap((r) => r.kept.map((k) => ({ file: show(r.file), ...k }))),
          failures: failures.map((f) => ({ ...f, file: show(f.file) })),
          skipped: skipped.map((s) => ({ ...s, file: show(s.file) })),
          routeProblems: map.problems.map((p) => ({ ...p, file: show(p.file) })),
          ...(writeError ? { writeError } : {}),
          summary: { links: linkCount, files: rewrittenReports.length, unresolved: unresolvedCount, failed: failures.length, skipped: skipped.length, scanned: files.length },
          exitCode: code,
        },
        null,
        2,
      ),
    );
    return code;
  }

  for (const report of reports) {
    const file = report.rewrites.length > 0 ? show(report.file) : '';
    for (const rewrite of report.rewrites) io.out(`${file}:${rewrite.line}: ${rewrite.from} -> ${rewrite.to}`);
  }
  for (const report of reports) {
    const file = report.unresolved.length > 0 ? show(report.file) : '';
    for (const link of report.unresolved) io.out(`${file}:${link.line}: cannot rewrite ${link.url}: ${link.reason}`);
  }
  if (values.verbose) {
    for (const report of reports) {
      const file = report.kept.length > 0 ? show(report.file) : '';
      for (const link of report.kept) io.out(`${file}:${link.line}: left ${link.url}: ${link.note}`);
    }
  }
  for (const skip of skipped) io.err(`${show(skip.file)}: skipped: ${skip.reason}`);
  for (const failure of failures) {
    const prefix = failure.reason.startsWith('changed on disk') ? '' : 'cannot parse: ';
    io.err(`${show(failure.file)}:${failure.line}: ${prefix}${failure.reason}`);
  }
  if (writeError) io.err(`error: ${writeError}`);
  io.out(summary);
  if (failures.length > 0) io.out(`${failures.length} file(s) were left untouched because of the errors above.`);
  if (values.verbose) {
    io.out(`${files.length} file(s) scanned in ${((performance.now() - started) / 1000).toFixed(2)} s (${threads === 1 ? 'in one thread' : `in ${threads} threads`})`);
  }
  return code;
}

/** Decide, for one page, what each of its absolute links becomes. */
function makeResolver(
  map: RouteMap,
  version: DocsVersion,
  file: string,
  anchorsOf: (file: string) => Set<string> | undefined,
  show: (file: string) => string,
  resolutions: Map<string, LinkResolution>,
): LinkResolver {
  const { baseUrl } = map.settings.routes;
  return (link) => {
    const key = `${version.name}\n${link.pathname}`;
    let resolution = resolutions.get(key);
    if (!resolution) {
      resolution = resolveDocRoute(map, link.pathname, version.name);
      resolutions.set(key, resolution);
    }
    switch (resolution.kind) {
      case 'not-doc':
        return { action: 'keep', note: 'not a docs page (a static file, a file link or outside the docs URLs)' };
      case 'other-version':
        return { action: 'keep', note: `names version ${map.versions.find((v) => v.name === resolution.version)?.label}, so it is meant to go there` };
      case 'unresolved':
        return { action: 'unresolved', reason: resolution.reason };
      case 'doc': {
        const { target, landingVersion } = resolution;
        const hashIndex = link.suffix.indexOf('#');
        const hash = hashIndex < 0 ? '' : link.suffix.slice(hashIndex + 1);
        if (landingVersion !== version.name && hash !== '') {
          // The link will now open this version's page: the anchor has to be there too.
          const anchors = anchorsOf(target.file);
          let decoded = hash;
          try {
            decoded = decodeURIComponent(hash);
          } catch {
            // keep it as written
          }
          if (!anchors || (!anchors.has(hash) && !anchors.has(decoded))) {
            return { action: 'unresolved', reason: `#${hash} is not an anchor of ${show(target.file)}, the page it would lead to in version ${version.label}` };
          }
        }
        if (link.kind === 'jsx') {
          // Docusaurus resolves file links only in markdown links: a JSX attribute keeps a URL, pinned to this version.
          if (landingVersion === version.name) return { action: 'keep', note: 'JSX attribute already leads into this version' };
          const withBaseUrl = link.pathname === baseUrl.replace(/\/$/, '') || link.pathname.startsWith(baseUrl);
          return { action: 'rewrite', to: routeLink(map, target, withBaseUrl) };
        }
        return { action: 'rewrite', to: relativeFileLink(file, target.file) };
      }
    }
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runMain((argv) => main(argv), USAGE);
}
