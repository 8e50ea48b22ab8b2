import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzePage,
  createLinkParser,
  findAbsoluteLinks,
  preprocessLikeDocusaurus,
  rewriteAbsoluteLinks,
  shortenProse,
  collectAnchors,
  MarkdownParseError,
  type LinkParser,
  type LinkResolver,
} from './markdown-links';
import type { MarkdownSettings } from './routes';

const SETTINGS: MarkdownSettings = {
  format: 'mdx',
  comments: true,
  admonitionTitles: true,
  headingIds: true,
  admonitionKeywords: ['note', 'tip', 'info', 'warning', 'danger', 'caution', 'important', 'success', 'secondary'],
  anchorsMaintainCase: false,
};

let mdx: LinkParser;
let detect: LinkParser;
beforeAll(async () => {
  mdx = await createLinkParser(SETTINGS);
  detect = await createLinkParser({ ...SETTINGS, format: 'detect' });
});

/** A resolver that knows two pages, as the command's would: /x and /docs/y, with anything after them kept. */
const resolver: LinkResolver = (link) => {
  if (link.pathname === '/x' || link.pathname === '/x/') return { action: 'rewrite', to: '../x.md' };
  if (link.pathname === '/docs/y') return { action: 'rewrite', to: './y.md' };
  if (link.pathname === '/missing') return { action: 'unresolved', reason: 'no such page' };
  return { action: 'keep' };
};

const rewrite = (text: string, file = 'page.mdx', parser = mdx) => rewriteAbsoluteLinks(text, file, resolver, parser);

describe('rewriteAbsoluteLinks: link forms that are rewritten', () => {
  it.each([
    ['inline link', 'See [the page](/x).', 'See [the page](../x.md).'],
    ['trailing slash', 'See [the page](/x/).', 'See [the page](../x.md).'],
    ['with the baseUrl', 'See [y](/docs/y).', 'See [y](./y.md).'],
    ['title in double quotes', '[t](/x "Title")', '[t](../x.md "Title")'],
    ['title in single quotes', "[t](/x 'Title')", "[t](../x.md 'Title')"],
    ['title in parentheses', '[t](/x (Title))', '[t](../x.md (Title))'],
    ['angle-bracket target', '[t](</x>)', '[t](<../x.md>)'],
    ['angle-bracket target with title', '[t](</x> "T")', '[t](<../x.md> "T")'],
    ['anchor kept', '[t](/x#install)', '[t](../x.md#install)'],
    ['query and anchor kept', '[t](/x?tab=rust#install)', '[t](../x.md?tab=rust#install)'],
    ['anchor after a trailing slash', '[t](/x/#a)', '[t](../x.md#a)'],
    ['link with code in its text', '[`x()`](/x)', '[`x()`](../x.md)'],
    ['link text with brackets', '[a \\[b\\] c](/x)', '[a \\[b\\] c](../x.md)'],
    ['link split over two lines', '[a\nb](\n/x\n)', '[a\nb](\n../x.md\n)'],
    ['reference definition', '[a][id]\n\n[id]: /x', '[a][id]\n\n[id]: ../x.md'],
    ['reference definition with title', '[id]\n\n[id]: /x "T"', '[id]\n\n[id]: ../x.md "T"'],
    ['reference definition, target on the next line', '[id]\n\n[id]:\n  /x#a', '[id]\n\n[id]:\n  ../x.md#a'],
    ['reference definition in angle brackets', '[id]\n\n[id]: </x>', '[id]\n\n[id]: <../x.md>'],
    ['link in a list item', '- one\n- [two](/x)\n', '- one\n- [two](../x.md)\n'],
    ['link in a blockquote', '> quoted [a](/x)', '> quoted [a](../x.md)'],
    ['link in a table cell', '| a | b |\n|---|---|\n| [c](/x) | d |', '| a | b |\n|---|---|\n| [c](../x.md) | d |'],
    ['link in an admonition', ':::note\n\n[a](/x)\n\n:::', ':::note\n\n[a](../x.md)\n\n:::'],
    ['link in a Docusaurus 2 admonition title', ':::tip Read [this](/x) first\n\nBody\n\n:::', ':::tip Read [this](../x.md) first\n\nBody\n\n:::'],
    ['link in a heading with an explicit id', '## See [x](/x) {#see}', '## See [x](../x.md) {#see}'],
    ['link inside JSX children', '<Tabs>\n<TabItem value="a">\n\n[a](/x)\n\n</TabItem>\n</Tabs>', '<Tabs>\n<TabItem value="a">\n\n[a](../x.md)\n\n</TabItem>\n</Tabs>'],
    ['link in an mdx-code-block fence (its content is MDX)', '```mdx-code-block\n<div>\n\n[a](/x)\n\n</div>\n```\n', '```mdx-code-block\n<div>\n\n[a](../x.md)\n\n</div>\n```\n'],
    ['two links on one line', '[a](/x) and [b](/docs/y#z)', '[a](../x.md) and [b](./y.md#z)'],
    ['link after a URL in text', 'Go to https://example.com or [a](/x).', 'Go to https://example.com or [a](../x.md).'],
  ])('%s', (_name, input, expected) => {
    expect(rewrite(input).text).toBe(expected);
  });

  it.each([
    ['<Link to>', '<Link to="/x">x</Link>', '/x'],
    ['<Link to> with single quotes', "<Link to='/x#a'>x</Link>", '/x#a'],
    ['<Link to={"..."}>', '<Link to={"/x"}>x</Link>', '/x'],
    ['<Link to={`...`}>', '<Link to={`/x`}>x</Link>', '/x'],
    ['<Link href>', '<Link href="/x">x</Link>', '/x'],
    ['<a href>', '<a href="/x">x</a>', '/x'],
    ['<a href> as a block', '<a href="/x">\n  x\n</a>', '/x'],
    ['an href property in a JSX prop', "<CardLink item={{ href: '/x', label: 'X' }} />", '/x'],
    ['href properties in an array prop', "<CardLinkGrid items={[{ href: '/x' }, { href: '/docs/y' }]} />", '/x,/docs/y'],
  ])('finds %s', (_name, input, urls) => {
    const links = findAbsoluteLinks(input, 'page.mdx', mdx);
    expect(links.map((l) => l.url).join(',')).toBe(urls);
    expect(links.every((l) => l.kind === 'jsx')).toBe(true);
    expect(links.map((l) => input.slice(l.start, l.end)).join(',')).toBe(urls);
  });

  it('splices JSX attribute values in place', () => {
    expect(rewrite('<Link to="/x">x</Link> <a href=\'/docs/y#b\'>y</a>').text).toBe('<Link to="../x.md">x</Link> <a href=\'./y.md#b\'>y</a>');
  });
});

describe('rewriteAbsoluteLinks: what is never touched', () => {
  it.each([
    ['fenced code', '```md\n[a](/x)\n```'],
    ['tilde fenced code', '~~~\n[a](/x)\n~~~'],
    ['fenced code in a list', '- item\n\n  ```\n  [a](/x)\n  ```'],
    ['JSX in fenced code', '```jsx\n<Link to="/x">x</Link>\n```'],
    ['inline code', 'Write `[a](/x)` or ``<Link to="/x">``.'],
    ['an HTML comment', '<!-- [a](/x) -->\n\ntext'],
    ['an HTML comment inside a paragraph', 'text <!-- [a](/x) --> more'],
    ['an MDX comment', '{/* [a](/x) */}'],
    ['front matter', '---\ntitle: "[a](/x)"\nlink: /x\n---\n\n# Page'],
    ['an image', '![diagram](/x)'],
    ['an image with a title', '![diagram](/images/x.png "T")'],
    ['a definition used only by an image', '![alt][img]\n\n[img]: /x'],
    ['a relative file link', '[a](../x.md)'],
    ['a relative link', '[a](x)'],
    ['an external URL', '[a](https://example.com/x)'],
    ['a protocol-relative URL', '[a](//example.com/x)'],
    ['mailto', '[a](mailto:team@example.com)'],
    ['a pure anchor', '[a](#x)'],
    ['a bracketed non-link', '[a] (/x)'],
    ['escaped brackets', '\\[a\\](/x)'],
    ['a link a GFM autolink literal swallows', 'See www.example.com/[a](/x) here.'],
    ['an import line', "import Thing from '/x';\n\n<Thing />"],
    ['a non-link attribute', '<Tabs groupId="/x" />'],
    ['a to= attribute on a non-link element', '<Foo to="/x" />'],
  ])('%s', (_name, input) => {
    const result = rewrite(input);
    expect(result.text).toBe(input);
    expect(result.rewrites).toEqual([]);
  });
});

describe('rewriteAbsoluteLinks: exactness', () => {
  it('keeps CRLF line endings, a BOM, trailing spaces and a missing final newline', () => {
    const input = '\uFEFF---\r\ntitle: T\r\n---\r\n\r\n# T  \r\n\r\nSee [a](/x)  \r\nand [b][r].\t\r\n\r\n[r]: /docs/y';
    const result = rewrite(input);
    expect(result.text).toBe('\uFEFF---\r\ntitle: T\r\n---\r\n\r\n# T  \r\n\r\nSee [a](../x.md)  \r\nand [b][r].\t\r\n\r\n[r]: ./y.md');
    expect(result.rewrites.map((r) => [r.line, r.column])).toEqual([
      [7, 9],
      [10, 6],
    ]);
  });

  it('returns the very same text when there is nothing to rewrite', () => {
    const input = '\uFEFF# Title\r\n\r\nNo links here.   \r\n[rel](./a.md)';
    expect(rewrite(input).text).toBe(input);
  });

  it('is idempotent: a second pass rewrites nothing', () => {
    const input = 'A [a](/x#k), [b][r], <Link to="/x">c</Link>\n\n[r]: /docs/y\n';
    const once = rewrite(input);
    expect(once.rewrites).toHaveLength(3);
    const twice = rewrite(once.text);
    expect(twice.rewrites).toEqual([]);
    expect(twice.text).toBe(once.text);
  });

  it('reports line and column of each rewritten target, and what it was and becomes', () => {
    const result = rewrite('# T\n\nText [a](/x#k).\n\n:::note Title\n\n<Link to="/docs/y">y</Link>\n\n:::\n');
    expect(result.rewrites).toEqual([
      { line: 3, column: 10, kind: 'inline', from: '/x#k', to: '../x.md#k' },
      { line: 7, column: 11, kind: 'jsx', from: '/docs/y', to: './y.md' },
    ]);
  });

  it('reports what the resolver cannot resolve, with its place, and leaves it', () => {
    const input = 'Intro\n\n[gone](/missing#a)\n';
    const result = rewrite(input);
    expect(result.text).toBe(input);
    expect(result.unresolved).toEqual([{ line: 3, column: 8, kind: 'inline', url: '/missing#a', reason: 'no such page' }]);
  });

  it('does not splice a target written with escapes or character references, and says why', () => {
    const input = '[a](\\/x) [b](&#47;x)';
    const result = rewrite(input);
    expect(result.text).toBe(input);
    expect(result.unresolved.map((u) => u.url)).toEqual(['/x', '/x']);
    expect(result.unresolved[0].reason).toMatch(/escapes or character references/);
  });

  it('refuses a definition shared by a link and an image', () => {
    const input = '[a][r] ![b][r]\n\n[r]: /x';
    const result = rewrite(input);
    expect(result.text).toBe(input);
    expect(result.unresolved[0].reason).toMatch(/image uses this definition/);
  });

  it('maps positions back through Docusaurus heading-id and admonition-title rewriting', () => {
    const input = '## One {#one}\n\n:::note A title\n\n## Two {#two} [x](/x)\n\n:::\n';
    const [link] = findAbsoluteLinks(input, 'page.mdx', mdx);
    expect(input.slice(link.start, link.end)).toBe('/x');
    expect([link.line, link.column]).toEqual([5, 19]);
  });
});

describe('markdown formats', () => {
  it('treats 4-space indented text as a paragraph in MDX (MDX has no indented code), so its link is live', () => {
    expect(rewrite('Para\n\n    [a](/x)\n').text).toBe('Para\n\n    [a](../x.md)\n');
  });

  it('leaves autolinks alone in plain-markdown pages (MDX has no autolinks)', () => {
    const input = 'See <https://example.com/x> and </x>.\n';
    expect(rewriteAbsoluteLinks(input, 'page.md', resolver, detect).text).toBe(input);
  });

  it('leaves indented code alone in plain-markdown pages', () => {
    const input = 'Para\n\n    [a](/x)\n';
    expect(rewriteAbsoluteLinks(input, 'page.md', resolver, detect).text).toBe(input);
  });

  it('finds <a href> in raw HTML of plain-markdown pages, but not in HTML comments', () => {
    const input = '<div><a href="/x">x</a> <!-- <a href="/x">no</a> --></div>\n';
    expect(rewriteAbsoluteLinks(input, 'page.md', resolver, detect).text).toBe('<div><a href="../x.md">x</a> <!-- <a href="/x">no</a> --></div>\n');
  });
});

describe('parse errors', () => {
  it.each([
    ['an unclosed JSX element', 'Line one\n\n<Tabs>\n\ntext\n', 3],
    ['a broken expression', 'Line one\n\nA {broken expression\n', 3],
    // The parser notices a quote that never closes at the end of the file.
    ['an attribute value without its closing quote', 'a\n\nb\n\n<Link to="/x>x</Link>\n', 6],
  ])('reports %s with its line', (_name, input, line) => {
    let error: unknown;
    try {
      findAbsoluteLinks(input, 'page.mdx', mdx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MarkdownParseError);
    expect((error as MarkdownParseError).line).toBe(line);
    expect((error as MarkdownParseError).reason.length).toBeGreaterThan(5);
  });

  it('parses a heading with a {#id}, which plain MDX would reject', () => {
    expect(() => findAbsoluteLinks('## Title {#custom-id}\n', 'page.mdx', mdx)).not.toThrow();
  });
});

describe('preprocessLikeDocusaurus', () => {
  it('maps every offset of unchanged text back to the original', () => {
    const input = '```mdx-code-block\nA\n```\n# H {#h}\n:::note Title\nbody\n:::\n';
    const { text, toOriginal } = preprocessLikeDocusaurus(input, SETTINGS);
    expect(text).toBe('A\n# H \\{#h}\n:::note[Title]\nbody\n:::\n');
    for (const ch of ['A', 'H', 'T', 'b']) {
      expect(input[toOriginal(text.indexOf(ch))]).toBe(ch);
    }
  });
});

describe('shortenProse', () => {
  const shortened = (text: string) => {
    let out = '';
    let at = 0;
    for (const edit of shortenProse(text)) {
      out += text.slice(at, edit.start) + edit.insert;
      at = edit.end;
    }
    return out + text.slice(at);
  };

  it('shortens runs of plain words to their first and last letter', () => {
    expect(shortened('Some plain words here. And more text')).toBe('Se. At');
  });

  it.each([
    ['headings', '## Heading words here\n\nSetext words here\n---'],
    ['link labels', '[label words here][ref] and [more label words]'],
    ['JSX tags', '<Element attribute="value words" other={more words}>'],
    ['expressions', '{some words here}'],
    ['code spans', '`code words here`'],
    ['fenced code', '```\ncode words here\n```'],
    ['ESM', 'import Something from "place";\nexport const words = here'],
    ['character references and directive names', '&ampere; :directive'],
  ])('leaves %s alone', (_name, text) => {
    expect(shortened(text)).toBe(text);
  });

  it('keeps tracking brackets and braces on the line where a multi-line code span ends', () => {
    const text = 'Text `code\nspan` then [label words\nmore label words here][ref] {\nexpression words here\n}';
    expect(shortened(text)).toBe('Tt `code\nspan` tn [label words\nmore label words here][ref] {\nexpression words here\n}');
  });

  it('empties front matter but keeps its fences', () => {
    expect(shortened('---\ntitle: Some words\nslug: /x\n---\n\nBody words')).toBe('---\n---\n\nBs');
  });
});

describe('collectAnchors', () => {
  it('gives headings the ids Docusaurus gives them', () => {
    const anchors = collectAnchors(
      '# Page title\n\n## Getting started\n\n## Getting started\n\n### Custom {#my-id}\n\n## With `code` and [link](/x)\n\n<div id="jsx-id" />\n',
      'page.mdx',
      mdx,
    );
    expect([...anchors].sort()).toEqual(['getting-started', 'getting-started-1', 'jsx-id', 'my-id', 'with-code-and-link']);
  });
});

describe('shortening prose before parsing changes no finding', () => {
  // analyzePage shortens runs of plain words before handing the text to the parser (it is much
  // faster). Whatever it finds must be what a parse of the untouched text finds.
  const outcome = (text: string, file: string, parser: LinkParser, shortenProse: boolean) => {
    try {
      const { links, anchors } = analyzePage(text, file, parser, { shortenProse });
      return { links, anchors: [...anchors].sort() };
    } catch (error) {
      return { error: (error as MarkdownParseError).line };
    }
  };
  const expectSame = (text: string, file: string, parser: LinkParser) => {
    expect(outcome(text, file, parser, true), file).toEqual(outcome(text, file, parser, false));
  };

  const TRICKY = [
    'Plain words only here and there\n\nAnother paragraph of words',
    'Setext heading with words\n=========================\n\nText [a](/x)',
    'Multi line setext\nheading text here\n---\n\n[b](/y)',
    '> ## Quoted heading words\n\n- ## Listed heading words\n\n[c](/z#quoted-heading-words)',
    '[a long label\nthat spans\nthree lines][ref]\n\n[a long label that spans three lines]: /x',
    '[label with words][]\n\n[Label With Words]: /x',
    // Labels must keep their words: shortened, these two would be the same label.
    '[abcd][] and [axyd][] and [axyd]\n\n[abcd]: /x',
    'See [the long label here] and [the lxxx xxxx here].\n\n[the long label here]: /x',
    '[zz][axyd](/y) and ![img][axyd]\n\n[abcd]: /x',
    'Text with &amp; entity and &#x41; and &copy; words [a](/x&amp;y)',
    'Escaped \\[not a label\\] words and \\`no code\\` [a](/x)',
    'Code `with [brackets and {braces` words [a](/x) and ``double `tick` span`` words',
    'Unclosed `backtick words [a](/x)\n\nnext paragraph words [b](/y)',
    '<Link\n  to="/x"\n  title="some words here"\n>\nchild words here\n</Link>',
    'Words {props.some words} more words [a](/x)',
    '{\n  some words here\n}\n\nwords [a](/x)',
    'import Thing from "some words";\nexport const meta = {\n  title: "words words"\n};\n\nWords [a](/x)',
    'export function Box({children}) {\n  return children\n}\n\n<Box>words [a](/x)</Box>',
    ':::note Title words\nadmonition words [a](/x)\n:::',
    ':abbr[words here]{title="more words"} and words:colon and a::b words',
    'snake_case_words and *emphasis words* and __strong words__ and ~~struck words~~ [a](/x)',
    '| header words | more words |\n| --- | :---: |\n| cell words [a](/x) | cell words |\nrow words without pipes',
    '1. first item words\n2. second item words [a](/x)\n\n   continuation words\n\n10 things and 3 more words',
    'a 1. not a list words\n\nwords 1) also not',
    '```js\nconst x = { words };\n```\n\nafter fence words [a](/x)\n\n~~~\ntilde fence words [no](/x)\n~~~',
    '- item words\n\n  ```\n  fenced words\n  ```\n\n  after words [a](/x)',
    '---\ntitle: front matter words\ndescription: "has { brace"\n---\n\nBody words [a](/x)',
    'Hard break words  \nnext line words\\\nthird line words [a](/x)',
    'www.example.com/words and https://example.com/words [a](/x)',
    'Footnote words[^1] [a](/x)\n\n[^1]: footnote words /x',
    '## Heading with `code words` and [link words](/x) {/* #custom-id */}',
    '<div id="an-anchor">words</div>\n\n<a name="other">words</a>',
    'Words <br/> more words <Thing a={1} b="x > y">inner words</Thing> end words [a](/x)',
    '![image words](/img.png) and [text ![inner image words](/i.png) words](/x)',
    'Line with trailing words   \n   indented words\n\tTabbed words [a](/x)',
    '<Tabs>\n<TabItem value="a" label="Some words">\n\nTab words [a](/x)\n\n</TabItem>\n</Tabs>',
  ];
  it.each(TRICKY.map((text, i) => [i, text]))('tricky document %i', (_i, text) => {
    expectSame(text as string, 'page.mdx', mdx);
  });

  it('the same for plain-markdown pages and MDX 1 compatibility', async () => {
    const compat = await createLinkParser({ ...SETTINGS, format: 'detect' });
    for (const text of [
      ...TRICKY,
      '<!-- comment words [a](/x) -->\n\nwords <!-- inline words --> [b](/y)',
      '## Heading {#custom}\n\nwords',
      '<div>\nhtml block words [a](/x)\n</div>',
    ]) {
      expectSame(text, 'page.md', compat);
      expectSame(text, 'page.mdx', compat);
    }
  });

  it('on every page of this repository and of the fixtures', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const repo = path.resolve(import.meta.dirname, '..', '..');
    const v4 = await createLinkParser({ ...SETTINGS, comments: false, admonitionTitles: false, headingIds: false });
    const roots = ['docs', 'versioned_docs', 'scripts/__fixtures__'].map((d) => path.join(repo, d)).filter((d) => fs.existsSync(d));
    let pages = 0;
    for (const root of roots) {
      for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.mdx?$/.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        expectSame(fs.readFileSync(file, 'utf8'), file, v4);
        pages++;
      }
    }
    expect(pages).toBeGreaterThan(30);
  });

  it('on 400 generated pages mixing every construct', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)];
    const words = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(['alpha', 'beta', 'Gamma', 'delta', 'x', 'it', 'words'])).join(' ');
    const pieces = [
      () => `${words()} [${words()}](/${pick(['x', 'docs/y', 'a/b#c'])}) ${words()}`,
      () => `${pick(['#', '##', '###'])} ${words()}`,
      () => `${words()}\n${pick(['===', '---'])}`,
      () => `- ${words()}\n- ${words()} [${words()}][r${Math.floor(random() * 3)}]`,
      () => `> ${words()}\n> ${words()}`,
      () => `\`\`\`\n${words()} {\n${words()}\n\`\`\``,
      () => `${words()} \`${words()} [ { <\` ${words()}`,
      () => `<Link to="/x" title="${words()}">${words()}</Link> ${words()}`,
      () => `<Box\n  label="${words()}"\n>\n\n${words()} [a](/x)\n\n</Box>`,
      () => `{/* ${words()} */}`,
      () => `| ${words()} | ${words()} |\n| --- | --- |\n| ${words()} [a](/x) | ${words()} |`,
      () => `[r${Math.floor(random() * 3)}]: /${pick(['x', 'y'])} "${words()}"`,
      () => `${words()} &amp; ${words()} \\[${words()}\\] *${words()}* _${words()}_`,
      () => `:::${pick(['note', 'tip'])}\n${words()} [a](/x)\n:::`,
      () => `![${words()}](/i.png) [${words()} ![${words()}](/j.png)](/x)`,
      () => `${words()}  \n${words()}`,
      () => `1. ${words()}\n\n   ${words()} [a](/x)`,
    ];
    for (let page = 0; page < 400; page++) {
      const text = Array.from({ length: 3 + Math.floor(random() * 8) }, () => pick(pieces)()).join(pick(['\n\n', '\n']));
      expectSame(text, `generated-${page}.mdx`, mdx);
    }
  });
});
