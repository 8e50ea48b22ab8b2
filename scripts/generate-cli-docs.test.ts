import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import {
  DEFAULT_PAGE,
  escapeMdxText,
  HelpFormatError,
  main,
  PageProblemError,
  readHelpOutline,
  shortDiff,
  splitCommandLine,
  toCliReferencePage,
  type MainIo,
} from './generate-cli-docs';
import { compileWithDocusaurus } from './lib/docusaurus-mdx';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SITE_ROOT = path.resolve(HERE, '..');
const FIXTURES = path.join(HERE, '__fixtures__', 'generate-cli-docs');
const FIXTURE_HELP = path.join(FIXTURES, 'quill-help.md');
const FAKE_CLI = path.join(FIXTURES, 'fake-cli.mjs');
const COMMITTED_HELP = path.join(HERE, 'cli-reference', 'spacetime-help.md');
const NODE = process.execPath;

type Node = { type: string; value?: string; children?: Node[] };

/** What a reader gets from the text: markdown as a CommonMark renderer would show it. */
function visibleMarkdownText(markdown: string): string {
  const walk = (n: Node): string =>
    n.type === 'text' || n.type === 'inlineCode' || n.type === 'code' || n.type === 'html'
      ? (n.value ?? '')
      : (n.children ?? []).map(walk).join(n.type === 'paragraph' || n.type === 'listItem' ? '' : '');
  return walk(unified().use(remarkParse).use(remarkGfm).parse(markdown) as Node).replace(/\s+/g, ' ').trim();
}

/** What a reader gets from the same text once MDX parses it. */
function visibleMdxText(mdx: string): string {
  const walk = (n: Node): string =>
    n.type === 'text' || n.type === 'inlineCode' || n.type === 'code' ? (n.value ?? '') : (n.children ?? []).map(walk).join('');
  return walk(unified().use(remarkParse).use(remarkMdx).use(remarkGfm).parse(mdx) as Node).replace(/\s+/g, ' ').trim();
}

async function compiles(text: string): Promise<boolean> {
  try {
    await compileWithDocusaurus(text, { filePath: path.join(SITE_ROOT, 'docs', 'probe.md'), siteDir: SITE_ROOT });
    return true;
  } catch {
    return false;
  }
}

describe('escapeMdxText', () => {
  // [name, markdown, expected]: the escaped text must compile as MDX and show the same text.
  const cases: [string, string, string][] = [
    ['placeholder in text', 'Run it against <DATABASE> now', 'Run it against \\<DATABASE\\> now'],
    ['two placeholders on a line', 'Copy <SRC> to <DEST>', 'Copy \\<SRC\\> to \\<DEST\\>'],
    ['placeholder in a code span stays', 'Usage: `spacetime sql <DATABASE> {x}`', 'Usage: `spacetime sql <DATABASE> {x}`'],
    ['fenced code stays', '```text\ncall <DB> {"a": 1}\n```', '```text\ncall <DB> {"a": 1}\n```'],
    ['placeholder in link text', '[<NAME> docs](#name)', '[\\<NAME\\> docs](#name)'],
    ['link destination stays', '[route](https://example.com/{id})', '[route](https://example.com/{id})'],
    ['braces in text', 'The {edition} part and {a}', 'The \\{edition\\} part and \\{a\\}'],
    ['lowercase non-tag', 'Usage hint <name|identity> here', 'Usage hint \\<name|identity\\> here'],
    ['capitalised tag is a placeholder, not a component', 'Pass <Path> here', 'Pass \\<Path\\> here'],
    ['comparison in prose', 'when x < y and y > z', 'when x \\< y and y \\> z'],
    ['already escaped text stays', 'Already \\<DONE\\> and \\{ok\\}', 'Already \\<DONE\\> and \\{ok\\}'],
    ['escaped backslash before a placeholder', 'path C:\\\\<DIR>', 'path C:\\\\\\<DIR\\>'],
    ['placeholder opening an HTML-like block', '<DATABASE>\nthe rest <Y>', '\\<DATABASE\\>\nthe rest \\<Y\\>'],
    ['blockquote markers stay', '> a <X\n> b {y}', '> a \\<X\n> b \\{y\\}'],
    ['list continuation', '* `--x` — takes <A>\n   and <B> too', '* `--x` — takes \\<A\\>\n   and \\<B\\> too'],
    ['autolink becomes a link showing the same text', 'see <https://example.com/a> ok', 'see [https://example.com/a](https://example.com/a) ok'],
    ['indented code becomes a fenced block', 'Text.\n\n    code <X> {y}\n    more\n', 'Text.\n\n```\ncode <X> {y}\nmore\n```\n'],
    ['nothing to escape comes back byte for byte', 'plain\r\ntext \u00e9\r\n', 'plain\r\ntext \u00e9\r\n'],
  ];
  it.each(cases)('%s', async (_name, markdown, expected) => {
    const escaped = escapeMdxText(markdown);
    expect(escaped).toBe(expected);
    expect(await compiles(escaped)).toBe(true);
    expect(visibleMdxText(escaped)).toBe(visibleMarkdownText(markdown));
  });

  it('keeps real HTML as HTML and self-closes void elements for MDX', async () => {
    const markdown = 'Some <b>bold</b> text<br> and <hr/>\n';
    const escaped = escapeMdxText(markdown);
    expect(escaped).toBe('Some <b>bold</b> text<br/> and <hr/>\n');
    expect(await compiles(escaped)).toBe(true);
  });

  it('turns HTML comments, which strict MDX rejects, into MDX comments', async () => {
    const markdown = '<!--\n  a note about {x} and <Y>, ending */ early\n-->\n# Title <!-- inline -->\n';
    const escaped = escapeMdxText(markdown);
    expect(escaped).toBe('{/*\n  a note about {x} and <Y>, ending * / early\n*/}\n# Title {/* inline */}\n');
    expect(await compiles(escaped)).toBe(true);
    expect(escapeMdxText(escaped)).toBe(escaped);
  });

  it('the unescaped placeholders do not compile, which is why escaping is needed', async () => {
    expect(await compiles('Run it against <DATABASE> now')).toBe(false);
    expect(await compiles('a {b c} d')).toBe(false);
  });

  it('is idempotent on a whole clap-markdown document', () => {
    const once = escapeMdxText(fs.readFileSync(FIXTURE_HELP, 'utf8'));
    expect(escapeMdxText(once)).toBe(once);
  });
});

describe('readHelpOutline', () => {
  it('reads commands, options, arguments, subcommand summaries and usage lines from clap-markdown', () => {
    const outline = readHelpOutline(fs.readFileSync(FIXTURE_HELP, 'utf8'));
    expect(outline.program).toBe('quill');
    expect(outline.sections.map((s) => [s.path, s.options, s.arguments])).toEqual([
      ['quill', 1, 0],
      ['quill serve', 3, 1],
      ['quill notes', 0, 0],
      ['quill notes add', 2, 1],
      ['quill notes prune', 2, 1],
    ]);
    expect(outline.sections[2].subcommands).toEqual([
      { name: 'add', summary: 'Add a note from a file or from <STDIN>' },
      { name: 'prune', summary: 'Delete notes older than a cut-off' },
    ]);
    expect(outline.overview.map((o) => o.path)).toEqual(outline.sections.map((s) => s.path));
    expect(outline.usages.map((u) => u.code)).toContain('quill notes\n       notes <COMMAND>');
  });

  it('rejects text that is not clap-markdown help, naming the line', () => {
    expect(() => readHelpOutline('Usage: spacetime [OPTIONS]\n\nCommands:\n  publish\n')).toThrow(HelpFormatError);
    try {
      readHelpOutline('# Command-Line Help for `x`\n\nintro\n\n## Not a command\n');
    } catch (error) {
      expect(error).toBeInstanceOf(HelpFormatError);
      expect((error as HelpFormatError).line).toBe(5);
      expect((error as Error).message).toMatch(/expected a command heading/);
    }
    expect(() => readHelpOutline('# Command-Line Help for `x`\n\nno sections here\n')).toThrow(/no command sections/);
    expect(() => readHelpOutline('---\ntitle: x\n---\n\n# Command-Line Help for `x`\n\n## `x`\n')).toThrow(/front matter/);
  });
});

describe('toCliReferencePage', () => {
  const options = { filePath: path.join(SITE_ROOT, DEFAULT_PAGE), siteDir: SITE_ROOT };

  it('builds a page whose anchor links all hit heading ids Docusaurus generates', async () => {
    const result = await toCliReferencePage(fs.readFileSync(FIXTURE_HELP, 'utf8'), options);
    expect(result).toMatchObject({ commands: 4, options: 8, arguments: 3 });
    expect(result.page.startsWith('---\ntitle: CLI Reference\nslug: /cli-reference\ndescription: ')).toBe(true);
    const compiled = await compileWithDocusaurus(result.page, options);
    const ids = new Set(compiled.headings.map((h) => h.id));
    const anchors = compiled.links.filter((l) => l.url.startsWith('#'));
    expect(anchors.length).toBe(5);
    for (const link of anchors) expect(ids).toContain(link.url.slice(1));
    expect(result.page).toContain('* [`quill notes add`↴](#quill-notes-add) — Add a note from a file or from \\<STDIN\\>');
    expect(result.page).toContain('**Usage:**\n\n```text\nquill notes\n       notes <COMMAND>\n```');
    expect(result.page).toContain('<hr/>');
    expect(result.page).not.toContain('<!--');
  });

  it('is deterministic: the same help gives the same bytes, whatever its line endings', async () => {
    const help = fs.readFileSync(FIXTURE_HELP, 'utf8');
    const a = await toCliReferencePage(help, options);
    const b = await toCliReferencePage('\uFEFF' + help.replace(/\n/g, '\r\n'), options);
    expect(b.page).toBe(a.page);
  });

  it('points overview links at the id Docusaurus gives the heading when clap spells the anchor differently', async () => {
    const help = [
      '# Command-Line Help for `tool`',
      '',
      '**Command Overview:**',
      '',
      '* [`tool`↴](#tool)',
      '* [`tool Export.CSV`↴](#tool-Export.CSV)',
      '',
      '## `tool`',
      '',
      '**Usage:** `tool <COMMAND>`',
      '',
      '## `tool Export.CSV`',
      '',
      '**Usage:** `tool Export.CSV`',
      '',
    ].join('\n');
    const result = await toCliReferencePage(help, options);
    expect(result.page).toContain('[`tool Export.CSV`↴](#tool-exportcsv)');
    const compiled = await compileWithDocusaurus(result.page, options);
    expect(compiled.headings.map((h) => h.id)).toContain('tool-exportcsv');
  });

  it('fails on an anchor that names no heading, with the line', async () => {
    const help = '# Command-Line Help for `t`\n\n**Command Overview:**\n\n* [`t gone`↴](#t-gone)\n\n## `t`\n\n**Usage:** `t`\n';
    await expect(toCliReferencePage(help, options)).rejects.toThrow(
      /would not build: line \d+:3: link to "#t-gone" matches no heading id[\s\S]*\(help text line 5\)/,
    );
  });

  it('fails on a {name} left inside raw HTML, which compiles but would break the page when it renders', async () => {
    const help = '# Command-Line Help for `t`\n\n## `t`\n\n<div>\n{edition}\n</div>\n\n**Usage:** `t`\n';
    await expect(toCliReferencePage(help, options)).rejects.toThrow(
      /would not build: line \d+:1: \{edition\} would be evaluated as JavaScript[\s\S]*\(help text line 6\)/,
    );
  });

  it('fails with the page line and the help line when the result would not compile', async () => {
    const help = fs.readFileSync(FIXTURE_HELP, 'utf8').replace('Port to listen on', 'Port to listen on <details>');
    const error = await toCliReferencePage(help, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageProblemError);
    const problem = error as PageProblemError;
    expect(problem.message).toMatch(/would not build: line \d+:\d+: .*details/);
    expect(problem.pageLine).toContain('Port to listen on <details>');
    expect(problem.helpLine).toBe(fs.readFileSync(FIXTURE_HELP, 'utf8').split('\n').findIndex((l) => l.includes('Port to listen on')) + 1);
  });
});

describe('splitCommandLine', () => {
  it('splits like a shell, without expansions', () => {
    expect(splitCommandLine('node  fake.mjs print "a file.md"')).toEqual(['node', 'fake.mjs', 'print', 'a file.md']);
    expect(splitCommandLine(`cli 'it''s' a\\ b "q\\"x"`)).toEqual(['cli', 'its', 'a b', 'q"x']);
    expect(splitCommandLine('C:\\tools\\cli.exe --x')).toEqual(['C:\\tools\\cli.exe', '--x']);
    expect(() => splitCommandLine('cli "open')).toThrow(/unterminated " quote/);
  });
});

describe('shortDiff', () => {
  it('shows the changed lines with a little context', () => {
    const diff = shortDiff('a\nb\nc\nd\n', 'a\nb\nC\nd\n');
    expect(diff).toBe('@@ line 1 @@\n  a\n  b\n- c\n+ C\n  d\n  ');
    const long = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const changed = long.map((l, i) => (i === 3 || i === 15 ? `${l}!` : l));
    expect(shortDiff(long.join('\n'), changed.join('\n'))).toBe(
      ['@@ line 2 @@', '  line 1', '  line 2', '- line 3', '+ line 3!', '  line 4', '  line 5',
       '@@ line 14 @@', '  line 13', '  line 14', '- line 15', '+ line 15!', '  line 16', '  line 17'].join('\n'),
    );
  });
});

describe('main', () => {
  let tmp: string;
  let site: string;
  let page: string;
  let out: string[];
  let err: string[];

  const io = (extra: Partial<MainIo> = {}): Partial<MainIo> => ({
    cwd: site,
    env: { PATH: process.env.PATH },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    ...extra,
  });
  const fakeCli = (mode: string, file = FIXTURE_HELP) => `"${NODE}" "${FAKE_CLI}" ${mode} "${file}"`;
  const listing = (dir: string) => fs.readdirSync(dir).sort();

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'generate-cli-docs-'));
    site = path.join(tmp, 'site');
    page = path.join(site, DEFAULT_PAGE);
    fs.mkdirSync(path.dirname(page), { recursive: true });
    // Like the real site: the v4 future flags turn MDX 1 compatibility (HTML comments) off.
    fs.writeFileSync(
      path.join(site, 'docusaurus.config.ts'),
      "export default { title: 'T', url: 'https://example.com', baseUrl: '/', future: { v4: true } };\n",
    );
    out = [];
    err = [];
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--input writes the page at its default place inside the site root and reports the counts', async () => {
    expect(await main(['--input', FIXTURE_HELP], io())).toBe(0);
    expect(out.join('')).toBe(`wrote ${DEFAULT_PAGE} (4 commands, 8 options, 3 arguments)\n`);
    const written = fs.readFileSync(page, 'utf8');
    expect(written).toContain('slug: /cli-reference');
    expect(written).toContain('* `<NOTEBOOK>` — The notebook to serve; defaults to the one in \\<HOME\\>/default');
    expect(listing(path.dirname(page))).toEqual(['00100-cli-reference.md']);
  });

  it('--command (LF or CRLF output) and --input - give the same bytes as --input <file>', async () => {
    await main(['--input', FIXTURE_HELP], io());
    const expected = fs.readFileSync(page, 'utf8');
    const other = path.join(tmp, 'other.md');

    expect(await main(['--command', fakeCli('print'), '--out', other], io())).toBe(0);
    expect(fs.readFileSync(other, 'utf8')).toBe(expected);
    fs.rmSync(other);

    expect(await main(['--command', fakeCli('crlf'), '--out', other], io())).toBe(0);
    expect(fs.readFileSync(other, 'utf8')).toBe(expected);
    fs.rmSync(other);

    const stdin = Readable.from([fs.readFileSync(FIXTURE_HELP)]);
    expect(await main(['--input', '-', '--out', other], io({ stdin }))).toBe(0);
    expect(fs.readFileSync(other, 'utf8')).toBe(expected);
  });

  it.skipIf(process.platform === 'win32')('--cli-repo and SPACETIMEDB_REPO run cargo with the markdown-docs feature in the checkout', async () => {
    const repo = path.join(tmp, 'SpacetimeDB');
    fs.mkdirSync(path.join(repo, 'crates', 'cli'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'crates', 'cli', 'Cargo.toml'), '[package]\nname = "spacetimedb-cli"\n');
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'cargo'), `#!/bin/sh\nexec "${NODE}" "${FAKE_CLI}" cargo "$@"\n`, { mode: 0o755 });
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}`, FAKE_HELP_FILE: FIXTURE_HELP };

    await main(['--input', FIXTURE_HELP], io());
    const expected = fs.readFileSync(page, 'utf8');
    fs.rmSync(page);

    expect(await main(['--cli-repo', repo], io({ env }))).toBe(0);
    expect(fs.readFileSync(page, 'utf8')).toBe(expected);
    expect(err.join('')).toContain('running `cargo run --features markdown-docs -p spacetimedb-cli`');
    expect(err.join('')).toContain('Running `target/debug/spacetimedb-cli`');

    fs.rmSync(page);
    expect(await main([], io({ env: { ...env, SPACETIMEDB_REPO: repo } }))).toBe(0);
    expect(fs.readFileSync(page, 'utf8')).toBe(expected);

    await expect(main(['--cli-repo', tmp], io({ env }))).rejects.toThrow(/not a SpacetimeDB checkout \(no crates\/cli\/Cargo.toml/);
  });

  describe('a failed run leaves the existing page byte for byte as it was', () => {
    const before = '---\ntitle: CLI Reference\n---\n\nthe page as committed\n';
    beforeEach(() => {
      fs.writeFileSync(page, before);
      fs.utimesSync(page, new Date(2001, 1, 1), new Date(2001, 1, 1));
    });
    afterEach(() => {
      expect(fs.readFileSync(page, 'utf8')).toBe(before);
      expect(fs.statSync(page).mtime.getFullYear()).toBe(2001);
      expect(listing(path.dirname(page))).toEqual(['00100-cli-reference.md']);
    });

    it('non-zero exit: names the command, its exit code and the tail of its stderr', async () => {
      const command = `"${NODE}" "${FAKE_CLI}" fail`;
      await expect(main(['--command', command], io())).rejects.toThrow(
        new RegExp(`\`${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` exited with code 3\\n  stderr:\\n    warning: unused import\\n    error\\[E0425\\]`),
      );
    });

    it('empty output', async () => {
      await expect(main(['--command', `"${NODE}" "${FAKE_CLI}" empty`], io())).rejects.toThrow(/printed nothing on standard output/);
    });

    it('missing program', async () => {
      await expect(main(['--command', 'no-such-program-xyz --flag'], io())).rejects.toThrow(
        /`no-such-program-xyz --flag`: cannot run "no-such-program-xyz": program not found/,
      );
    });

    it('output that would not compile names the help line', async () => {
      const broken = path.join(tmp, 'broken.md');
      const help = fs.readFileSync(FIXTURE_HELP, 'utf8').replace('Do not ask before deleting', 'Do not ask <details> first');
      fs.writeFileSync(broken, help);
      const line = help.split('\n').findIndex((l) => l.includes('<details>')) + 1;
      await expect(main(['--command', fakeCli('print', broken)], io())).rejects.toThrow(
        new RegExp(`would not build: line \\d+:\\d+: .*\\n.*<details>[\\s\\S]*help text line ${line}`),
      );
    });

    it('text that is not clap-markdown help names the file and line', async () => {
      const bad = path.join(tmp, 'plain-help.txt');
      fs.writeFileSync(bad, 'Usage: spacetime [OPTIONS] <COMMAND>\n\nCommands:\n  publish\n');
      await expect(main(['--input', bad], io())).rejects.toThrow(/plain-help\.txt:1: this is not clap-markdown help/);
    });

    it('missing and empty input files', async () => {
      await expect(main(['--input', path.join(tmp, 'nope.md')], io())).rejects.toThrow(/--input .*nope\.md: no such file/);
      fs.writeFileSync(path.join(tmp, 'empty.md'), '\n\n');
      await expect(main(['--input', path.join(tmp, 'empty.md')], io())).rejects.toThrow(/the file is empty/);
    });

    it('bad usage', async () => {
      await expect(main(['--input', FIXTURE_HELP, '--command', 'x'], io())).rejects.toThrow(/give one help source, not --input and --command/);
      await expect(main([], io())).rejects.toThrow(/no help source/);
      await expect(main(['--input', FIXTURE_HELP, 'extra'], io())).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
      await expect(main(['--command', '  '], io())).rejects.toThrow(/--command is empty/);
      await expect(main(['--input', FIXTURE_HELP, '--out', path.join(tmp, 'no', 'dir', 'x.md')], io())).rejects.toThrow(/does not exist/);
    });

    it('--check on a stale page prints a short diff, exits 1 and writes nothing', async () => {
      expect(await main(['--check', '--input', FIXTURE_HELP], io())).toBe(1);
      const text = out.join('');
      expect(text).toContain(`${DEFAULT_PAGE} is out of date`);
      expect(text).toContain('- the page as committed');
      expect(text).toContain('+ # Command-Line Help for `quill`');
    });
  });

  it('--check on a fresh page exits 0; an unchanged page is not rewritten', async () => {
    await main(['--input', FIXTURE_HELP], io());
    fs.utimesSync(page, new Date(2001, 1, 1), new Date(2001, 1, 1));
    out = [];
    expect(await main(['--check', '--input', FIXTURE_HELP], io())).toBe(0);
    expect(out.join('')).toBe(`${DEFAULT_PAGE} is up to date (4 commands, 8 options, 3 arguments)\n`);
    expect(await main(['--input', FIXTURE_HELP], io())).toBe(0);
    expect(fs.statSync(page).mtime.getFullYear()).toBe(2001);
  });

  it('--check on a missing page exits 1', async () => {
    expect(await main(['--check', '--input', FIXTURE_HELP], io())).toBe(1);
    expect(out.join('')).toContain('does not exist');
    expect(fs.existsSync(page)).toBe(false);
  });

  it('the committed CLI reference page is what the committed help source generates', async () => {
    const committed = io({ cwd: SITE_ROOT });
    expect(await main(['--check', '--input', COMMITTED_HELP], committed)).toBe(0);
    expect(out.join('')).toMatch(/is up to date \(\d+ commands, \d+ options, \d+ arguments\)/);
  });
});

describe('the command line', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(NODE, ['--import', 'tsx', path.join(HERE, 'generate-cli-docs.ts'), ...args], { cwd: SITE_ROOT }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });

  it('exits 2 with the usage on bad arguments, 1 on a failed run, 0 on an up-to-date check', async () => {
    const usage = await run(['--input', 'a', '--command', 'b']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: give one help source[\s\S]*usage: pnpm generate-cli-docs/);

    const failed = await run(['--check', '--command', `"${NODE}" "${FAKE_CLI}" empty`]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^error: .* printed nothing on standard output/);

    const fresh = await run(['--check', '--input', COMMITTED_HELP]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/is up to date/);
  });
});
