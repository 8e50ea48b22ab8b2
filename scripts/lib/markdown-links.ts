// Finding links in a page by their position in the mdast, the way Docusaurus parses the page, and
// splicing new targets into the original text. Nothing here touches the file system: the text comes
// in, positions and new text go out, and everything outside the replaced targets is kept byte for byte.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import type { MarkdownSettings } from './routes';

// ---------------------------------------------------------------------------------------------
// Types

/** Where a link target sits: a markdown link, a reference definition, or a JSX/HTML attribute. */
export type LinkKind = 'inline' | 'definition' | 'jsx';

export interface FoundLink {
  kind: LinkKind;
  /** For `jsx`: the element (`Link`, `a`, `CardLink`...) and the attribute or property (`to`, `href`). */
  element?: string;
  attribute?: string;
  /** The target as Docusaurus reads it (escapes and character references decoded). */
  url: string;
  /** Offsets of the target as written in the original text (angle brackets and quotes excluded). */
  start: number;
  end: number;
  /** 1-based position of `start`. */
  line: number;
  column: number;
  /** The target's text differs from `url` before its `?`/`#` (escapes, character references): not spliced. */
  writtenWithEscapes: boolean;
  /** A reference definition that an image (`![alt][id]`) uses as well: its target is an image source too. */
  usedByImage?: boolean;
}

export class MarkdownParseError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

/** A parser set up for one site's markdown settings; create it once with createLinkParser. */
export interface LinkParser {
  settings: MarkdownSettings;
  /** 'md' or 'mdx' for a file, from the site's `markdown.format` and the file's extension. */
  formatOf(filePath: string): 'md' | 'mdx';
  /** @internal */
  processors: Record<'md' | 'mdx', Record<'full' | 'lite', Processor>>;
  /** @internal github-slugger's class, for heading anchors. */
  Slugger: new () => { slug(value: string, maintainCase?: boolean): string };
}

// ---------------------------------------------------------------------------------------------
// Docusaurus's text preprocessing, with a map from offsets in the preprocessed text back to the original

interface Edit {
  start: number;
  end: number;
  insert: string;
}

type OffsetMap = (offset: number) => number;

/** Apply sorted, non-overlapping edits; the map sends an offset in the result back to the input. */
function applyEdits(text: string, edits: Edit[]): { text: string; map: OffsetMap } {
  if (edits.length === 0) return { text, map: (offset) => offset };
  const pieces: string[] = [];
  // Unchanged runs: [outStart, inStart, length]
  const runs: Array<[number, number, number]> = [];
  let inPos = 0;
  let outPos = 0;
  for (const edit of edits) {
    const length = edit.start - inPos;
    runs.push([outPos, inPos, length]);
    pieces.push(text.slice(inPos, edit.start), edit.insert);
    outPos += length + edit.insert.length;
    inPos = edit.end;
  }
  runs.push([outPos, inPos, text.length - inPos]);
  pieces.push(text.slice(inPos));
  const map: OffsetMap = (offset) => {
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid][0] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const [outStart, inStart, length] = runs[lo];
    return inStart + Math.min(offset - outStart, length);
  };
  return { text: pieces.join(''), map };
}

function unwrapMdxCodeBlocks(text: string, fence: '```' | '````'): Edit[] {
  // A fenced block whose info string is exactly `mdx-code-block` is unwrapped: its content is MDX.
  const pattern = new RegExp(`(^|\\r?\\n)( *)${fence}( *)mdx-code-block\\r?\\n(.*?)\\r?\\n( *)${fence}(\\r?\\n|$)`, 'gs');
  const edits: Edit[] = [];
  for (const match of text.matchAll(pattern)) {
    const [whole, begin, , , children, , end] = match;
    const openStart = match.index + begin.length;
    const childrenStart = match.index + whole.indexOf(`mdx-code-block`) + 'mdx-code-block'.length;
    const afterOpenLine = text.startsWith('\r\n', childrenStart) ? childrenStart + 2 : childrenStart + 1;
    const childrenEnd = afterOpenLine + children.length;
    edits.push({ start: openStart, end: afterOpenLine, insert: '' });
    edits.push({ start: childrenEnd, end: match.index + whole.length - end.length, insert: '' });
  }
  return edits;
}

function escapeHeadingIds(text: string): Edit[] {
  // `## Title {#id}` would be an MDX expression; Docusaurus escapes the first `{#` of each ATX heading line.
  const edits: Edit[] = [];
  for (const match of text.matchAll(/(?:^|\n)#{1,6}(?!#).*/g)) {
    const index = match[0].indexOf('{#');
    if (index < 0) continue;
    if (index > 0 && match[0][index - 1] === '\\') continue;
    const at = match.index + index;
    edits.push({ start: at, end: at, insert: '\\' });
  }
  return edits;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function admonitionTitlesToLabels(text: string, keywords: string[]): Edit[] {
  // `:::note Title` (Docusaurus 2 syntax) becomes `:::note[Title]`.
  if (keywords.length === 0) return [];
  const pattern = new RegExp(`^((?:> ?)*)( +|\\t+)?(:{3,}(?:${keywords.map(escapeRegExp).join('|')})) +(.*)$`, 'gm');
  const edits: Edit[] = [];
  for (const match of text.matchAll(pattern)) {
    const [whole, quote, indentation = '', directive, title] = match;
    const directiveEnd = match.index + quote.length + indentation.length + directive.length;
    const wholeEnd = match.index + whole.length;
    edits.push({ start: directiveEnd, end: wholeEnd - title.length, insert: '[' });
    edits.push({ start: wholeEnd, end: wholeEnd, insert: ']' });
  }
  return edits;
}

/**
 * The text Docusaurus hands to MDX (mdx-code-block fences unwrapped, heading ids and admonition
 * titles rewritten) and a map from its offsets back to `text`.
 */
export function preprocessLikeDocusaurus(text: string, settings: MarkdownSettings): { text: string; toOriginal: OffsetMap } {
  const maps: OffsetMap[] = [];
  let current = text;
  const step = (edits: Edit[]) => {
    if (edits.length === 0) return;
    const result = applyEdits(current, edits);
    current = result.text;
    maps.push(result.map);
  };
  if (current.includes('mdx-code-block')) {
    step(unwrapMdxCodeBlocks(current, '```'));
    step(unwrapMdxCodeBlocks(current, '````'));
  }
  if (settings.headingIds && current.includes('{#')) step(escapeHeadingIds(current));
  if (settings.admonitionTitles && current.includes(':::')) step(admonitionTitlesToLabels(current, settings.admonitionKeywords));
  const toOriginal: OffsetMap = (offset) => {
    let result = offset;
    for (let i = maps.length - 1; i >= 0; i--) result = maps[i](result);
    return result;
  };
  return { text: current, toOriginal };
}

// ---------------------------------------------------------------------------------------------
// Shortening prose before parsing

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const HEADING_LINE = /^[ \t>*+\-\d.)]*#{1,6}(?:[ \t\r]|$)/;
const SETEXT_UNDERLINE = /^[ \t>]*(?:=+|-+)[ \t\r]*$/;
const FENCE_LINE = /^[ \t>*+\-\d.)]*(`{3,}|~{3,})/;
const ESM_LINE = /^(?:import|export)\b/;
const BLANK_LINE = /^[ \t\r]*$/;
const LEADING_FRONT_MATTER = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * Edits that shorten each run of plain prose (ASCII letters, with single spaces between words) to its
 * first and last letter, so the parser has less text to go through: micromark's cost grows with the
 * text, and most of a page is words that can hold no link syntax. Letters carry no markdown, MDX or
 * GFM syntax of their own, and the letters on both ends of a run stay, so every character that does
 * carry syntax keeps the same neighbours. Runs are left alone wherever the words themselves matter:
 * headings and setext paragraphs (anchors), link labels (reference matching), JSX tags, `{}`
 * expressions and ESM (JavaScript), code spans and fences, front matter, and after `&`, `#`, `:` or `\`
 * (character references, directive names, escapes). analyzePage reads URLs from the original text.
 */
export function shortenProse(text: string): Edit[] {
  const edits: Edit[] = [];
  const lineStartsList: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStartsList.push(i + 1);
  const lineCount = lineStartsList.length;
  const lineText = (n: number) => text.slice(lineStartsList[n], n + 1 < lineCount ? lineStartsList[n + 1] - 1 : text.length);

  // Lines whose words must stay: headings, and every line of a paragraph that a setext underline follows.
  const keep = new Uint8Array(lineCount);
  let runStart = -1;
  for (let n = 0; n <= lineCount; n++) {
    const line = n < lineCount ? lineText(n) : '';
    if (n === lineCount || BLANK_LINE.test(line)) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = n;
    else if (SETEXT_UNDERLINE.test(line)) for (let k = runStart; k < n; k++) keep[k] = 1;
    if (HEADING_LINE.test(line)) keep[n] = 1;
  }

  let firstLine = 0;
  const frontMatter = LEADING_FRONT_MATTER.exec(text);
  if (frontMatter) {
    while (firstLine < lineCount && lineStartsList[firstLine] < frontMatter[0].length) firstLine++;
    // Front matter is one opaque node to the parser: only its fences matter.
    const contentStart = lineStartsList[1];
    const closingFence = frontMatter[0].search(/(?:^|\n)---[ \t]*(?:\r?\n)?$/);
    const contentEnd = closingFence < 0 ? contentStart : closingFence + (frontMatter[0][closingFence] === '\n' ? 1 : 0);
    if (contentEnd > contentStart) edits.push({ start: contentStart, end: contentEnd, insert: '' });
  }

  let braces = 0;
  let brackets = 0;
  let inTag = false;
  let tagQuote = 0;
  let tagBraces = 0;
  let esm = false;
  let fence: { char: string; length: number } | undefined;
  for (let n = firstLine; n < lineCount; n++) {
    const start = lineStartsList[n];
    const line = lineText(n);
    let end = start + line.length;
    if (BLANK_LINE.test(line)) {
      brackets = 0;
      esm = false;
      continue;
    }
    const fenceMatch = FENCE_LINE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence.char && fenceMatch[1].length >= fence.length && /^[ \t\r]*$/.test(line.slice(fenceMatch[0].length))) fence = undefined;
      continue;
    }
    if (fenceMatch && !inTag && braces === 0) {
      fence = { char: fenceMatch[1][0], length: fenceMatch[1].length };
      continue;
    }
    if (n === firstLine || BLANK_LINE.test(lineText(n - 1))) {
      if (ESM_LINE.test(line)) esm = true;
    }
    let shortenable = !keep[n] && !esm;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (inTag) {
        if (tagQuote) {
          if (c === tagQuote) tagQuote = 0;
        } else if (c === 34 || c === 39) tagQuote = c;
        else if (c === 123) tagBraces++;
        else if (c === 125) tagBraces--;
        else if (c === 62 && tagBraces <= 0) inTag = false;
        continue;
      }
      if (c === 92) {
        i++; // an escaped character is literal text
        continue;
      }
      if (c === 123) braces++;
      else if (c === 125) braces = Math.max(0, braces - 1);
      else if (c === 91) brackets++;
      else if (c === 93) brackets = Math.max(0, brackets - 1);
      else if (c === 60) {
        const next = text.charCodeAt(i + 1);
        if (isLetter(next) || next === 47) {
          inTag = true;
          tagQuote = 0;
          tagBraces = 0;
        }
      } else if (c === 96) {
        // A code span: skip to the closing run of as many backticks, if there is one before a blank line.
        let ticks = 1;
        while (text.charCodeAt(i + ticks) === 96) ticks++;
        const closing = findClosingBackticks(text, i + ticks, ticks);
        i = (closing ?? i + ticks) - 1;
        // A span that ends on a later line: go on with the rest of that line.
        while (n + 1 < lineCount && lineStartsList[n + 1] <= i + 1) {
          n++;
          end = lineStartsList[n] + lineText(n).length;
          shortenable = !keep[n] && !esm;
        }
      } else if (isLetter(c) && shortenable && braces === 0 && brackets === 0) {
        const before = i > 0 ? text.charCodeAt(i - 1) : 10;
        // `&amp;`, `&#x41;`, `:name` (a directive), `\x`: the letters are part of the syntax.
        if (isLetter(before) || before === 38 || before === 35 || before === 58 || before === 92) continue;
        let j = i + 1;
        let lastLetter = i;
        while (j < end) {
          const d = text.charCodeAt(j);
          if (isLetter(d)) lastLetter = j;
          else if (!(d === 32 && isLetter(text.charCodeAt(j + 1)))) break;
          j++;
        }
        if (lastLetter - i >= 3) edits.push({ start: i + 1, end: lastLetter, insert: '' });
        i = lastLetter;
      }
    }
  }
  return edits;
}

function findClosingBackticks(text: string, from: number, ticks: number): number | undefined {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      // A blank line ends the paragraph, and with it any code span.
      let k = i + 1;
      while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 13) k++;
      if (k >= text.length || text.charCodeAt(k) === 10) return undefined;
    }
    if (c === 96) {
      let run = 1;
      while (text.charCodeAt(i + run) === 96) run++;
      if (run === ticks) return i + run;
      i += run;
      continue;
    }
    i++;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The parser

const AUTOLINK_LITERALS = new Set(['wwwAutolink', 'protocolAutolink', 'emailAutolink']);

type Construct = { name?: string };
type Extension = { text?: Record<string, Construct | Construct[]>; transforms?: unknown[] };

/**
 * remark-gfm without autolink literals (`www.x.com`, `https://x`, `a@b.c` in plain text). They only
 * ever make links to other sites, and they are by far the slowest part of GFM; findLinks reparses
 * with full GFM in the rare case where one could have swallowed a markdown link.
 */
function remarkGfmWithoutAutolinkLiterals(this: Processor) {
  const collected: { micromarkExtensions?: Extension[]; fromMarkdownExtensions?: Extension[][] } = {};
  (remarkGfm as unknown as (this: unknown) => void).call({ data: () => collected });
  const [syntax] = collected.micromarkExtensions!;
  const text = { ...syntax.text };
  for (const [code, constructs] of Object.entries(text)) {
    const kept = (Array.isArray(constructs) ? constructs : [constructs]).filter((c) => !AUTOLINK_LITERALS.has(c.name ?? ''));
    if (kept.length > 0) text[code] = kept;
    else delete text[code];
  }
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push({ ...syntax, text });
  (data.fromMarkdownExtensions ??= []).push(collected.fromMarkdownExtensions!.flat().filter((e) => !e.transforms));
}

interface CompileContext {
  stack: Array<{ type: string; data?: Record<string, unknown> }>;
  buffer(): void;
}
interface Token {
  start: { offset: number };
  end: { offset: number };
}

function recordDestination(this: CompileContext, token: Token) {
  const node = this.stack[this.stack.length - 1];
  (node.data ??= {}).destination = [token.start.offset, token.end.offset];
  this.buffer(); // what mdast-util-from-markdown does on entering a destination
}

/** Keeps the exact offsets of link and definition destinations on their nodes (`data.destination`). */
function remarkRecordDestinations(this: Processor) {
  const data = this.data() as { fromMarkdownExtensions?: unknown[] };
  (data.fromMarkdownExtensions ??= []).push({
    enter: { resourceDestinationString: recordDestination, definitionDestinationString: recordDestination },
  });
}

// Packages Docusaurus uses that the site does not depend on directly: resolved the way
// @docusaurus/core resolves them, so they are the very versions `docusaurus build` runs.
function docusaurusRequire(): NodeJS.Require {
  const require = createRequire(import.meta.url);
  const core = createRequire(require.resolve('@docusaurus/core/package.json'));
  return createRequire(core.resolve('@docusaurus/mdx-loader'));
}

async function importFromDocusaurus<T>(specifier: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch {
    const resolved = docusaurusRequire().resolve(specifier);
    return (await import(pathToFileURL(resolved).href)) as T;
  }
}

/** Build the parsers for a site's markdown settings (MDX and plain markdown, each with and without GFM autolink literals). */
export async function createLinkParser(settings: MarkdownSettings): Promise<LinkParser> {
  const { default: remarkComment } = await importFromDocusaurus<{ default: () => void }>('@slorber/remark-comment');
  const utilsRequire = createRequire(docusaurusRequire().resolve('@docusaurus/utils'));
  const Slugger = utilsRequire('github-slugger') as LinkParser['Slugger'];
  const build = (format: 'md' | 'mdx', gfm: 'full' | 'lite') => {
    // The order Docusaurus's mdx-loader uses: MDX syntax, front matter, directives, GFM, comments.
    let processor = unified().use(remarkParse) as unknown as Processor;
    if (format === 'mdx') processor = processor.use(remarkMdx) as unknown as Processor;
    processor = processor.use(remarkFrontmatter).use(remarkDirective) as unknown as Processor;
    processor = (gfm === 'full' ? processor.use(remarkGfm) : processor.use(remarkGfmWithoutAutolinkLiterals)) as unknown as Processor;
    if (settings.comments) processor = processor.use(remarkComment) as unknown as Processor;
    return processor.use(remarkRecordDestinations) as unknown as Processor;
  };
  return {
    settings,
    formatOf(filePath) {
      if (settings.format !== 'detect') return settings.format;
      return /\.(md|markdown|mdown|mkdn|mkd|mdwn|mkdown|ron)$/i.test(filePath) ? 'md' : 'mdx';
    },
    processors: {
      md: { full: build('md', 'full'), lite: build('md', 'lite') },
      mdx: { full: build('mdx', 'full'), lite: build('mdx', 'lite') },
    },
    Slugger,
  };
}

// ---------------------------------------------------------------------------------------------
// Walking the tree

interface MdNode {
  type: string;
  name?: string | null;
  url?: string;
  value?: unknown;
  depth?: number;
  alt?: string | null;
  identifier?: string;
  children?: MdNode[];
  attributes?: MdAttribute[];
  position?: { start: { offset?: number }; end: { offset?: number } };
  data?: { destination?: [number, number]; estree?: EstreeNode };
}

interface MdAttribute {
  type: string;
  name?: string;
  value?: string | null | { type: string; value: string; data?: { estree?: EstreeNode } };
  position?: { start: { offset?: number }; end: { offset?: number } };
}

interface EstreeNode {
  type: string;
  start?: number;
  end?: number;
  value?: unknown;
  raw?: string;
  key?: EstreeNode;
  name?: string;
  [key: string]: unknown;
}

/** Elements whose attribute is a link target for Docusaurus: `<Link to|href>` and `<a href>`. */
const LINK_ATTRIBUTES: Record<string, string[]> = { Link: ['to', 'href'], a: ['href'] };
/** Object properties inside JSX expression attributes that hold link targets (`item={{href: '/x'}}`). */
const LINK_PROPERTIES = new Set(['href', 'to']);
const SKIPPED_NODES = new Set(['code', 'inlineCode', 'yaml', 'toml', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'image', 'imageReference', 'math', 'inlineMath']);

interface Parsed {
  tree: MdNode;
  /** The preprocessed text the offsets in `tree` refer to. */
  text: string;
  /** Preprocessed offset -> offset in the original text (BOM included). */
  toOriginal: OffsetMap;
}

function parseWith(parser: LinkParser, text: string, filePath: string, gfm: 'full' | 'lite', shorten = false): Parsed {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const docusaurus = preprocessLikeDocusaurus(bom ? text.slice(1) : text, parser.settings);
  let preprocessed = docusaurus.text;
  let toOriginal = docusaurus.toOriginal;
  if (shorten) {
    const shortened = applyEdits(preprocessed, shortenProse(preprocessed));
    preprocessed = shortened.text;
    toOriginal = (offset) => docusaurus.toOriginal(shortened.map(offset));
  }
  const processor = parser.processors[parser.formatOf(filePath)][gfm];
  try {
    const tree = processor.parse(preprocessed) as unknown as MdNode;
    return { tree, text: preprocessed, toOriginal: (offset) => toOriginal(offset) + bom };
  } catch (error) {
    const e = error as { reason?: string; message?: string; line?: number; column?: number; place?: { offset?: number; line?: number; column?: number; start?: { offset?: number; line?: number; column?: number } } };
    const place = e.place && 'start' in e.place && e.place.start ? e.place.start : e.place;
    let offset = (place as { offset?: number } | undefined)?.offset;
    // Some messages carry their place only in the text: "Expected a closing tag for `<Tabs>` (3:1-3:7)".
    const inMessage = /\((\d+):(\d+)(?:-\d+:\d+)?\)\s*$/.exec(e.reason ?? e.message ?? '');
    const line = e.line ?? place?.line ?? (inMessage ? Number(inMessage[1]) : undefined);
    const column = e.column ?? place?.column ?? (inMessage ? Number(inMessage[2]) : undefined);
    if (offset === undefined && line !== undefined) offset = offsetOfLineColumn(preprocessed, line, column ?? 1);
    const position = lineColumn(text, offset === undefined ? 0 : toOriginal(offset) + bom);
    // The message's own "(line:column)" refers to the preprocessed text; the error carries the right place.
    const reason = (e.reason ?? e.message ?? String(error)).replace(/\s*\(\d+:\d+(?:-\d+:\d+)?\)\s*$/, '');
    throw new MarkdownParseError(reason, offset === undefined ? line ?? 1 : position.line, offset === undefined ? column ?? 1 : position.column);
  }
}

function offsetOfLineColumn(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** Offsets where lines start (after \n, \r\n or a lone \r). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function lineColumnFrom(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** 1-based line and column of an offset (a CRLF counts as one line break). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function* walk(node: MdNode): Generator<MdNode> {
  yield node;
  if (SKIPPED_NODES.has(node.type)) return;
  for (const child of node.children ?? []) yield* walk(child);
}

function* walkEstree(node: unknown): Generator<EstreeNode> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) yield* walkEstree(item);
    return;
  }
  const estree = node as EstreeNode;
  if (typeof estree.type !== 'string') return;
  yield estree;
  for (const [key, value] of Object.entries(estree)) {
    if (key === 'loc' || key === 'range' || key === 'comments' || key === 'position' || key === 'data') continue;
    if (value && typeof value === 'object') yield* walkEstree(value);
  }
}

/** The path part of a URL: everything before the first `?` or `#`. */
export function splitUrl(url: string): { pathname: string; suffix: string } {
  const index = url.search(/[?#]/);
  return index < 0 ? { pathname: url, suffix: '' } : { pathname: url.slice(0, index), suffix: url.slice(index) };
}

interface RawTarget {
  kind: LinkKind;
  identifier?: string;
  element?: string;
  attribute?: string;
  url: string;
  /** Offsets in the preprocessed text. */
  start: number;
  end: number;
}

/** A string literal in an estree expression whose source is exactly its value (no escapes). */
function literalTarget(node: EstreeNode, source: string): { start: number; end: number; value: string } | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string' && node.start !== undefined && node.end !== undefined) {
    return { start: node.start + 1, end: node.end - 1, value: node.value };
  }
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0 && node.start !== undefined && node.end !== undefined) {
    const value = source.slice(node.start + 1, node.end - 1);
    return { start: node.start + 1, end: node.end - 1, value };
  }
  return undefined;
}

function collectTargets(parsed: Parsed, format: 'md' | 'mdx'): { targets: RawTarget[]; imageIdentifiers: Set<string>; linkIdentifiers: Set<string> } {
  const targets: RawTarget[] = [];
  const imageIdentifiers = new Set<string>();
  const linkIdentifiers = new Set<string>();
  const source = parsed.text;
  for (const node of walk(parsed.tree)) {
    if (node.type === 'imageReference' && node.identifier) imageIdentifiers.add(node.identifier);
    else if (node.type === 'linkReference' && node.identifier) linkIdentifiers.add(node.identifier);
    if ((node.type === 'link' || node.type === 'definition') && node.data?.destination) {
      const [start, end] = node.data.destination;
      if (node.type === 'link') targets.push({ kind: 'inline', url: node.url ?? '', start, end });
      else targets.push({ kind: 'definition', identifier: node.identifier, url: node.url ?? '', start, end });
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const element = node.name ?? '';
      for (const attribute of node.attributes ?? []) {
        if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) continue;
        const isLinkAttribute = LINK_ATTRIBUTES[element]?.includes(attribute.name) ?? false;
        const value = attribute.value;
        if (typeof value === 'string' && isLinkAttribute) {
          const attrStart = attribute.position?.start.offset;
          const attrEnd = attribute.position?.end.offset;
          if (attrStart === undefined || attrEnd === undefined) continue;
          const quote = source[attrEnd - 1];
          if (quote !== '"' && quote !== "'") continue;
          const open = source.indexOf(quote, source.indexOf('=', attrStart));
          if (open < 0 || open >= attrEnd - 1) continue;
          targets.push({ kind: 'jsx', element, attribute: attribute.name, url: value, start: open + 1, end: attrEnd - 1 });
        } else if (value && typeof value === 'object' && value.data?.estree) {
          const program = value.data.estree as EstreeNode & { body: Array<{ type: string; expression?: EstreeNode }> };
          const expression = program.body.length === 1 && program.body[0].type === 'ExpressionStatement' ? program.body[0].expression : undefined;
          const direct = isLinkAttribute && expression ? literalTarget(expression, source) : undefined;
          if (direct) {
            targets.push({ kind: 'jsx', element, attribute: attribute.name, url: direct.value, start: direct.start, end: direct.end });
            continue;
          }
          for (const estree of walkEstree(program)) {
            if (estree.type !== 'Property' || !estree.key) continue;
            const key = estree.key.type === 'Identifier' ? estree.key.name : estree.key.type === 'Literal' ? String(estree.key.value) : undefined;
            if (!key || !LINK_PROPERTIES.has(key)) continue;
            const literal = literalTarget(estree.value as EstreeNode, source);
            if (literal) targets.push({ kind: 'jsx', element, attribute: `${attribute.name}.${key}`, url: literal.value, start: literal.start, end: literal.end });
          }
        }
      }
    } else if (node.type === 'html' && format === 'md' && typeof node.value === 'string') {
      const nodeStart = node.position?.start.offset;
      if (nodeStart === undefined || source.slice(nodeStart, nodeStart + node.value.length) !== node.value) continue;
      // Comments keep their length so offsets stay right.
      const html = node.value.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => ' '.repeat(comment.length));
      for (const match of html.matchAll(/<a\s[^>]*?\bhref\s*=\s*(["'])([^"']*)\1/gi)) {
        const valueStart = nodeStart + match.index + match[0].length - 1 - match[2].length;
        targets.push({ kind: 'jsx', element: 'a', attribute: 'href', url: match[2], start: valueStart, end: valueStart + match[2].length });
      }
    }
  }
  return { targets, imageIdentifiers, linkIdentifiers };
}

/** Could a GFM autolink literal (`www.x`, `https://x` running up to the link) have swallowed this inline link? */
function mayBeInsideAutolinkLiteral(text: string, start: number): boolean {
  // The link's `[` is before its destination; look at the run of non-space characters leading to it.
  let open = text.lastIndexOf('[', start);
  if (open < 0) open = start;
  let runStart = open;
  while (runStart > 0 && !/\s/.test(text[runStart - 1])) runStart--;
  return /www\.|https?:\/\//i.test(text.slice(runStart, open));
}

/** What one parse of a page yields: its links (with their places) and its anchors. */
export interface PageAnalysis {
  links: FoundLink[];
  /** The anchors the page offers, see collectAnchors. */
  anchors: string[];
}

/**
 * Parse a page once, as Docusaurus would, and return every link target in it (markdown links,
 * reference definitions, `<Link to>`, `<a href>` and `href`/`to` properties in JSX attribute
 * expressions) with its exact place in `text`, and the anchors the page offers. Code, inline code,
 * comments, front matter and images are not looked into. Throws MarkdownParseError when the page
 * does not parse.
 */
export function analyzePage(text: string, filePath: string, parser: LinkParser, options: { shortenProse?: boolean } = {}): PageAnalysis {
  const format = parser.formatOf(filePath);
  let shortened = options.shortenProse ?? true;
  let parsed = parseWith(parser, text, filePath, 'lite', shortened);
  let collected = collectTargets(parsed, format);
  if (collected.targets.some((t) => t.kind === 'inline' && mayBeInsideAutolinkLiteral(text, parsed.toOriginal(t.start)))) {
    parsed = parseWith(parser, text, filePath, 'full');
    collected = collectTargets(parsed, format);
    shortened = false;
  } else if (shortened && collected.targets.some((t) => /[\\&]/.test(text.slice(parsed.toOriginal(t.start), parsed.toOriginal(t.end))))) {
    // Escapes or character references in a target: let the parser decode it from the full text.
    parsed = parseWith(parser, text, filePath, 'lite');
    collected = collectTargets(parsed, format);
    shortened = false;
  }
  const { imageIdentifiers, linkIdentifiers } = collected;
  // A definition only images use is an image source, not a link.
  const targets = collected.targets.filter((t) => !(t.identifier !== undefined && imageIdentifiers.has(t.identifier) && !linkIdentifiers.has(t.identifier)));
  const lines = lineStarts(text);
  const links = targets.map((target): FoundLink => {
    const start = parsed.toOriginal(target.start);
    const end = parsed.toOriginal(target.end);
    const written = text.slice(start, end);
    const { line, column } = lineColumnFrom(lines, start);
    return {
      kind: target.kind,
      ...(target.element !== undefined ? { element: target.element, attribute: target.attribute } : {}),
      // Without escapes or references, the target as written is the URL.
      url: shortened ? written : target.url,
      start,
      end,
      line,
      column,
      writtenWithEscapes: !shortened && splitUrl(written).pathname !== splitUrl(target.url).pathname,
      ...(target.identifier !== undefined && imageIdentifiers.has(target.identifier) ? { usedByImage: true } : {}),
    };
  });
  return { links, anchors: [...anchorsOf(parsed.tree, parser)] };
}

/** Every link target in a page, with its exact place in `text` (see analyzePage). */
export function findLinks(text: string, filePath: string, parser: LinkParser): FoundLink[] {
  return analyzePage(text, filePath, parser).links;
}

/** True for a root-relative URL path (`/x`), the only kind of link this module rewrites. */
export function isAbsolutePathLink(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}

/** The links of a page whose target is a root-relative path (`/x`, `/docs/x#a`), in document order. */
export function findAbsoluteLinks(text: string, filePath: string, parser: LinkParser): FoundLink[] {
  return findLinks(text, filePath, parser)
    .filter((link) => isAbsolutePathLink(link.url))
    .sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Rewriting

export type LinkDecision =
  /** Replace the path part of the target with `to`; the original `?query#hash` is kept. */
  | { action: 'rewrite'; to: string }
  | { action: 'keep'; note?: string }
  | { action: 'unresolved'; reason: string };

export type LinkResolver = (link: FoundLink & { pathname: string; suffix: string }) => LinkDecision;

export interface LinkRewrite {
  line: number;
  column: number;
  kind: LinkKind;
  /** The target as written before and after. */
  from: string;
  to: string;
}

export interface UnresolvedLink {
  line: number;
  column: number;
  kind: LinkKind;
  url: string;
  reason: string;
}

export interface KeptLink {
  line: number;
  column: number;
  url: string;
  note: string;
}

export interface RewriteResult {
  text: string;
  rewrites: LinkRewrite[];
  unresolved: UnresolvedLink[];
  kept: KeptLink[];
}

/**
 * Ask `resolve` about every absolute link of the page and splice the new targets into `text`.
 * Only the path part of each rewritten target changes; the rest of the text is returned as it was.
 */
export function rewriteAbsoluteLinks(text: string, filePath: string, resolve: LinkResolver, parser: LinkParser): RewriteResult {
  return applyLinkDecisions(text, findAbsoluteLinks(text, filePath, parser), resolve);
}

/**
 * The splicing half of rewriteAbsoluteLinks, for links found earlier (by analyzePage): ask `resolve`
 * about each absolute link and splice the new targets into `text`.
 */
export function applyLinkDecisions(text: string, foundLinks: FoundLink[], resolve: LinkResolver): RewriteResult {
  const links = foundLinks.filter((link) => isAbsolutePathLink(link.url)).sort((a, b) => a.start - b.start);
  const rewrites: LinkRewrite[] = [];
  const unresolved: UnresolvedLink[] = [];
  const kept: KeptLink[] = [];
  const splices: Array<{ start: number; end: number; insert: string }> = [];
  for (const link of links) {
    const { pathname, suffix } = splitUrl(link.url);
    const decision = resolve({ ...link, pathname, suffix });
    if (decision.action === 'keep') {
      if (decision.note) kept.push({ line: link.line, column: link.column, url: link.url, note: decision.note });
      continue;
    }
    if (decision.action === 'unresolved') {
      unresolved.push({ line: link.line, column: link.column, kind: link.kind, url: link.url, reason: decision.reason });
      continue;
    }
    const written = text.slice(link.start, link.end);
    if (link.usedByImage) {
      unresolved.push({
        line: link.line,
        column: link.column,
        kind: link.kind,
        url: link.url,
        reason: 'an image uses this definition too, and an image needs the URL; give the link its own definition',
      });
      continue;
    }
    if (link.writtenWithEscapes) {
      unresolved.push({
        line: link.line,
        column: link.column,
        kind: link.kind,
        url: link.url,
        reason: `the target is written with escapes or character references (${written}); change it to ${decision.to}${suffix} by hand`,
      });
      continue;
    }
    const replacement = decision.to + splitUrl(written).suffix;
    if (replacement === written) continue;
    splices.push({ start: link.start, end: link.end, insert: replacement });
    rewrites.push({ line: link.line, column: link.column, kind: link.kind, from: written, to: replacement });
  }
  const pieces: string[] = [];
  let at = 0;
  for (const splice of splices) {
    pieces.push(text.slice(at, splice.start), splice.insert);
    at = splice.end;
  }
  pieces.push(text.slice(at));
  return { text: splices.length === 0 ? text : pieces.join(''), rewrites, unresolved, kept };
}

// ---------------------------------------------------------------------------------------------
// Anchors

function plainText(node: MdNode): string {
  if (typeof node.value === 'string') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  return (node.children ?? []).map(plainText).join('');
}

const CLASSIC_HEADING_ID = /\s*\{#(?<id>(?:.(?!\{#|\}))*.)\}$/;

/** The anchors of a parsed page: ids of h2-h6 headings, and literal `id` attributes of JSX elements. */
function anchorsOf(tree: MdNode, parser: LinkParser): Set<string> {
  const slugger = new parser.Slugger();
  const anchors = new Set<string>();
  for (const node of walk(tree)) {
    if (node.type === 'heading') {
      let id: string | undefined;
      const last = node.children?.at(-1);
      const program = last?.data?.estree as { body?: unknown[]; comments?: Array<{ value: string }> } | undefined;
      // {/* #id */} at the end of the heading
      if (last?.type === 'mdxTextExpression' && program?.body?.length === 0 && program.comments?.length === 1) {
        const first = program.comments[0].value.trim().split(' ')[0];
        if (first?.startsWith('#') && first.length > 1) id = first.slice(1);
      }
      if (id === undefined) {
        const children = (node.children ?? []).filter((child) => child.type !== 'html' && child.type !== 'jsx');
        const headingText = plainText(children.length > 0 ? { type: 'root', children } : node);
        // {#id}, which Docusaurus's heading-id compatibility turns into text
        const classic = CLASSIC_HEADING_ID.exec(headingText);
        id = classic?.groups ? classic.groups.id.trim() : slugger.slug(headingText, parser.settings.anchorsMaintainCase);
      }
      if ((node.depth ?? 1) >= 2) anchors.add(id);
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      for (const attribute of node.attributes ?? []) {
        if (attribute.type === 'mdxJsxAttribute' && (attribute.name === 'id' || (attribute.name === 'name' && node.name === 'a')) && typeof attribute.value === 'string') {
          anchors.add(attribute.value);
        }
      }
    }
  }
  return anchors;
}

/**
 * The anchors a page offers to links (`page#anchor`): the ids Docusaurus gives its h2-h6 headings
 * (`{/* #id *\/}`, `{#id}` where MDX 1 compatibility is on, or the slug of the text) and literal
 * `id` attributes of JSX elements.
 */
export function collectAnchors(text: string, filePath: string, parser: LinkParser): Set<string> {
  return new Set(analyzePage(text, filePath, parser).anchors);
}
