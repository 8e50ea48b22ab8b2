// analyzePage reads links from micromark's events (fast) and falls back to the mdast (the
// reference) for what the events reader does not model. These tests hold the two equal, and make
// sure the fast reader really does the work on ordinary pages rather than always falling back.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFromEvents, analyzePage, createLinkParser, type LinkParser, type MarkdownParseError } from './markdown-links';
import type { MarkdownSettings } from './routes';

const SETTINGS: MarkdownSettings = {
  format: 'mdx',
  comments: true,
  admonitionTitles: true,
  headingIds: true,
  admonitionKeywords: ['note', 'tip', 'info', 'warning', 'danger', 'caution', 'important', 'success', 'secondary'],
  anchorsMaintainCase: false,
};

let parsers: Record<string, LinkParser>;
beforeAll(async () => {
  parsers = {
    // MDX 1 compatibility on (this repository's setting), off (Docusaurus 4), plain markdown for .md, case kept in anchors.
    compat: await createLinkParser(SETTINGS),
    v4: await createLinkParser({ ...SETTINGS, comments: false, admonitionTitles: false, headingIds: false }),
    detect: await createLinkParser({ ...SETTINGS, format: 'detect' }),
    maintainCase: await createLinkParser({ ...SETTINGS, anchorsMaintainCase: true }),
  };
});

type Via = 'events' | 'tree';
const outcome = (text: string, file: string, parser: LinkParser, via: Via, shortenProse: boolean) => {
  try {
    const { links, anchors } = analyzePage(text, file, parser, { via, shortenProse });
    return { links, anchors: [...anchors].sort() };
  } catch (error) {
    const { line, column, reason } = error as MarkdownParseError;
    return { error: { line, column, reason } };
  }
};

/** The events reader and the tree agree on `text` in every setting, shortened or not. */
const expectSame = (text: string, label: string) => {
  for (const [name, parser] of Object.entries(parsers)) {
    for (const file of ['page.mdx', 'page.md']) {
      for (const shorten of [true, false]) {
        expect(outcome(text, file, parser, 'events', shorten), `${label} (${name}, ${file}, shortened: ${shorten})`).toEqual(
          outcome(text, file, parser, 'tree', shorten),
        );
      }
    }
  }
};

/** Pages the events reader must read itself (no fallback to the tree), with the parsers to check (all but `detect` by default). */
const HANDLED: Array<[string, string, string[]?]> = [
  ['inline links with titles and anchors', 'See [a](/x "T") and [b](/y#z) and [c](</w>).'],
  ['reference links and definitions', '[a][r] [b][] [r]\n\n[r]: /x "T"\n[b]: /y'],
  ['a definition only an image uses, and one shared', '![i][img] ![j][both] [k][both]\n\n[img]: /x\n[both]: /y'],
  ['images, also inside links', '![alt](/i.png) [![logo](/l.svg)](/x) ![a [b](/c) d](/e.png)'],
  ['links in lists, quotes and tables', '- [a](/x)\n  - [b](/y)\n\n> [c](/z)\n\n| h | i |\n|---|---|\n| `c` [d](/w) | e |'],
  ['links in admonitions and their titles', ':::note[Read [this](/x)]\n\nBody [b](/y).\n\n:::\n\n:::tip Old style [c](/z) title\n\nBody\n\n:::'],
  ['links inside JSX children', '<Tabs groupId="lang">\n<TabItem value="rust" label="Rust">\n\n[a](/x)\n\n</TabItem>\n</Tabs>'],
  ['<Link to>, <a href>, props with href', '<Link to="/x">x</Link> <a href=\'/y#b\' id="top">y</a>\n\n<CardLink item={{ href: "/z", label: "Z" }} />'],
  ['a JSX tag over several lines', '<CardLinkGrid\n  items={[\n    { href: "/a", label: "A" },\n    { to: `/b` },\n  ]}\n/>\n\n<Link\n  to="/c"\n>\n  c\n</Link>'],
  ['code, comments and front matter', '---\ntitle: "[a](/x)"\n---\n\n```md\n[b](/y)\n```\n\n`[c](/z)` {/* [d](/w) */}'],
  ['headings of every common shape', '# Title\n\n## Plain words\n\n## With `code`, *emphasis* and [a link](/x)\n\n#### Comment id {/* #comment-id */}\n\n## Plain words\n\nSetext\n---'],
  // (MDX 1 compatibility only: without it, `{#id}` is an expression that does not parse.)
  ['a heading with a {#id}', '## Custom {#custom-id}\n\n[a](/x#custom-id)', ['compat', 'maintainCase']],
  ['a BOM and CRLF line endings', '\uFEFF## Heading\r\n\r\nText [a](/x)\r\n'],
  ['ESM and expressions', 'import Thing from "./thing";\n\nexport const x = 1;\n\nText {1 + 1} [a](/x)\n\n<Thing to="/y" />'],
  ['footnotes', 'Text[^1] [a](/x)\n\n[^1]: A note [b](/y).'],
];

/** Pages the events reader hands to the tree: errors the tree reports, and what it does not model. */
const FALLBACK = [
  ['an element closed in the next list item', '- <div>\n- </div>'],
  ['an element closed in another paragraph', 'a <b>x\n\ny</b>'],
  ['a closing tag without an opening one', '</b>'],
  ['crossed closing tags', '<Tabs>\n<TabItem value="a">\n\n[a](/x)\n\n</Tabs>\n</TabItem>'],
  ['an element left open', 'Line one\n\n<Tabs>\n\ntext\n'],
  ['an element open across a blockquote', '<div>\n\n> <b>\n\n</div>'],
  ['an element open across a table cell', '| a | <b>x |\n|---|---|\n| y</b> | z |'],
  ['an attribute in a closing tag', '<a>x</a to="/x">'],
  ['a character reference in a link attribute', '<Link to="/x&amp;y">a</Link>'],
  ['a line break in an id attribute', '<div id="multi\nline" />'],
  ['a heading holding an image', '## ![logo](/l.png) Name'],
  ['a heading holding a character reference', '## Rust &amp; C#'],
  ['a heading over two lines', 'Two\nlines\n---'],
  ['an escape in a target', '[a](/x\\_y)'],
  ['a link a GFM autolink literal may swallow', 'www.example.com/[a](/x)'],
  ['a broken expression', 'A {broken expression\n'],
];

describe('analyzePage reads links from micromark events the way the mdast gives them', () => {
  it.each(HANDLED)('reads %s itself', (label, text, names = ['compat', 'v4', 'maintainCase']) => {
    for (const name of names) {
      expect(analyzeFromEvents(text, 'page.mdx', parsers[name], true), `${label} (${name})`).toBeDefined();
    }
    expectSame(text, label);
  });

  it.each(FALLBACK)('hands %s to the tree, with the same outcome', (label, text) => {
    expect(analyzeFromEvents(text, 'page.mdx', parsers.v4, true)).toBeUndefined();
    expectSame(text, label);
  });

  it('gives the tree the JSX structure errors, with their place', () => {
    expect(outcome('Intro\n\n- <div>\n- </div>\n', 'page.mdx', parsers.v4, 'events', true)).toEqual({
      error: { line: 3, column: 1, reason: expect.stringContaining('Expected a closing tag for `<div>`') },
    });
  });

  it('agrees on tricky documents', () => {
    const docs = [
      '<a href="/x" />\n\n</a>',
      '<Link to="/x\ny">a</Link>\n\n> <Link to="/x\n> y">a</Link>',
      '<Foo.Bar to="/x" /> <a:b href="/x" /> <Link.X to="/y" /> <></>\n\n<>[a](/x)</>',
      '<Link to={"/x"} /> <Link to={`/y`} /> <Link to={"/z" + q} /> <Link to={`/t${x}`} /> <Foo {...props} to="/x" />',
      '![<a href="/x" id="in-image">y</a>](/i.png) [<a href="/z">q</a>](/w)',
      '[a]: /x\n[a]: /y\n\n[a] [A] [ a ]',
      '## Same\n\n## Same\n\n## Same {#same-1}\n\n## Same\n\n## <a id="x" /> title <b>bold</b>',
      '## Heading {expr}\n\n## {/* #a */} not last\n\n## *{/* #b */}*\n\n## Heading with :abbr[dir]{x=y} and [^1]\n\n[^1]: note',
      '1. <details>\n   <summary>s</summary>\n\n   [a](/x)\n\n   </details>\n2. c\n\n<details>\n- item [a](/x)\n</details>',
      '```mdx-code-block\n<Tabs>\n<TabItem value="a">\n```\n\n[a](/x)\n\n```mdx-code-block\n</TabItem>\n</Tabs>\n```',
      '<https://x.y> <a href="/x">x</a>\n\n<div>\n<a href="/y">y</a>\n</div>\n\n<!-- <a href="/z"> -->',
      '<A href="/x">a</A> <LINK to="/x">b</LINK> <link to="/x">c</link> <a name="n">d</a>',
      '- [a](/x)\n\n  <div>\n  [b](/y)\n  </div>\n\n- c <b>d\n  e</b>',
      '## `multi\nline` code\n---\n\n## Émoji 🎉 and ÜNICODE _under_ score',
      '<Foo>\n  <Bar>\n    [a](/x)\n  </Bar>\n</Foo>\n\n<div>\n\n:::note\n\n</div>\n\n:::',
    ];
    for (const [index, text] of docs.entries()) expectSame(text, `document ${index}`);
  });

  it('tokenizes a page block by block into the very events micromark gives for the whole page', () => {
    const signature = (parser: LinkParser, format: 'md' | 'mdx', text: string, wholeDocument: boolean) => {
      try {
        return parser.engines[format]!.events(text, { wholeDocument }).map(([kind, token]) => `${kind} ${token.type} ${token.start.offset}-${token.end.offset}`);
      } catch (error) {
        return `error: ${(error as Error).message}`;
      }
    };
    const repo = path.resolve(import.meta.dirname, '..', '..');
    const pages = ['docs', 'versioned_docs']
      .map((d) => path.join(repo, d))
      .filter((d) => fs.existsSync(d))
      .flatMap((d) => fs.readdirSync(d, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
      .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    // A reference in one admonition to a definition in a later one: micromark reads both admonitions'
    // blocks before the text of either, so the link resolves.
    const nested = ':::note\n\n[a][r] and [b]\n\n:::\n\n:::tip\n\n[r]: /x\n[b]: /y\n\n:::\n';
    const documents = [nested, ...HANDLED.map(([, text]) => text), ...FALLBACK.map(([, text]) => text), ...pages];
    expect(documents.length).toBeGreaterThan(40);
    for (const text of documents) {
      for (const parser of [parsers.compat, parsers.v4]) {
        for (const format of ['md', 'mdx'] as const) {
          expect(signature(parser, format, text, false), text.slice(0, 80)).toEqual(signature(parser, format, text, true));
        }
      }
    }
  });

  it('agrees on every page of this repository and of the fixtures, and reads nearly all of them itself', () => {
    const repo = path.resolve(import.meta.dirname, '..', '..');
    const roots = ['docs', 'versioned_docs', 'scripts/__fixtures__'].map((d) => path.join(repo, d)).filter((d) => fs.existsSync(d));
    let pages = 0;
    let read = 0;
    for (const root of roots) {
      for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.mdx?$/.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        const text = fs.readFileSync(file, 'utf8');
        for (const parser of [parsers.compat, parsers.v4]) {
          expect(outcome(text, file, parser, 'events', true), file).toEqual(outcome(text, file, parser, 'tree', true));
        }
        pages++;
        if (analyzeFromEvents(text, file, parsers.compat, true)) read++;
      }
    }
    expect(pages).toBeGreaterThan(30);
    expect(read / pages).toBeGreaterThan(0.9);
  });

  it('agrees on 300 generated pages mixing constructs, broken ones included', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)];
    const words = () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(['alpha', 'Beta', 'x', 'it', 'words'])).join(' ');
    const url = () => pick(['/x', '/docs/y', '/a/b#c', './rel.md', 'https://e.com/x']);
    const pieces = [
      () => `${words()} [${words()}](${url()}) ${words()}`,
      () => `${pick(['#', '##', '###'])} ${words()} ${pick(['', '`code`', '*em*', `[l](${url()})`, '{#an-id}', '{/* #cid */}'])}`,
      () => `${words()}\n${pick(['===', '---'])}`,
      () => `- ${words()}\n- ${words()} [${words()}][r${Math.floor(random() * 3)}]`,
      () => `> ${words()} [q](${url()})`,
      () => `[r${Math.floor(random() * 3)}]: ${url()}`,
      () => `![${words()}][r${Math.floor(random() * 3)}]`,
      () => `<${pick(['div', 'Tabs', 'b'])}>`,
      () => `</${pick(['div', 'Tabs', 'b'])}>`,
      () => `<Link to="${url()}">${words()}</Link>`,
      () => `<a href="${url()}" id="${pick(['one', 'two'])}">${words()}</a>`,
      () => `<CardLink item={{ href: "${url()}", label: "${words()}" }} />`,
      () => `| a | b |\n|---|---|\n| [c](${url()}) | ${pick(['d', '<b>e</b>', '`f`'])} |`,
      () => `:::note\n${words()} [n](${url()})\n:::`,
      () => '```\n[not](/x)\n```',
      () => `- item <b>${words()}\n- next</b>`,
    ];
    for (let page = 0; page < 300; page++) {
      const text = Array.from({ length: 2 + Math.floor(random() * 7) }, () => pick(pieces)()).join(pick(['\n\n', '\n']));
      for (const parser of [parsers.compat, parsers.v4]) {
        expect(outcome(text, 'page.mdx', parser, 'events', true), text).toEqual(outcome(text, 'page.mdx', parser, 'tree', true));
      }
    }
  });
});
