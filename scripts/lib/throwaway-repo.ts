// Test helper: real, throwaway git repositories (in the style of Changesets' and Starlight's
// test utilities). Fixed author, committer and dates, branch `main`, no signing, no user or
// system git config, so a test sees the same repository on every machine.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const FIXED_DATE = '2024-01-02T03:04:05Z';

/** Environment for every git command a test runs itself. */
export const THROWAWAY_GIT_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Docs Tester',
  GIT_AUTHOR_EMAIL: 'docs-tester@example.com',
  GIT_AUTHOR_DATE: FIXED_DATE,
  GIT_COMMITTER_NAME: 'Docs Tester',
  GIT_COMMITTER_EMAIL: 'docs-tester@example.com',
  GIT_COMMITTER_DATE: FIXED_DATE,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

export interface ThrowawayRepo {
  /** Absolute, real path of the repository's work tree. */
  dir: string;
  git(args: string[]): Promise<string>;
  /** Writes files (relative path -> content); `null` deletes the file. */
  write(files: Record<string, string | null>): Promise<void>;
  /** Writes `files`, stages everything and commits; returns the new commit id. */
  commit(message: string, files?: Record<string, string | null>): Promise<string>;
  remove(): Promise<void>;
}

export function runGit(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: { ...process.env, ...THROWAWAY_GIT_ENV }, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

export async function createThrowawayRepo(name = 'repo'): Promise<ThrowawayRepo> {
  const parent = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), `throwaway-${name}-`)));
  const dir = path.join(parent, name);
  await fsp.mkdir(dir);
  await runGit(['init', '--quiet', '--initial-branch=main'], dir);
  await runGit(['config', 'commit.gpgsign', 'false'], dir);
  await runGit(['config', 'tag.gpgsign', 'false'], dir);
  await runGit(['config', 'core.autocrlf', 'false'], dir);

  const write = async (files: Record<string, string | null>) => {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(dir, rel);
      if (content === null) {
        await fsp.rm(file, { force: true });
      } else {
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await fsp.writeFile(file, content);
      }
    }
  };

  return {
    dir,
    git: (args) => runGit(args, dir),
    write,
    async commit(message, files = {}) {
      await write(files);
      await runGit(['add', '--all'], dir);
      await runGit(['commit', '--quiet', '--allow-empty', '-m', message], dir);
      return (await runGit(['rev-parse', 'HEAD'], dir)).trim();
    },
    remove: () => fsp.rm(parent, { recursive: true, force: true }),
  };
}

/**
 * Every file under `dir` (except .git and node_modules) with a hash of its content, and every
 * symlink with its target: two equal snapshots mean nothing in the tree changed.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, rel: string) => {
    for (const entry of await fsp.readdir(d, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = path.join(d, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) out[relPath] = `-> ${await fsp.readlink(full)}`;
      else if (entry.isDirectory()) {
        out[`${relPath}/`] = 'dir';
        await walk(full, relPath);
      } else out[relPath] = crypto.createHash('sha256').update(await fsp.readFile(full)).digest('hex');
    }
  };
  await walk(dir, '');
  return out;
}
