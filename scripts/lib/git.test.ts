import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDetachedWorktree,
  checkoutPathsFrom,
  describeCommit,
  git,
  GitError,
  listWorktrees,
  objectTypeAt,
  removeWorktree,
  repoTopLevel,
  resolveCommit,
  uncommittedChanges,
} from './git';
import { createThrowawayRepo, type ThrowawayRepo } from './throwaway-repo';

let repo: ThrowawayRepo;
let first: string;
let second: string;

beforeAll(async () => {
  repo = await createThrowawayRepo('git-helpers');
  first = await repo.commit('first', { 'docs/a.md': 'A1\n', 'docs/old.md': 'old\n', 'keep.txt': 'keep\n' });
  second = await repo.commit('second: a.md changed, old.md gone', { 'docs/a.md': 'A2\n', 'docs/old.md': null, 'docs/b.md': 'B\n' });
  await repo.git(['tag', 'v1', first]);
});

afterAll(async () => {
  await repo.remove();
});

describe('resolveCommit', () => {
  it('resolves names git knows to full commit ids', async () => {
    expect(await resolveCommit(repo.dir, 'HEAD')).toBe(second);
    expect(await resolveCommit(repo.dir, 'v1')).toBe(first);
    expect(await resolveCommit(repo.dir, first.slice(0, 8))).toBe(first);
    expect(await resolveCommit(repo.dir, 'HEAD~1')).toBe(first);
  });

  it('treats shell syntax and option-like text as unknown commits, running nothing', async () => {
    const marker = path.join(repo.dir, 'pwned');
    for (const rev of [`HEAD; touch ${marker}`, `$(touch ${marker})`, `--output=${marker}`, '-h', '', 'HEAD:docs', 'no-such-branch']) {
      expect(await resolveCommit(repo.dir, rev), rev).toBeUndefined();
    }
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('objectTypeAt, describeCommit', () => {
  it('tells folders from files and absent paths, at the given commit', async () => {
    expect(await objectTypeAt(repo.dir, first, 'docs')).toBe('tree');
    expect(await objectTypeAt(repo.dir, first, 'docs/old.md')).toBe('blob');
    expect(await objectTypeAt(repo.dir, second, 'docs/old.md')).toBeUndefined();
    expect(await objectTypeAt(repo.dir, second, 'nothing-here')).toBeUndefined();
  });

  it('summarises a commit', async () => {
    const summary = await describeCommit(repo.dir, second);
    expect(summary).toMatchObject({ sha: second, subject: 'second: a.md changed, old.md gone', date: '2024-01-02T03:04:05+00:00' });
    expect(second.startsWith(summary.short)).toBe(true);
  });
});

describe('repoTopLevel, git', () => {
  it('finds the work tree top from a subfolder, and nothing outside a repository', async () => {
    expect(await repoTopLevel(path.join(repo.dir, 'docs'))).toBe(repo.dir);
    const outside = await fsp.mkdtemp(path.join(os.tmpdir(), 'not-a-repo-'));
    try {
      expect(await repoTopLevel(outside)).toBeUndefined();
    } finally {
      await fsp.rm(outside, { recursive: true, force: true });
    }
  });

  it('throws GitError carrying git\'s own message on a non-zero exit', async () => {
    const error = await git(['show', 'no-such-rev'], { cwd: repo.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).exitCode).toBe(128);
    expect((error as GitError).message).toMatch(/git show no-such-rev failed \(exit 128\):[\s\S]*no-such-rev/);
  });
});

describe('uncommittedChanges', () => {
  it('lists modified and untracked files under the given paths only', async () => {
    await repo.write({ 'docs/a.md': 'edited\n', 'docs/new/untracked.md': 'x\n', 'keep.txt': 'edited too\n' });
    try {
      expect(await uncommittedChanges(repo.dir, ['docs'])).toEqual([' M docs/a.md', '?? docs/new/untracked.md']);
      expect(await uncommittedChanges(repo.dir, ['versions.json'])).toEqual([]);
    } finally {
      await repo.git(['checkout', '--', '.']);
      await fsp.rm(path.join(repo.dir, 'docs/new'), { recursive: true });
    }
    expect(await uncommittedChanges(repo.dir, ['docs', 'keep.txt'])).toEqual([]);
  });
});

describe('worktrees', () => {
  it('adds a detached worktree, restores paths from another commit, removes it without a trace', async () => {
    const parent = await fsp.mkdtemp(path.join(os.tmpdir(), 'wt-test-'));
    const wt = path.join(parent, 'wt');
    const branchesBefore = await repo.git(['branch', '--list']);
    try {
      await addDetachedWorktree(repo.dir, wt, second);
      expect(await listWorktrees(repo.dir)).toEqual([repo.dir, wt]);
      expect((await git(['rev-parse', 'HEAD'], { cwd: wt })).trim()).toBe(second);
      expect((await git(['status', '--porcelain', '--branch'], { cwd: wt })).trim()).toBe('## HEAD (no branch)');

      await fsp.rm(path.join(wt, 'docs'), { recursive: true });
      await checkoutPathsFrom(wt, first, ['docs']);
      expect(fs.readdirSync(path.join(wt, 'docs')).sort()).toEqual(['a.md', 'old.md']);
      expect(fs.readFileSync(path.join(wt, 'docs/a.md'), 'utf8')).toBe('A1\n');

      await removeWorktree(repo.dir, wt);
      expect(fs.existsSync(wt)).toBe(false);
      expect(await listWorktrees(repo.dir)).toEqual([repo.dir]);
      expect(await repo.git(['branch', '--list'])).toBe(branchesBefore);
      // The main work tree never saw any of it.
      expect(fs.readFileSync(path.join(repo.dir, 'docs/a.md'), 'utf8')).toBe('A2\n');
    } finally {
      await fsp.rm(parent, { recursive: true, force: true });
    }
  });

  it('forgets a worktree whose folder was deleted behind git\'s back', async () => {
    const parent = await fsp.mkdtemp(path.join(os.tmpdir(), 'wt-test-'));
    const wt = path.join(parent, 'wt');
    try {
      await addDetachedWorktree(repo.dir, wt, first);
      await fsp.rm(wt, { recursive: true });
      await removeWorktree(repo.dir, wt);
      expect(await listWorktrees(repo.dir)).toEqual([repo.dir]);
    } finally {
      await fsp.rm(parent, { recursive: true, force: true });
    }
  });
});
