import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Small git helpers for the maintenance commands. Git is always started with an argument
 * array (never through a shell), so a revision such as `HEAD; rm -rf ~` is only ever a
 * revision git does not know. Every call checks the exit status.
 */

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    const detail = stderr.trim().split('\n').slice(-5).join('\n');
    super(`git ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}${detail ? `:\n${detail}` : ''}`);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  /** Folder git runs in (its `-C`). */
  cwd: string;
  /** Aborting kills the git process (Ctrl-C handling). */
  signal?: AbortSignal;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Variables that would point git at another repository than `cwd` (they are set inside git
 * hooks, for example); the helpers always mean the repository around `cwd`.
 */
const REPOSITORY_OVERRIDES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  for (const name of REPOSITORY_OVERRIDES) delete env[name];
  return env;
}

/** Runs git and returns its exit code and output; rejects only when git cannot be started or is aborted. */
export function gitRaw(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd: options.cwd, env: gitEnv(), signal: options.signal, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr });
        const e = error as NodeJS.ErrnoException & { code?: string | number };
        if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
        if (e.code === 'ENOENT') {
          return reject(new Error('git was not found on PATH; install git and try again'));
        }
        reject(error);
      },
    );
  });
}

/** Runs git and returns its stdout; throws GitError (with git's own message) on a non-zero exit. */
export async function git(args: readonly string[], options: GitOptions): Promise<string> {
  const result = await gitRaw(args, options);
  if (result.code !== 0) throw new GitError(args, result.code, result.stderr);
  return result.stdout;
}

/** `git version 2.39.5` -> `2.39.5`; undefined when git is not installed. */
export async function gitVersion(cwd: string): Promise<string | undefined> {
  try {
    const out = await git(['--version'], { cwd });
    return out.trim().replace(/^git version\s+/, '');
  } catch {
    return undefined;
  }
}

/** The top folder of the work tree around `dir`, or undefined when `dir` is not inside one. */
export async function repoTopLevel(dir: string): Promise<string | undefined> {
  const result = await gitRaw(['rev-parse', '--show-toplevel'], { cwd: dir });
  if (result.code !== 0) return undefined;
  const top = result.stdout.trim();
  return top ? path.resolve(top) : undefined;
}

/**
 * The full commit id `rev` names, or undefined when it names no commit. `--end-of-options`
 * keeps a revision that starts with `-` from being read as an option.
 */
export async function resolveCommit(repo: string, rev: string, options: Omit<GitOptions, 'cwd'> = {}): Promise<string | undefined> {
  if (rev === '' || rev.includes('\0')) return undefined;
  const result = await gitRaw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
    cwd: repo,
    ...options,
  });
  const sha = result.stdout.trim();
  return result.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/** What `commit:repoPath` is in the repository (`tree` for a folder, `blob` for a file), or undefined when absent. */
export async function objectTypeAt(
  repo: string,
  commit: string,
  repoPath: string,
  options: Omit<GitOptions, 'cwd'> = {},
): Promise<'tree' | 'blob' | 'commit' | undefined> {
  const spec = `${commit}:${toGitPath(repoPath)}`;
  const result = await gitRaw(['cat-file', '-t', '--end-of-options', spec], { cwd: repo, ...options });
  if (result.code !== 0) return undefined;
  const type = result.stdout.trim();
  return type === 'tree' || type === 'blob' || type === 'commit' ? type : undefined;
}

export interface CommitSummary {
  sha: string;
  short: string;
  subject: string;
  /** Committer date, ISO 8601. */
  date: string;
}

export async function describeCommit(repo: string, commit: string): Promise<CommitSummary> {
  const out = await git(['show', '-s', '--format=%H%x00%h%x00%cI%x00%s', '--end-of-options', commit], { cwd: repo });
  const [sha, short, date, subject] = out.replace(/\n$/, '').split('\0');
  return { sha, short, date, subject };
}

/** Files under `repoPaths` (relative to the repository top) that differ from HEAD or are untracked, as `XY path` lines. */
export async function uncommittedChanges(repo: string, repoPaths: readonly string[]): Promise<string[]> {
  const out = await git(
    ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...repoPaths.map((p) => `:(top,literal)${toGitPath(p)}`)],
    { cwd: repo },
  );
  const entries: string[] = [];
  const fields = out.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (!field) continue;
    entries.push(field);
    // A rename or copy is followed by its source path as a separate field.
    if (field[0] === 'R' || field[0] === 'C') i++;
  }
  return entries;
}

/** Hooks are not run in throwaway worktrees: a post-checkout hook has no business there. */
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'];

/** Adds a worktree at `dir` (which must not exist yet) with `commit` checked out on a detached HEAD. */
export async function addDetachedWorktree(repo: string, dir: string, commit: string, options: Omit<GitOptions, 'cwd'> = {}): Promise<void> {
  await git([...NO_HOOKS, 'worktree', 'add', '--detach', '--end-of-options', dir, commit], { cwd: repo, ...options });
}

/**
 * Replaces `repoPaths` in the worktree at `worktree` with their content at `commit` (the files
 * are written to the worktree and its index). Paths are relative to the repository top.
 */
export async function checkoutPathsFrom(
  worktree: string,
  commit: string,
  repoPaths: readonly string[],
  options: Omit<GitOptions, 'cwd'> = {},
): Promise<void> {
  await git([...NO_HOOKS, 'checkout', commit, '--', ...repoPaths.map((p) => `:(top,literal)${toGitPath(p)}`)], {
    cwd: worktree,
    ...options,
  });
}

/** Removes a worktree, its files included, and forgets it; tolerates one whose folder is already gone. */
export async function removeWorktree(repo: string, dir: string): Promise<void> {
  const args = ['worktree', 'remove', '--force', '--force', '--end-of-options', dir];
  const result = await gitRaw(args, { cwd: repo });
  await git(['worktree', 'prune'], { cwd: repo });
  if (result.code !== 0 && (await listWorktrees(repo)).includes(path.resolve(dir))) {
    throw new GitError(args, result.code, result.stderr);
  }
}

/** Absolute paths of every worktree git knows for `repo`, the main one first. */
export async function listWorktrees(repo: string): Promise<string[]> {
  const out = await git(['worktree', 'list', '--porcelain'], { cwd: repo });
  return out
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => path.resolve(line.slice('worktree '.length)));
}

/** Git pathspecs use `/` on every platform. */
function toGitPath(p: string): string {
  return p.split(path.sep).join('/');
}
