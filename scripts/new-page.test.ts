import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { main } from './new-page';

const FIXTURE = path.join(import.meta.dirname, '__fixtures__', 'new-page', 'site');
const SCRIPT = path.join(import.meta.dirname, 'new-page.ts');
const TSX = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
const INTRO = 'docs/00100-intro';

let site: string;
let out: string[];
let err: string[];

beforeEach(() => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'new-page-'));
  fs.cpSync(FIXTURE, site, { recursive: true });
  out = [];
  err = [];
});
afterEach(() => fs.rmSync(site, { recursive: true, force: true }));

const run = (...argv: string[]) =>
  main(argv, { cwd: site, out: (line) => out.push(line), err: (line) => err.push(line) });

/** Every file under the site with its content, to show that a refused command changed nothing. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(site, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(site, full)] = fs.readFileSync(full, 'utf8');
    }
  }
  return files;
}

function frontMatter(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(site, file), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  expect(match, `${file} starts with front matter`).not.toBeNull();
  return YAML.parse(match![1]);
}

describe('new-page', () => {
  it.each([
    [['--before', 'faq'], '00370-new.md'], // between 00350 and 00400, README's example
    [['--after', 'upgrade'], '00370-new.md'],
    [['--after', 'install'], '00320-new.md'], // between 00300 and 00350
    [['--after', '00100-getting-started.md'], '00200-new.md'],
    [['--before', 'getting-started'], '00050-new.md'],
    [['--end'], '01400-new.md'], // after 01350, README's example
    [[], '01400-new.md'],
    [['--after', 'tables'], '01400-new.md'], // a page and its folder count as one entry
    [['--after', `${INTRO}/01350-tables/`], '01400-new.md'],
  ])('%j creates %s with title front matter', async (placement, expected) => {
    expect(await run(INTRO, 'new', ...placement)).toBe(0);
    const created = `${INTRO}/${expected}`;
    expect(out).toEqual([`created ${created}`]);
    expect(frontMatter(created)).toEqual({ title: 'New', description: '' });
  });

  it('uses --title, quoting it as YAML needs', async () => {
    expect(await run(INTRO, 'table-basics', '--before', 'faq', '--title', 'Tables: "the" basics #1')).toBe(0);
    expect(frontMatter(`${INTRO}/00370-table-basics.md`).title).toBe('Tables: "the" basics #1');
  });

  it('makes the title from the name when --title is absent, and keeps .mdx', async () => {
    expect(await run(INTRO, 'my-first-page.mdx', '--dry-run')).toBe(0);
    expect(out).toEqual([`${INTRO}/01400-my-first-page.mdx`]);
    expect(await run(INTRO, 'my-first-page.mdx')).toBe(0);
    expect(frontMatter(`${INTRO}/01400-my-first-page.mdx`).title).toBe('My first page');
  });

  it('--dry-run prints the chosen path only and writes nothing', async () => {
    const before = snapshot();
    expect(await run(INTRO, 'new', '--before', 'faq', '--dry-run')).toBe(0);
    expect(out).toEqual([`${INTRO}/00370-new.md`]);
    expect(snapshot()).toEqual(before);
  });

  it('works in a versioned tree and with --root from elsewhere', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'new-page-cwd-'));
    try {
      const code = await main(['versioned_docs/version-1.0.0/00100-intro', 'later', '--root', site], {
        cwd: elsewhere,
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      expect(code).toBe(0);
      expect(fs.existsSync(path.join(site, 'versioned_docs/version-1.0.0/00100-intro/00200-later.md'))).toBe(true);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses when no number is free, suggests renumbering, and writes nothing', async () => {
    const before = snapshot();
    expect(await run(INTRO, 'new', '--after', 'faq')).toBe(1);
    expect(err.join('\n')).toMatch(/cannot place new after 00400-faq of docs\/00100-intro: no number is free between 00400 and 00401\.\nRenumber/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a name an existing page already has', async () => {
    const before = snapshot();
    expect(await run(INTRO, 'faq', '--end')).toBe(1);
    expect(err).toEqual(['error: docs/00100-intro already has a page named faq: 00400-faq.md']);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    [[INTRO], /expected <folder> and <name>, got 1 argument/],
    [[INTRO, 'a', 'b'], /got extra argument\(s\): b/],
    [[INTRO, 'My Page'], /<name> My Page: use lowercase letters/],
    [[INTRO, '00500-numbered'], /<name> 00500-numbered: give the name without a number prefix/],
    [[INTRO, 'x', '--after', 'faq', '--end'], /only one of --after, --before and --end/],
    [[INTRO, 'x', '--after', 'nothing-here'], /--after nothing-here: no such page or folder in docs\/00100-intro \(it has: 00100-getting-started, 00300-install/],
    [[INTRO, 'x', '--before', 'docs/elsewhere/00400-faq.md'], /--before docs\/elsewhere\/00400-faq.md: not an entry of docs\/00100-intro/],
    [['docs/missing', 'x'], /<folder> docs\/missing: no such folder/],
    [['src', 'x'], /<folder> src: .* is not inside a docs tree \(docs, versioned_docs\/version-1.0.0\)/],
    [[INTRO, 'x', '--title', '  '], /--title: the title is empty/],
  ])('%j is a usage error that names the argument', async (argv, message) => {
    const before = snapshot();
    await expect(run(...argv)).rejects.toThrow(message);
    expect(snapshot()).toEqual(before);
  });

  it('as a command: exit 2 with the usage for bad arguments, exit 0 and the path for a dry run', async () => {
    const exec = promisify(execFile);
    const bad = await exec(TSX, [SCRIPT, INTRO, 'Bad Name'], { cwd: site }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: <name> Bad Name: .*\n\nusage: pnpm new-page <folder> <name>/);
    const good = await exec(TSX, [SCRIPT, INTRO, 'new', '--before', 'faq', '--dry-run'], {
      cwd: site,
      env: { ...process.env, INIT_CWD: site },
    });
    expect(good.stdout).toBe(`${INTRO}/00370-new.md\n`);
  });
});
