import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './lint-docs';
import { checkTabs } from './lint-docs/tab-groups';
import { checkFolderEntries } from './lint-docs/tree-checks';

const FIXTURES = path.join(import.meta.dirname, '__fixtures__', 'lint-docs');

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-docs-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** Copies a fixture site to <work>/site and runs lint-docs there; returns the exit code and printed lines. */
async function lint(fixture: string, edit?: (site: string) => void): Promise<{ code: number; lines: string[] }> {
  const site = path.join(work, 'site');
  fs.cpSync(path.join(FIXTURES, fixture), site, { recursive: true });
  edit?.(site);
  const lines: string[] = [];
  const code = await main([], { cwd: site, out: (line) => lines.push(...line.split('\n')) });
  return { code, lines };
}

/** A stand-in for ../shared/originality/originality.py that records its arguments and reports `flagged`. */
function fakeOriginality(flagged: string[]): string {
  const dir = path.join(work, 'shared', 'originality');
  fs.mkdirSync(dir, { recursive: true });
  const argsFile = path.join(work, 'originality-args.json');
  fs.writeFileSync(
    path.join(dir, 'originality.py'),
    [
      'import json, sys',
      `json.dump(sys.argv[1:], open(${JSON.stringify(argsFile)}, "w"))`,
      ...flagged.map((page) => `print(${JSON.stringify(`${page}: prose shared 41%, longest shared run 30 words in prose, 0 in code`)})`),
      `print("originality: ${flagged.length} of 4 pages over the limits")`,
      `sys.exit(${flagged.length ? 1 : 0})`,
    ].join('\n'),
  );
  return argsFile;
}

describe('lint-docs on a site with every kind of problem', () => {
  it('prints each problem as path:line: message, sorted, and exits 1', async () => {
    const { code, lines } = await lint('bad');
    expect(code).toBe(1);
    expect(lines).toEqual([
      'docs/00100-intro/00100-start.md:1: number prefix 00100 is also used by 00100-again; give each entry its own number',
      'docs/00100-intro/00200-problems.md:7: heading level jumps from h1 to h4; use h2',
      'docs/00100-intro/00200-problems.md:9: code block names no language; name one (text for plain output)',
      'docs/00100-intro/00200-problems.md:13: code block language "rustt" is not one the site highlights; use text for plain output',
      'docs/00100-intro/00200-problems.md:17: code block language "Rust" is not one the site highlights; did you mean rust?',
      'docs/00100-intro/00200-problems.md:21: image ./missing.png does not exist (looked for docs/00100-intro/missing.png)',
      'docs/00100-intro/00200-problems.md:22: image /img/absent.png does not exist (looked for static/img/absent.png)',
      'docs/00100-intro/00200-problems.md:23: image ../nowhere.svg does not exist (looked for docs/nowhere.svg)',
      `docs/00100-intro/00200-problems.md:25: language tabs (typescript, rust) need groupId="server-language" or "client-language" (found groupId="lang") so the reader's choice carries across pages`,
      'docs/00100-intro/00200-problems.md:30: groupId="server-language" takes the values typescript, csharp, rust, cpp; not "go"',
      'docs/00100-intro/00200-problems.md:30: groupId="server-language" tabs go in the order typescript, rust (found rust, typescript)',
      'docs/00100-intro/00200-problems.md:36: <TabItem value="csharp"> appears twice in one <Tabs>',
      `docs/00100-intro/00200-problems.md:36: language tabs (csharp) need groupId="server-language" or "client-language" (found no groupId) so the reader's choice carries across pages`,
      'docs/00100-intro/00200-problems.md:45: heading level jumps from h3 to h5; use h4',
      'docs/00100-intro/00300-nofm.md:1: no front matter; start the page with ---, title: ..., ---',
      'docs/00100-intro/00400-badyaml.md:2: front matter does not parse: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'docs/00100-intro/00500-notitle.md:1: front matter has no title',
      'docs/00100-intro/00600-broken.md:7: page does not parse as MDX: Expected a closing tag for `<div>` (7:1-7:6)',
      'docs/00100-intro/00800-same-b.md:3: URL /docs/same/ is also the URL of docs/00100-intro/00700-same-a.md; give one of them another slug',
      'docs/00100-intro/00900-blank-title.md:2: front matter title must be non-empty text',
      'docs/00100-intro/00950-dup-id.md:1: URL /docs/intro/problems is also the URL of docs/00100-intro/00200-problems.md; give one of them another slug',
      'docs/00100-intro/00950-dup-id.md:3: doc id intro/problems is also the id of docs/00100-intro/00200-problems.md; set another id or rename the file',
      'docs/00100-intro/01000-links.md:5: absolute link /intro/start: link the file instead, ./00100-start.md (pnpm rewrite-links:write does it)',
      'docs/00100-intro/01000-links.md:5: absolute link /intro/start#top: link the file instead, ./00100-start.md#top (pnpm rewrite-links:write does it)',
      'docs/00100-intro/01000-links.md:5: absolute link /intro/nothing leads to no page: no page /intro/nothing in version 2.0.0 or any other version',
      'docs/00100-intro/extras/: folder name has no five-digit number prefix (like 00100-extras); pnpm new-page picks one',
      'docs/00100-intro/loose.md:1: page name has no five-digit number prefix (like 00100-loose); pnpm new-page picks one',
      'versioned_docs/version-1.0.0/00100-intro/00100-old.md:5: heading level jumps from h1 to h3; use h2',
      'versioned_docs/version-1.0.0/00100-intro/00100-older.md:1: number prefix 00100 is also used by 00100-old; give each entry its own number',
      `originality: skipped, ${path.join(work, 'shared', 'originality', 'originality.py')} not found`,
      'lint-docs: 29 problem(s) in 14 file(s); 17 page(s) checked in docs, versioned_docs/version-1.0.0',
    ]);
  });

  it('leaves every file as it was', async () => {
    const before = fs.readdirSync(path.join(FIXTURES, 'bad'), { recursive: true }).sort();
    await lint('bad');
    const site = path.join(work, 'site');
    expect(fs.readdirSync(site, { recursive: true }).sort()).toEqual(before);
    for (const file of before) {
      const original = path.join(FIXTURES, 'bad', String(file));
      if (fs.statSync(original).isFile()) expect(fs.readFileSync(path.join(site, String(file)), 'utf8')).toBe(fs.readFileSync(original, 'utf8'));
    }
  });
});

describe('lint-docs on a clean site', () => {
  it('reports no problems and exits 0 (page/folder pairs, index pages, aliases, mermaid, static and relative images)', async () => {
    const { code, lines } = await lint('good');
    expect(lines.at(-1)).toBe('lint-docs: no problems in 4 page(s) of docs');
    expect(code).toBe(0);
  });

  it('only knows the languages the site config adds to Prism', async () => {
    const { code, lines } = await lint('good', (site) => {
      const config = path.join(site, 'docusaurus.config.ts');
      fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('"csharp", ', ''));
    });
    expect(code).toBe(1);
    expect(lines).toContain('docs/00100-guide/00200-schema/00100-indexes.mdx:9: code block language "cs" is not one the site highlights; use text for plain output');
  });

  it('finds a duplicate number and a missing image added to it', async () => {
    const { lines } = await lint('good', (site) => {
      fs.writeFileSync(path.join(site, 'docs/00100-guide/00100-rows.md'), '---\ntitle: Rows\n---\n\n![x](./rows.png)\n');
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        'docs/00100-guide/00100-tables.md:1: number prefix 00100 is also used by 00100-rows; give each entry its own number',
        'docs/00100-guide/00100-rows.md:5: image ./rows.png does not exist (looked for docs/00100-guide/rows.png)',
      ]),
    );
  });
});

describe('lint-docs originality check', () => {
  it('runs ../shared/originality/originality.py check on the trees and reports each flagged page', async () => {
    const argsFile = fakeOriginality(['docs/index.md']);
    const { code, lines } = await lint('good');
    expect(JSON.parse(fs.readFileSync(argsFile, 'utf8'))).toEqual(['check', 'docs']);
    expect(lines).toEqual([
      'docs/index.md:1: originality: prose shared 41%, longest shared run 30 words in prose, 0 in code; rewrite it from the facts in your own words',
      'lint-docs: 1 problem(s) in 1 file(s); 4 page(s) checked in docs',
    ]);
    expect(code).toBe(1);
  });

  it('prints no notice when the check passes', async () => {
    fakeOriginality([]);
    const { code, lines } = await lint('good');
    expect(lines).toEqual(['lint-docs: no problems in 4 page(s) of docs']);
    expect(code).toBe(0);
  });
});

describe('lint-docs arguments', () => {
  it('rejects extra arguments and a --root without docs', async () => {
    await expect(main(['docs'], { cwd: work, out: () => {} })).rejects.toThrow('unexpected argument(s): docs');
    await expect(main(['--root', work], { cwd: work, out: () => {} })).rejects.toThrow(`--root ${work}: no docs/ folder`);
  });
});

describe('checkTabs', () => {
  it.each([
    [{ groupId: 'server-language', values: ['typescript', 'csharp', 'rust', 'cpp'] }, []],
    [{ groupId: 'server-language', values: ['typescript', 'rust'] }, []],
    [{ groupId: 'client-language', values: ['typescript', 'csharp', 'rust', 'unreal', 'blueprint'] }, []],
    [{ groupId: 'package-manager', values: ['npm', 'pnpm'] }, []],
    [{ groupId: undefined, values: ['before', 'after'] }, []],
    [{ groupId: 'server-language', values: ['csharp', 'typescript'] }, ['groupId="server-language" tabs go in the order typescript, csharp (found csharp, typescript)']],
    [{ groupId: 'client-language', values: ['typescript', 'kotlin'] }, ['groupId="client-language" takes the values typescript, csharp, rust, cpp, unreal, blueprint; not "kotlin"']],
    [{ groupId: 'server-language', values: ['rust', undefined] }, ['every <TabItem> needs a plain string value="..."']],
  ])('%j -> %j', (use, expected) => {
    expect(checkTabs(use)).toEqual(expected);
  });
});

describe('checkFolderEntries', () => {
  it.each([
    [[{ name: '00100-a.md', kind: 'page' }, { name: '00200-b', kind: 'folder' }, { name: 'index.mdx', kind: 'page' }], []],
    [[{ name: '00100-a.md', kind: 'page' }, { name: '00100-a', kind: 'folder' }], []],
    [[{ name: '00100-a.md', kind: 'page' }, { name: '00100-b', kind: 'folder' }], [{ name: '00100-b', message: 'number prefix 00100 is also used by 00100-a; give each entry its own number' }]],
    [[{ name: '0100-short.md', kind: 'page' }], [{ name: '0100-short.md', message: 'page name has no five-digit number prefix (like 00100-short); pnpm new-page picks one' }]],
    // pairs the upstream page map fixes are accepted; the same number with any third entry is not
    [[{ name: '00150-nextjs.md', kind: 'page' }, { name: '00150-vue.md', kind: 'page' }], []],
    [[{ name: '00500-cheat-sheet.md', kind: 'page' }, { name: '00500-migrations', kind: 'folder' }], []],
    [[{ name: '00150-nextjs.md', kind: 'page' }, { name: '00150-solid.md', kind: 'page' }], [{ name: '00150-solid.md', message: 'number prefix 00150 is also used by 00150-nextjs; give each entry its own number' }]],
  ] as const)('%j -> %j', (entries, expected) => {
    expect(checkFolderEntries([...entries])).toEqual(expected);
  });
});
