// Re-cuts a docs version from an older commit: `get-old-docs <commit> <version>`.
//
// Docusaurus can only snapshot today's docs/ (`docusaurus docs:version <v>`). To snapshot the
// docs as they were at <commit>, this command makes a throwaway worktree of HEAD, puts the
// commit's docs/ and sidebars.ts into it, runs the real docs:version there under a temporary
// name, and copies the result back as version <v>. The working tree is only written once every
// step has succeeded; the worktree is removed in all cases, Ctrl-C included.
import { spawn, execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from './lib/atomic-write';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './lib/cli';
import { readVersions } from './lib/doc-trees';
import {
  addDetachedWorktree,
  checkoutPathsFrom,
  describeCommit,
  git,
  gitVersion,
  objectTypeAt,
  removeWorktree,
  repoTopLevel,
  resolveCommit,
  uncommittedChanges,
  type CommitSummary,
} from './lib/git';
import { findSiteRoot, SITE_CONFIG_FILE } from './lib/site-root';

export const USAGE = `usage: get-old-docs <commit> <version> [options]
       ./scripts/get-old-docs.sh <commit> <version> [options]
       pnpm get-old-docs <commit> <version> [options]

Re-cuts docs version <version> from the docs/ folder and sidebars.ts of <commit>.
Docusaurus's own docs:version runs in a temporary worktree of HEAD; its snapshot is
copied back as versioned_docs/version-<version>/ and
versioned_sidebars/version-<version>-sidebars.json, and versions.json lists the
version (newest first). Nothing is written unless every step succeeds.

options:
  --dry-run         run every step in the temporary worktree, report what would
                    change, write nothing
  --rewrite-links   run scripts/rewrite-links.ts --write on the new version
                    (in the worktree, before it is copied back)
  --force           go ahead although versioned_docs/, versioned_sidebars/ or
                    versions.json have uncommitted changes (they are replaced)
  --fresh-install   run pnpm install --frozen-lockfile in the worktree even when
                    this checkout's pnpm-lock.yaml matches HEAD's
  --root <dir>      the docs site (default: the nearest folder upward that holds
                    docusaurus.config.ts)
  -h, --help        show this help

exit codes: 0 done, 1 a check or step failed (nothing changed), 2 bad usage,
            130/143 interrupted by SIGINT/SIGTERM (nothing changed)

example:
  pnpm get-old-docs --dry-run 31fb9f2 1.12.0`;

/** The docs tree and sidebar file that define a version, relative to the site root. */
const DOCS_DIR = 'docs';
const SIDEBARS_FILE = 'sidebars.ts';
const VERSIONED_DOCS_DIR = 'versioned_docs';
const VERSIONED_SIDEBARS_DIR = 'versioned_sidebars';
const VERSIONS_FILE = 'versions.json';
const LOCKFILE = 'pnpm-lock.yaml';
/** Docusaurus's CLI entry inside node_modules. */
const DOCUSAURUS_BIN = path.join('node_modules', '@docusaurus', 'core', 'bin', 'docusaurus.mjs');
const MIN_NODE_MAJOR = 20;
/** Docusaurus refuses version names longer than this. */
const MAX_VERSION_NAME_LENGTH = 32;
const STEP_COUNT = 8;

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const REWRITE_LINKS_SCRIPT = path.join(SCRIPT_DIR, 'rewrite-links.ts');

// ---------------------------------------------------------------------------------------------
// Pure helpers

/**
 * Why `name` cannot be a Docusaurus version name, or undefined when it can. Docusaurus's own
 * rules (it becomes a folder name and a URL segment) plus `current`, which names docs/ itself.
 */
export function validateVersionName(name: string): string | undefined {
  if (!name.trim()) return 'a version name must not be empty';
  if (name === 'current') return '"current" is the name Docusaurus gives docs/ itself; pick another name';
  if (/[/\\]/.test(name)) return 'a version name must not contain a slash (/) or backslash (\\)';
  if (name.includes('..')) return 'a version name must not contain ".."';
  if (name === '.') return 'a version name must not be "."';
  if (name.length > MAX_VERSION_NAME_LENGTH) {
    return `a version name can have at most ${MAX_VERSION_NAME_LENGTH} characters (Docusaurus's limit); this one has ${name.length}`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[<>:"|?*\x00-\x1F]/.test(name)) return 'a version name must not contain < > : " | ? * or control characters (it becomes a folder name)';
  return undefined;
}

interface ParsedVersion {
  numbers: number[];
  prerelease: string[];
}

/** `1.12.0`, `v2.0.0-rc.1`, `1.2` (missing parts count as 0); build metadata is ignored. Undefined for other names. */
export function parseVersion(name: string): ParsedVersion | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(name);
  if (!match) return undefined;
  return {
    numbers: [match[1], match[2] ?? '0', match[3] ?? '0'].map(Number),
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

/** Semantic-version precedence of two version names: < 0 when a is older, > 0 when newer; undefined when either is not a version number. */
export function compareVersions(a: string, b: string): number | undefined {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return undefined;
  for (let i = 0; i < 3; i++) {
    if (pa.numbers[i] !== pb.numbers[i]) return pa.numbers[i] - pb.numbers[i];
  }
  // A release is newer than its pre-releases; pre-release fields compare numerically or by text.
  if (!pa.prerelease.length || !pb.prerelease.length) return pb.prerelease.length - pa.prerelease.length;
  for (let i = 0; i < Math.max(pa.prerelease.length, pb.prerelease.length); i++) {
    const x = pa.prerelease[i];
    const y = pb.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export interface VersionInsertion {
  versions: string[];
  /** 0-based index of the version in the new list. */
  position: number;
  /** False when the version was listed already (a re-cut keeps its place). */
  added: boolean;
}

/**
 * versions.json after cutting `version`: newest first by semantic version. A version already
 * listed keeps its place. A new one goes before the first listed version it is newer than
 * (names that are not version numbers are left where they are); a name that is not a version
 * number goes first, as `docusaurus docs:version` would put it.
 */
export function insertVersion(versions: readonly string[], version: string): VersionInsertion {
  const existing = versions.indexOf(version);
  if (existing >= 0) return { versions: [...versions], position: existing, added: false };
  let position = versions.length;
  if (!parseVersion(version)) {
    position = 0;
  } else {
    const newer = versions.findIndex((v) => (compareVersions(version, v) ?? 0) > 0);
    if (newer >= 0) position = newer;
  }
  const next = [...versions];
  next.splice(position, 0, version);
  return { versions: next, position, added: true };
}

/** versions.json as Docusaurus writes it. */
export function formatVersionsFile(versions: readonly string[]): string {
  return `${JSON.stringify(versions, null, 2)}\n`;
}

export type DependencyPlan = { kind: 'link' | 'install'; reason: string };

/**
 * How the worktree gets its packages: a symlink to this checkout's node_modules when they
 * were installed from the same pnpm-lock.yaml as HEAD's (fast, works offline), else a
 * `pnpm install --frozen-lockfile` in the worktree.
 */
export function planDependencies(input: {
  checkoutLockfile: string | undefined;
  headLockfile: string | undefined;
  checkoutHasDocusaurus: boolean;
  freshInstall: boolean;
}): DependencyPlan {
  if (input.freshInstall) return { kind: 'install', reason: '--fresh-install was given' };
  if (!input.checkoutHasDocusaurus) {
    return { kind: 'install', reason: `this checkout has no ${DOCUSAURUS_BIN} (run pnpm install here to reuse it next time)` };
  }
  const normalise = (text: string | undefined) => text?.replace(/\r\n/g, '\n');
  if (normalise(input.checkoutLockfile) === normalise(input.headLockfile)) {
    return {
      kind: 'link',
      reason: input.headLockfile === undefined ? `no ${LOCKFILE} here nor at HEAD` : `${LOCKFILE} matches HEAD's`,
    };
  }
  if (input.headLockfile === undefined) return { kind: 'install', reason: `HEAD has no ${LOCKFILE} but this checkout has one` };
  if (input.checkoutLockfile === undefined) return { kind: 'install', reason: `this checkout has no ${LOCKFILE} but HEAD has one` };
  return { kind: 'install', reason: `this checkout's ${LOCKFILE} differs from HEAD's (uncommitted dependency changes)` };
}

export interface TreeComparison {
  /** Files in the new tree. */
  files: number;
  added: string[];
  removed: string[];
  changed: string[];
}

/** Relative paths (with `/`) of every file under `dir`, sorted; [] when `dir` does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && rel === '') return;
      throw error;
    }
    for (const entry of entries) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(d, entry.name), relPath);
      else out.push(relPath);
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** What replacing `oldDir` by `newDir` changes, file by file. */
export async function compareTrees(newDir: string, oldDir: string): Promise<TreeComparison> {
  const [newFiles, oldFiles] = await Promise.all([listFiles(newDir), listFiles(oldDir)]);
  const oldSet = new Set(oldFiles);
  const newSet = new Set(newFiles);
  const changed: string[] = [];
  for (const file of newFiles) {
    if (!oldSet.has(file)) continue;
    const [a, b] = await Promise.all([fsp.readFile(path.join(newDir, file)), fsp.readFile(path.join(oldDir, file))]);
    if (!a.equals(b)) changed.push(file);
  }
  return {
    files: newFiles.length,
    added: newFiles.filter((f) => !oldSet.has(f)),
    removed: oldFiles.filter((f) => !newSet.has(f)),
    changed,
  };
}

function describeTreeChange(c: TreeComparison, existed: boolean): string {
  if (!existed) return `new, ${c.files} file(s)`;
  if (!c.added.length && !c.removed.length && !c.changed.length) return `unchanged, ${c.files} file(s)`;
  return `replaced, ${c.files} file(s): ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed`;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// The command

export interface CutOptions {
  /** The commit argument as the user typed it. */
  commit: string;
  version: string;
  /** Where to look for the site (the current directory, or --root resolved against it). */
  cwd: string;
  root?: string;
  dryRun: boolean;
  rewriteLinks: boolean;
  force: boolean;
  freshInstall: boolean;
  /** Parent folder of the temporary worktree (default: the system temp directory). */
  tempRoot?: string;
}

export interface CutResult {
  dryRun: boolean;
  siteRoot: string;
  commit: CommitSummary;
  version: string;
  /** The three paths, relative to the current directory, each with what happened to it. */
  changes: { path: string; change: string }[];
}

/** A precondition that is not met: reported as `error: <message>`, exit 1. */
export class CheckFailed extends Error {}

/** Everything was done except removing the worktree: the working tree has the new version. */
export class CleanupFailed extends Error {}

/** The run was stopped by SIGINT/SIGTERM. */
export class Interrupted extends Error {
  constructor(readonly signalName: NodeJS.Signals) {
    super(`interrupted by ${signalName}`);
  }
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface RunContext extends Output {
  /** Aborted on SIGINT/SIGTERM: kills the running child process. */
  signal: AbortSignal;
  interruptedBy(): NodeJS.Signals | undefined;
}

function throwIfInterrupted(ctx: RunContext): void {
  const by = ctx.interruptedBy();
  if (by) throw new Interrupted(by);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

const DETAIL = '      ';

/** Runs one numbered step, printing its title, its notes and how long it took. */
async function step<T>(ctx: RunContext, n: number, title: string, body: (note: (line: string) => void) => Promise<T>): Promise<T> {
  throwIfInterrupted(ctx);
  ctx.out(`[${n}/${STEP_COUNT}] ${title}`);
  const started = performance.now();
  const note = (line: string) => {
    for (const l of line.split('\n')) ctx.out(`${DETAIL}${l}`);
  };
  try {
    const result = await body(note);
    ctx.out(`${DETAIL}ok (${seconds(performance.now() - started)})`);
    return result;
  } catch (error) {
    ctx.out(`${DETAIL}failed (${seconds(performance.now() - started)})`);
    throw error;
  }
}

/** Runs a program (never through a shell), streaming its output as notes; resolves to its exit code. */
function runStreaming(
  command: string,
  args: string[],
  options: { cwd: string; signal: AbortSignal; note: (line: string) => void; env?: NodeJS.ProcessEnv },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    const forward = (stream: NodeJS.ReadableStream) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) options.note(`| ${line}`);
      });
      stream.on('end', () => {
        if (pending.trim()) options.note(`| ${pending}`);
      });
    };
    forward(child.stdout);
    forward(child.stderr);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return; // 'close' follows; the caller sees the interruption
      if (error.code === 'ENOENT') reject(new CheckFailed(`${command} was not found on PATH`));
      else reject(error);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
  });
}

function execText(command: string, args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, encoding: 'utf8' }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
  });
}

async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** `a/b` joined for git (forward slashes, no leading `./` when the site is the repository top). */
function repoPath(prefix: string, rel: string): string {
  return prefix ? `${prefix}/${rel}` : rel;
}

/** A reversible change to the working tree; undo() puts the previous state back. */
interface Undo {
  what: string;
  undo(): Promise<void>;
}

/**
 * Steps 1 to 8: check, make the worktree, restore the commit's docs, run docs:version, copy the
 * snapshot back, update versions.json, remove the worktree, report. When it throws (CheckFailed,
 * Interrupted or the underlying error) the working tree is as it was; in every case the
 * worktree and its temp folder are gone.
 */
export async function cutVersionFromCommit(options: CutOptions, ctx: RunContext): Promise<CutResult> {
  const startedAll = performance.now();
  const rel = (p: string) => path.relative(options.cwd, p) || '.';
  let tempDir: string | undefined;
  let worktree: string | undefined;
  let repo: string | undefined;

  try {
    // ---- 1. preconditions ---------------------------------------------------------------
    const checked = await step(ctx, 1, 'Check preconditions', async (note) => {
      const nodeMajor = Number(process.versions.node.split('.')[0]);
      if (nodeMajor < MIN_NODE_MAJOR) {
        throw new CheckFailed(`Node.js ${MIN_NODE_MAJOR} or newer is needed; this is Node.js ${process.versions.node}`);
      }
      const gitVer = await gitVersion(options.cwd);
      if (!gitVer) throw new CheckFailed('git was not found on PATH; install git and try again');

      let siteRoot: string;
      try {
        siteRoot = fs.realpathSync(findSiteRoot(options.cwd, options.root));
      } catch (error) {
        throw new CheckFailed((error as Error).message);
      }
      const top = await repoTopLevel(siteRoot);
      if (!top) {
        throw new CheckFailed(`${siteRoot} is not inside a git repository; get-old-docs reads the old docs from git history`);
      }
      repo = fs.realpathSync(top);
      const prefix = path.relative(repo, siteRoot).split(path.sep).join('/');

      const versionProblem = validateVersionName(options.version);
      if (versionProblem) throw new CheckFailed(`version "${options.version}": ${versionProblem}`);

      const head = await resolveCommit(repo, 'HEAD');
      if (!head) throw new CheckFailed(`${repo} has no commits yet; the temporary worktree is made from HEAD`);
      if ((await objectTypeAt(repo, head, repoPath(prefix, SITE_CONFIG_FILE))) !== 'blob') {
        throw new CheckFailed(
          `HEAD has no ${repoPath(prefix, SITE_CONFIG_FILE)}; commit the site first (the temporary worktree is made from HEAD)`,
        );
      }

      const sha = await resolveCommit(repo, options.commit);
      if (!sha) {
        throw new CheckFailed(
          `commit "${options.commit}" does not name a commit in ${repo}; give a commit id, tag or branch (git log --oneline -- ${repoPath(prefix, DOCS_DIR)} lists the commits that changed the docs)`,
        );
      }
      const commit = await describeCommit(repo, sha);
      if ((await objectTypeAt(repo, sha, repoPath(prefix, DOCS_DIR))) !== 'tree') {
        throw new CheckFailed(
          `commit ${commit.short} ("${commit.subject}") has no ${repoPath(prefix, DOCS_DIR)}/ folder; pick a commit that contains the docs tree`,
        );
      }
      const hasSidebars = (await objectTypeAt(repo, sha, repoPath(prefix, SIDEBARS_FILE))) === 'blob';

      const guarded = [VERSIONED_DOCS_DIR, VERSIONED_SIDEBARS_DIR, VERSIONS_FILE].map((p) => repoPath(prefix, p));
      const dirty = await uncommittedChanges(repo, guarded);
      if (dirty.length && !options.force) {
        const shown = dirty.slice(0, 10).map((line) => `  ${line}`);
        if (dirty.length > 10) shown.push(`  ... and ${dirty.length - 10} more`);
        throw new CheckFailed(
          `uncommitted changes in ${VERSIONED_DOCS_DIR}/, ${VERSIONED_SIDEBARS_DIR}/ or ${VERSIONS_FILE} (git status):\n${shown.join('\n')}\ncommit or stash them first, or pass --force to replace them anyway`,
        );
      }

      let versions: string[];
      try {
        versions = readVersions(siteRoot);
      } catch (error) {
        const file = path.join(siteRoot, VERSIONS_FILE);
        const message = (error as Error).message.replace(`${file}: `, '');
        throw new CheckFailed(`${rel(file)}: ${message}; fix it before cutting a version`);
      }
      const insertion = insertVersion(versions, options.version);

      const headLockfile = await git(['cat-file', '-p', `${head}:${repoPath(prefix, LOCKFILE)}`], { cwd: repo }).catch(() => undefined);
      const plan = planDependencies({
        checkoutLockfile: await readTextIfExists(path.join(siteRoot, LOCKFILE)),
        headLockfile,
        checkoutHasDocusaurus: await exists(path.join(siteRoot, DOCUSAURUS_BIN)),
        freshInstall: options.freshInstall,
      });
      if (plan.kind === 'install' && !(await execText('pnpm', ['--version'], siteRoot))) {
        throw new CheckFailed(`packages must be installed in the worktree (${plan.reason}), but pnpm was not found on PATH`);
      }
      if (options.rewriteLinks && !(await exists(REWRITE_LINKS_SCRIPT))) {
        throw new CheckFailed(`--rewrite-links: ${path.relative(options.cwd, REWRITE_LINKS_SCRIPT)} does not exist in this checkout yet`);
      }

      note(`site     ${siteRoot}${prefix ? ` (${prefix}/ of ${repo})` : ''}`);
      note(`commit   ${commit.short} ${commit.subject} (${commit.date})`);
      note(
        `version  ${options.version} ${
          insertion.added
            ? `(new: ${ordinal(insertion.position + 1)} of ${insertion.versions.length} in ${VERSIONS_FILE})`
            : `(listed already: its snapshot will be replaced, it stays ${ordinal(insertion.position + 1)} in ${VERSIONS_FILE})`
        }`,
      );
      if (!hasSidebars) note(`warning: ${commit.short} has no ${repoPath(prefix, SIDEBARS_FILE)}; HEAD's is used for the snapshot`);
      if (dirty.length) note(`--force: ${dirty.length} uncommitted change(s) in the versioned files will be replaced`);
      note(`git ${gitVer}, Node.js ${process.versions.node}`);
      return { siteRoot, prefix, head, sha, commit, hasSidebars, plan };
    });
    const { siteRoot, prefix, head, sha, commit, hasSidebars, plan } = checked;
    const gitRepo = repo!;

    // ---- 2. temporary worktree ----------------------------------------------------------
    const wtSite = await step(ctx, 2, `Create a temporary worktree of HEAD (${head.slice(0, 7)})`, async (note) => {
      tempDir = await fsp.mkdtemp(path.join(options.tempRoot ?? os.tmpdir(), 'get-old-docs-'));
      const dir = path.join(tempDir, 'worktree');
      worktree = dir;
      await addDetachedWorktree(gitRepo, dir, head, { signal: ctx.signal });
      note(dir);
      return path.join(dir, prefix);
    });

    // ---- 3. the commit's docs -----------------------------------------------------------
    await step(ctx, 3, `Restore ${DOCS_DIR}/ and ${SIDEBARS_FILE} from ${commit.short}`, async (note) => {
      await fsp.rm(path.join(wtSite, DOCS_DIR), { recursive: true, force: true });
      const paths = [repoPath(prefix, DOCS_DIR), ...(hasSidebars ? [repoPath(prefix, SIDEBARS_FILE)] : [])];
      await checkoutPathsFrom(worktree!, sha, paths, { signal: ctx.signal });
      const files = await listFiles(path.join(wtSite, DOCS_DIR));
      const categories = files.filter((f) => path.posix.basename(f) === '_category_.json').length;
      note(`${DOCS_DIR}/: ${files.length} file(s), ${categories} of them _category_.json`);
      note(hasSidebars ? `${SIDEBARS_FILE}: from ${commit.short}` : `${SIDEBARS_FILE}: HEAD's (the commit has none)`);
    });

    // ---- 4. docusaurus docs:version ----------------------------------------------------
    const tempVersion = `get-old-docs-${crypto.randomBytes(4).toString('hex')}`;
    await step(ctx, 4, `Run docusaurus docs:version ${tempVersion}`, async (note) => {
      const wtModules = path.join(wtSite, 'node_modules');
      if (plan.kind === 'link') {
        await fsp.symlink(fs.realpathSync(path.join(siteRoot, 'node_modules')), wtModules, 'dir');
        note(`packages: this checkout's node_modules (${plan.reason})`);
      } else {
        note(`packages: pnpm install --frozen-lockfile in the worktree, because ${plan.reason}`);
        const code = await runStreaming('pnpm', ['install', '--frozen-lockfile'], { cwd: wtSite, signal: ctx.signal, note });
        throwIfInterrupted(ctx);
        if (code !== 0) throw new Error(`pnpm install --frozen-lockfile failed in the worktree (exit ${code}); its output is above`);
      }
      if (readVersions(wtSite).includes(tempVersion)) {
        throw new Error(`temporary version name ${tempVersion} is already in the worktree's ${VERSIONS_FILE}`);
      }
      const code = await runStreaming(process.execPath, [path.join(wtSite, DOCUSAURUS_BIN), 'docs:version', tempVersion], {
        cwd: wtSite,
        signal: ctx.signal,
        note,
      });
      throwIfInterrupted(ctx);
      if (code !== 0) {
        throw new Error(
          `docusaurus docs:version failed (exit ${code}) on the docs of ${commit.short} with HEAD's ${SITE_CONFIG_FILE}; its output is above`,
        );
      }
      if (!(await exists(path.join(wtSite, VERSIONED_DOCS_DIR, `version-${tempVersion}`)))) {
        throw new Error(`docusaurus docs:version exited 0 but made no ${VERSIONED_DOCS_DIR}/version-${tempVersion}/`);
      }
    });

    // ---- 5. copy back -------------------------------------------------------------------
    const versionDirName = `version-${options.version}`;
    const sidebarsName = `version-${options.version}-sidebars.json`;
    const target = {
      docs: path.join(siteRoot, VERSIONED_DOCS_DIR, versionDirName),
      sidebars: path.join(siteRoot, VERSIONED_SIDEBARS_DIR, sidebarsName),
      versions: path.join(siteRoot, VERSIONS_FILE),
    };
    const changes: CutResult['changes'] = [];
    const undos: Undo[] = [];
    const backups: string[] = [];
    const tag = `get-old-docs-${crypto.randomBytes(4).toString('hex')}`;

    const rollBack = async (): Promise<string[]> => {
      const failures: string[] = [];
      for (const u of undos.reverse()) {
        try {
          await u.undo();
        } catch (error) {
          failures.push(`${u.what}: ${(error as Error).message}`);
        }
      }
      return failures;
    };

    try {
      await step(ctx, 5, `Copy the snapshot back as ${VERSIONED_DOCS_DIR}/${versionDirName}/`, async (note) => {
        // Give the snapshot its final name inside the worktree first, so that the link rewriter
        // sees a consistent site there (version folder, sidebar file and versions.json agree).
        const wtVersioned = path.join(wtSite, VERSIONED_DOCS_DIR);
        const wtSidebars = path.join(wtSite, VERSIONED_SIDEBARS_DIR);
        const newDocs = path.join(wtVersioned, versionDirName);
        const newSidebars = path.join(wtSidebars, sidebarsName);
        await fsp.rm(newDocs, { recursive: true, force: true });
        await fsp.rename(path.join(wtVersioned, `version-${tempVersion}`), newDocs);
        await fsp.rm(newSidebars, { force: true });
        const tempSidebars = path.join(wtSidebars, `version-${tempVersion}-sidebars.json`);
        const madeSidebars = await exists(tempSidebars);
        if (madeSidebars) await fsp.rename(tempSidebars, newSidebars);
        const wtVersions = readVersions(wtSite).filter((v) => v !== tempVersion);
        await fsp.writeFile(path.join(wtSite, VERSIONS_FILE), formatVersionsFile(insertVersion(wtVersions, options.version).versions));

        if (options.rewriteLinks) {
          note(`rewrite-links --write on ${VERSIONED_DOCS_DIR}/${versionDirName}/ (in the worktree)`);
          const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
          const code = await runStreaming(
            process.execPath,
            [tsxCli, REWRITE_LINKS_SCRIPT, '--write', '--root', wtSite, newDocs],
            { cwd: wtSite, signal: ctx.signal, note },
          );
          throwIfInterrupted(ctx);
          if (code !== 0) throw new Error(`rewrite-links failed (exit ${code}) on the new version; its output is above`);
        }

        const docsExisted = await exists(target.docs);
        const comparison = await compareTrees(newDocs, target.docs);
        const docsChange = describeTreeChange(comparison, docsExisted);
        const oldSidebars = await readTextIfExists(target.sidebars);
        const newSidebarsText = madeSidebars ? await fsp.readFile(newSidebars, 'utf8') : undefined;
        const sidebarsChange =
          newSidebarsText === undefined
            ? oldSidebars === undefined
              ? 'none (the sidebars are empty)'
              : 'removed (the sidebars at that commit are empty)'
            : oldSidebars === undefined
              ? 'new'
              : oldSidebars === newSidebarsText
                ? 'unchanged'
                : 'replaced';
        changes.push({ path: `${rel(target.docs)}/`, change: docsChange });
        changes.push({ path: rel(target.sidebars), change: sidebarsChange });
        note(`${rel(target.docs)}/: ${options.dryRun ? 'would be ' : ''}${docsChange}`);
        note(`${rel(target.sidebars)}: ${options.dryRun ? 'would be ' : ''}${sidebarsChange}`);
        if (options.dryRun) return;

        // Stage beside the target (same file system, so the swap is two renames), then swap.
        const createdDirs: string[] = [];
        for (const dir of [path.dirname(target.docs), path.dirname(target.sidebars)]) {
          if (!(await exists(dir))) {
            await fsp.mkdir(dir, { recursive: true });
            createdDirs.push(dir);
          }
        }
        undos.push({
          what: 'remove the folders this run created',
          undo: async () => {
            for (const dir of createdDirs) await fsp.rmdir(dir).catch(() => undefined);
          },
        });
        const staging = path.join(path.dirname(target.docs), `.${versionDirName}.${tag}.new`);
        undos.push({ what: `remove ${rel(staging)}`, undo: () => fsp.rm(staging, { recursive: true, force: true }) });
        await fsp.cp(newDocs, staging, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true });
        throwIfInterrupted(ctx);

        // From here on the working tree changes; every change is undone if a later one fails.
        if (docsExisted) {
          const backup = path.join(path.dirname(target.docs), `.${versionDirName}.${tag}.old`);
          await fsp.rename(target.docs, backup);
          backups.push(backup);
          undos.push({
            what: `move ${rel(backup)} back to ${rel(target.docs)}`,
            undo: async () => {
              await fsp.rm(target.docs, { recursive: true, force: true });
              await fsp.rename(backup, target.docs);
            },
          });
        } else {
          undos.push({ what: `remove ${rel(target.docs)}`, undo: () => fsp.rm(target.docs, { recursive: true, force: true }) });
        }
        await fsp.rename(staging, target.docs);

        undos.push({
          what: `restore ${rel(target.sidebars)}`,
          undo: async () => {
            if (oldSidebars === undefined) await fsp.rm(target.sidebars, { force: true });
            else await writeFileAtomic(target.sidebars, oldSidebars);
          },
        });
        if (newSidebarsText !== undefined) {
          if (newSidebarsText !== oldSidebars) await writeFileAtomic(target.sidebars, newSidebarsText);
        } else {
          await fsp.rm(target.sidebars, { force: true });
        }
      });

      // ---- 6. versions.json -------------------------------------------------------------
      await step(ctx, 6, `Update ${VERSIONS_FILE}`, async (note) => {
        const before = await readTextIfExists(target.versions);
        const insertion = insertVersion(readVersions(siteRoot), options.version);
        const place = `${ordinal(insertion.position + 1)} of ${insertion.versions.length}`;
        const change = insertion.added
          ? `${options.dryRun ? 'would add' : 'added'} ${options.version} (${place}): ${insertion.versions.join(', ')}`
          : `unchanged: ${options.version} is listed already and keeps its place (${place})`;
        changes.push({ path: rel(target.versions), change });
        note(change);
        if (options.dryRun || !insertion.added) return;
        undos.push({
          what: `restore ${rel(target.versions)}`,
          undo: async () => {
            if (before === undefined) await fsp.rm(target.versions, { force: true });
            else await writeFileAtomic(target.versions, before);
          },
        });
        await writeFileAtomic(target.versions, formatVersionsFile(insertion.versions));
      });
    } catch (error) {
      const failures = await rollBack();
      if (failures.length) {
        throw new Error(
          `${(error as Error).message}\nputting the working tree back also failed; check these by hand:\n${failures.map((f) => `  ${f}`).join('\n')}`,
        );
      }
      throw error;
    }
    for (const backup of backups) {
      await fsp.rm(backup, { recursive: true, force: true }).catch((error: Error) => {
        ctx.err(`warning: could not remove the old snapshot kept at ${rel(backup)}: ${error.message}`);
      });
    }

    // ---- 7 and 8 ------------------------------------------------------------------------
    const [wt, tmp] = [worktree, tempDir];
    worktree = undefined;
    tempDir = undefined;
    try {
      await cleanUp(ctx, gitRepo, wt, tmp);
    } catch (error) {
      throw new CleanupFailed(
        `${options.dryRun ? 'the dry run finished' : `version ${options.version} was written`}, but the temporary worktree could not be removed:\n${(error as Error).message}`,
      );
    }

    ctx.out(`[8/${STEP_COUNT}] ${options.dryRun ? 'Dry run: nothing was written; this is what would change' : 'What changed'}`);
    const width = Math.max(...changes.map((c) => c.path.length));
    for (const c of changes) ctx.out(`${DETAIL}${c.path.padEnd(width)}  ${c.change}`);
    ctx.out('');
    if (options.dryRun) {
      ctx.out(`Run again without --dry-run to write version ${options.version} from ${commit.short}.`);
    } else {
      ctx.out('Next:');
      ctx.out(`${DETAIL.slice(4)}git status                 review the three paths above`);
      if (!options.rewriteLinks) {
        ctx.out(
          `${DETAIL.slice(4)}pnpm rewrite-links ${rel(target.docs)}    find links that should stay inside version ${options.version} (pnpm rewrite-links:write ${rel(target.docs)} applies them)`,
        );
      }
    }
    ctx.out(`Done in ${seconds(performance.now() - startedAll)}.`);
    return { dryRun: options.dryRun, siteRoot, commit, version: options.version, changes };
  } finally {
    if (worktree || tempDir) {
      // Already failing: report a cleanup problem without hiding the first error.
      await cleanUp(ctx, repo, worktree, tempDir).catch((error: Error) => ctx.err(`warning: ${error.message}`));
    }
  }
}

/** Step 7: the worktree, its node_modules link and the temp folder go; `git worktree list` shows nothing left over. */
async function cleanUp(ctx: RunContext, repo: string | undefined, worktree: string | undefined, tempDir: string | undefined): Promise<void> {
  ctx.out(`[7/${STEP_COUNT}] Remove the temporary worktree`);
  const started = performance.now();
  const problems: string[] = [];
  if (worktree && repo) {
    // Unlink first so that nothing below ever walks into the shared node_modules.
    const link = await findNodeModulesLinks(worktree);
    for (const l of link) await fsp.unlink(l).catch(() => undefined);
    try {
      await removeWorktree(repo, worktree);
    } catch (error) {
      problems.push(`${(error as Error).message}\n  remove it with: git worktree remove --force ${worktree}`);
    }
  }
  if (tempDir) {
    await fsp.rm(tempDir, { recursive: true, force: true }).catch((error: Error) => {
      problems.push(`could not remove ${tempDir}: ${error.message}`);
    });
  }
  if (problems.length) {
    ctx.out(`${DETAIL}failed (${seconds(performance.now() - started)})`);
    throw new Error(problems.join('\n'));
  }
  ctx.out(`${DETAIL}ok (${seconds(performance.now() - started)})`);
}

/** The node_modules symlink made in step 4 (at the site folder, which may be below the worktree top). */
async function findNodeModulesLinks(worktree: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' && entry.isSymbolicLink()) found.push(path.join(dir, entry.name));
      else if (entry.isDirectory() && depth < 4 && entry.name !== '.git' && entry.name !== 'node_modules') {
        await visit(path.join(dir, entry.name), depth + 1);
      }
    }
  };
  await visit(worktree, 0);
  return found;
}

export interface MainIo {
  cwd?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Parent of the temporary worktree folder (default: the system temp directory). */
  tempRoot?: string;
}

/** Parses argv, runs the cut, prints the outcome; returns the exit code. */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));

  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'rewrite-links': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        'fresh-install': { type: 'boolean', default: false },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    err(`error: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return EXIT_OK;
  }
  if (positionals.length === 0) {
    err(USAGE);
    return EXIT_USAGE;
  }
  if (positionals.length !== 2) {
    err(
      `error: expected two arguments, <commit> and <version>; got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}\n\n${USAGE}`,
    );
    return EXIT_USAGE;
  }

  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (signalName: NodeJS.Signals) => {
    if (interruptedBy) {
      err(`${signalName} again: still removing the temporary worktree, one moment`);
      return;
    }
    interruptedBy = signalName;
    err(`\n${signalName} received: stopping, then removing the temporary worktree`);
    controller.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) process.on(s, onSignal);

  const ctx: RunContext = { out, err, signal: controller.signal, interruptedBy: () => interruptedBy };
  const [commit, version] = positionals;
  const cwd = io.cwd ?? process.cwd();
  try {
    await cutVersionFromCommit(
      {
        commit,
        version,
        cwd,
        root: values.root,
        dryRun: values['dry-run'],
        rewriteLinks: values['rewrite-links'],
        force: values.force,
        freshInstall: values['fresh-install'],
        tempRoot: io.tempRoot,
      },
      ctx,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CleanupFailed) {
      err(`error: ${error.message}`);
      return EXIT_PROBLEMS;
    }
    if (interruptedBy) {
      err(`interrupted by ${interruptedBy}: nothing in the working tree was changed; the temporary worktree was removed`);
      return 128 + os.constants.signals[interruptedBy];
    }
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    err('nothing in the working tree was changed');
    return EXIT_PROBLEMS;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = EXIT_PROBLEMS;
    },
  );
}
