import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type Io } from './rewrite-links';

const FIXTURE = path.join(import.meta.dirname, '__fixtures__', 'rewrite-links', 'site');
const SCRIPT = path.join(import.meta.dirname, 'rewrite-links.ts');
const TSX = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
const OLD = 'versioned_docs/version-1.12.0';

let site: string;
beforeEach(() => {
  site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewrite-links-')), 'site');
  fs.cpSync(FIXTURE, site, { recursive: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(path.dirname(site), { recursive: true, force: true });
});

/** Run the command as a user does: a separate process, its output and exit code. */
async function cli(args: string[], cwd = site): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [SCRIPT, ...args], { cwd, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Run main() in this process, collecting its output. */
async function run(args: string[], cwd = site): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { cwd, out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(args, io);
  return { code, out, err };
}

/** Every file of the site with its bytes, to show what a command changed and what it did not. */
function snapshot(root = site): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(root, full)] = fs.readFileSync(full).toString('base64');
    }
  }
  return files;
}

const read = (file: string) => fs.readFileSync(path.join(site, file), 'utf8');

const LINKS_AFTER = `---
title: Links
---

import Link from "@docusaurus/Link";

# Links from a 1.12.0 page

- [Home](./00100-intro/00100-getting-started.md) and [home with baseUrl](./00100-intro/00100-getting-started.md)
- [Alpha](./00200-guides/00100-alpha.md), [with a slash](./00200-guides/00100-alpha.md), [with the baseUrl](./00200-guides/00100-alpha.md)
- [Anchor kept](./00200-guides/00100-alpha.md#install) and [query kept](./00200-guides/00100-alpha.md?tab=rust#install)
- [Index doc](./00200-guides/index.md), [folder-named index](./00200-guides/00200-nested/00200-nested.md), [child](./00200-guides/00200-nested/00100-child.md)
- [By id](./00100-intro/00300-custom-id.md), [upper-case slug](./00300-Case/00100-Mixed.md)
- [Explicit own version](./00200-guides/00100-alpha.md), [with baseUrl](./00100-intro/00200-what-is.md#overview)
- [No version named](./00100-intro/00200-what-is.md)
- [Reference][alpha]
- <Link to="/1.12.0/guides/alpha">JSX link</Link> and <a href="/docs/1.12.0/intro/what-is">an a tag</a>

Not links: \`[code](/guides/alpha)\`, ![image](/img/logo.svg), [static](/llms.txt), [external](https://example.com/guides/alpha).

\`\`\`md
[fenced](/guides/alpha)
\`\`\`

{/* [comment](/guides/alpha) */}

[alpha]: ./00200-guides/00100-alpha.md "Alpha"
`;

describe('rewrite-links (as a command)', () => {
  it('dry run: lists each rewrite and each unresolved link with path:line, changes nothing, exits 0', async () => {
    const before = snapshot();
    const { code, stdout, stderr } = await cli([]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toContain(`${OLD}/00700-links.mdx:10: /guides/alpha -> ./00200-guides/00100-alpha.md`);
    expect(lines).toContain(`${OLD}/00700-links.mdx:11: /guides/alpha?tab=rust#install -> ./00200-guides/00100-alpha.md?tab=rust#install`);
    expect(lines).toContain(`${OLD}/00700-links.mdx:17: /guides/alpha -> /1.12.0/guides/alpha`);
    expect(lines).toContain('docs/_partials/_note.mdx:1: /guides/alpha -> ../00200-guides/00100-alpha.md');
    expect(lines).toContain(`${OLD}/00800-unresolved.md:3: cannot rewrite /only-new: no page /only-new in version 1.12.0 (it exists in version 2.0.0)`);
    expect(lines).toContain(
      'docs/00700-unresolved.md:3: cannot rewrite /same: ambiguous: /same is the route of 2 pages in version 2.0.0 (00400-collide-a.md, 00410-collide-b.md)',
    );
    expect(lines).toContain(
      `${OLD}/00800-unresolved.md:7: cannot rewrite /guides/alpha#config: #config is not an anchor of ${OLD}/00200-guides/00100-alpha.md, the page it would lead to in version 1.12.0`,
    );
    expect(lines.filter((l) => l.includes(' -> '))).toHaveLength(22);
    expect(lines.filter((l) => l.includes('cannot rewrite'))).toHaveLength(7);
    expect(lines.at(-1)).toBe('Would rewrite 22 link(s) in 5 file(s); 7 unresolved.');
    expect(snapshot()).toEqual(before);
  });

  it('--write: rewrites the links, touches no other file, and a second run has nothing left to do', async () => {
    const before = snapshot();
    const first = await cli(['--write']);
    expect(first.code).toBe(0);
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe('Rewrote 22 link(s) in 5 file(s); 7 unresolved.');
    expect(read(`${OLD}/00700-links.mdx`)).toBe(LINKS_AFTER);
    expect(read(`${OLD}/00750-broken-before.md`)).toContain('[Only in 1.12.0](./00600-only-old.md)');
    expect(read('docs/00600-links.md')).toContain('[Alpha](./00200-guides/00100-alpha.md#config) and [explicit old](/1.12.0/guides/alpha)');
    const after = snapshot();
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
    expect(changed.sort()).toEqual(
      [
        'docs/00100-intro/00100-getting-started.md',
        'docs/00600-links.md',
        'docs/_partials/_note.mdx',
        `${OLD}/00700-links.mdx`,
        `${OLD}/00750-broken-before.md`,
      ].sort(),
    );
    // No temporary files are left behind.
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());

    const second = await cli(['--write']);
    expect(second.code).toBe(0);
    expect(second.stdout.trimEnd().split('\n').at(-1)).toBe('Rewrote 0 link(s) in 0 file(s); 7 unresolved.');
    expect(snapshot()).toEqual(after);
  });

  it('--check: exit 1 while links would be rewritten, 0 once they are; never writes', async () => {
    const before = snapshot();
    const pending = await cli(['--check']);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain('Would rewrite 22 link(s) in 5 file(s); 7 unresolved.');
    expect(snapshot()).toEqual(before);
    await run(['--write']);
    expect((await run(['--check'])).code).toBe(0);
  });

  it('--json: one machine-readable report', async () => {
    const { code, stdout } = await cli(['--json', `${OLD}/00750-broken-before.md`]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.summary).toEqual({ links: 1, files: 1, unresolved: 0, failed: 0, skipped: 0, scanned: 1 });
    expect(report.rewrites).toEqual([
      { file: `${OLD}/00750-broken-before.md`, line: 3, column: 18, kind: 'inline', from: '/only-old', to: './00600-only-old.md' },
    ]);
    expect(report.mode).toBe('dry-run');
  });

  it.each([
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--write', '--check'], /--write and --check cannot be used together/],
    [['--root'], /argument missing|--root/],
    [['no/such/dir'], /no\/such\/dir: no such file or folder/],
    [['docusaurus.config.ts'], /docusaurus.config.ts: not inside a docs folder/],
  ])('%j: usage message naming the problem, exit 2, nothing written', async (args, message) => {
    const before = snapshot();
    const { code, stderr, stdout } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('usage: pnpm rewrite-links');
    expect(stdout).toBe('');
    expect(snapshot()).toEqual(before);
  });

  it('--root works from any folder, and paths print relative to where it runs', async () => {
    const elsewhere = path.dirname(site);
    const { code, stdout } = await cli(['--root', 'site', `site/${OLD}/00750-broken-before.md`], elsewhere);
    expect(code).toBe(0);
    expect(stdout).toBe(`site/${OLD}/00750-broken-before.md:3: /only-old -> ./00600-only-old.md\nWould rewrite 1 link(s) in 1 file(s); 0 unresolved.\n`);
  });

  it('outside a site, without --root: says how to name one, exit 2', async () => {
    const { code, stderr } = await cli([], os.tmpdir());
    expect(code).toBe(2);
    expect(stderr).toMatch(/no docusaurus\.config\.ts found in .* or any folder above it; run inside the docs site or pass --root <dir>/);
  });
});

describe('rewrite-links (safety)', () => {
  it('reports a page that does not parse as path:line, leaves it, processes the others; exit 1 only with --write', async () => {
    const broken = `${OLD}/00900-broken.mdx`;
    const brokenText = '# Broken\n\n[a](/guides/alpha)\n\n<Tabs>\n\nnever closed\n';
    fs.writeFileSync(path.join(site, broken), brokenText);
    const dry = await run([]);
    expect(dry.code).toBe(0);
    expect(dry.err).toEqual([`${broken}:5: cannot parse: Expected a closing tag for \`<Tabs>\``]);
    expect(dry.out.at(-2)).toBe('Would rewrite 22 link(s) in 5 file(s); 7 unresolved.');
    expect(dry.out.at(-1)).toBe('1 file(s) were left untouched because of the errors above.');

    const write = await run(['--write']);
    expect(write.code).toBe(1);
    expect(read(broken)).toBe(brokenText);
    expect(read(`${OLD}/00700-links.mdx`)).toBe(LINKS_AFTER);
  });

  it('skips binary and non-UTF-8 files with a message', async () => {
    fs.writeFileSync(path.join(site, `${OLD}/00910-binary.md`), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x5b, 0x5d]));
    fs.writeFileSync(path.join(site, `${OLD}/00920-latin1.md`), Buffer.from('# Caf\xe9 [a](/guides/alpha)\n', 'latin1'));
    const before = snapshot();
    const { code, err } = await run(['--write', `${OLD}/00910-binary.md`, `${OLD}/00920-latin1.md`]);
    expect(code).toBe(0);
    expect(err).toEqual([`${OLD}/00910-binary.md: skipped: binary file (it contains NUL bytes)`, `${OLD}/00920-latin1.md: skipped: not valid UTF-8`]);
    expect(snapshot()).toEqual(before);
  });

  it('does not follow a symlink that points outside the docs tree', async () => {
    const outside = path.join(path.dirname(site), 'outside.md');
    fs.writeFileSync(outside, '[a](/guides/alpha)\n');
    fs.symlinkSync(outside, path.join(site, OLD, '00930-link.md'));
    const { out } = await run([]);
    expect(out.join('\n')).not.toContain('00930-link.md');
    expect(fs.readFileSync(outside, 'utf8')).toBe('[a](/guides/alpha)\n');
  });

  it('keeps a BOM, CRLF line endings and a missing final newline when it rewrites', async () => {
    const file = `${OLD}/00940-crlf.md`;
    fs.writeFileSync(path.join(site, file), '\uFEFF# CRLF  \r\n\r\nSee [alpha](/guides/alpha).\t\r\nEnd');
    await run(['--write', file]);
    expect(fs.readFileSync(path.join(site, file))).toEqual(Buffer.from('\uFEFF# CRLF  \r\n\r\nSee [alpha](./00200-guides/00100-alpha.md).\t\r\nEnd'));
  });

  it('a folder argument limits the run to the files under it', async () => {
    const { out } = await run([`${OLD}/00200-guides`, 'docs/_partials']);
    expect(out).toEqual(['docs/_partials/_note.mdx:1: /guides/alpha -> ../00200-guides/00100-alpha.md', 'Would rewrite 1 link(s) in 1 file(s); 0 unresolved.']);
  });

  it('when a write fails, restores the files it already wrote and exits 1', async () => {
    const atomic = await import('./lib/atomic-write');
    const real = atomic.writeFileAtomic;
    let calls = 0;
    const spy = vi.spyOn(atomic, 'writeFileAtomic').mockImplementation(async (file, data) => {
      calls++;
      if (calls === 3) throw new Error('disk full');
      return real(file, data);
    });
    const before = snapshot();
    const { code, err } = await run(['--write']);
    expect(spy).toHaveBeenCalled();
    expect(code).toBe(1);
    expect(err.at(-1)).toMatch(/^error: could not write .*: disk full; 2 of 2 file\(s\) already written were restored$/);
    expect(snapshot()).toEqual(before);
  });

  it('never overwrites a file that changed on disk while it ran', async () => {
    const atomic = await import('./lib/atomic-write');
    const real = atomic.writeFileAtomic;
    const later = path.join(site, OLD, '00750-broken-before.md');
    let edited = false;
    vi.spyOn(atomic, 'writeFileAtomic').mockImplementation(async (file, data) => {
      if (!edited) {
        // Someone saves another page between the scan and its write.
        fs.appendFileSync(later, '\nAn edit made meanwhile.\n');
        edited = true;
      }
      return real(file, data);
    });
    const { code, err } = await run(['--write']);
    expect(code).toBe(1);
    expect(err).toContain(`${OLD}/00750-broken-before.md:1: changed on disk while rewrite-links was running; not written (run it again)`);
    expect(fs.readFileSync(later, 'utf8')).toContain('[Only in 1.12.0](/only-old)');
    expect(fs.readFileSync(later, 'utf8')).toContain('An edit made meanwhile.');
  });

  it('works on a bare docs tree without docusaurus.config.ts (this project’s layout assumed)', async () => {
    fs.rmSync(path.join(site, 'docusaurus.config.ts'));
    const { code, out } = await run(['--root', '.', '--verbose', `${OLD}/00750-broken-before.md`]);
    expect(code).toBe(0);
    expect(out[1]).toMatch(/^settings: no docusaurus\.config\.ts in .*: assuming baseUrl \/docs\/, routeBasePath \//);
    expect(out).toContain(`${OLD}/00750-broken-before.md:3: /only-old -> ./00600-only-old.md`);
  });
});
