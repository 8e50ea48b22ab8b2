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
  /** @internal micromark set up like the 'lite' processors, for reading links from its events (see scanEvents). */
  engines: Record<'md' | 'mdx', EventEngine | undefined>;
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
// Hot paths build their offset maps with the factories below rather than with arrow functions
// assigned to a name: tsx compiles with esbuild's keepNames, which wraps every such function in a
// call that redefines its `name`, once per page.

function identityMap(offset: number): number {
  return offset;
}

/** The map of applyEdits: unchanged runs [outStart, inStart, length], sorted. */
function runsMap(runs: Array<[number, number, number]>): OffsetMap {
  return (offset) => {
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
}

/** `outer` after `inner`: maps an offset through `inner`, then `outer`. */
function composeMaps(outer: OffsetMap, inner: OffsetMap): OffsetMap {
  if (outer === identityMap) return inner;
  if (inner === identityMap) return outer;
  return (offset) => outer(inner(offset));
}

function applyEdits(text: string, edits: Edit[]): { text: string; map: OffsetMap } {
  if (edits.length === 0) return { text, map: identityMap };
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
  return { text: pieces.join(''), map: runsMap(runs) };
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
  let current = text;
  let toOriginal: OffsetMap = identityMap;
  const steps: Array<(text: string) => Edit[]> = [];
  if (current.includes('mdx-code-block')) steps.push((t) => unwrapMdxCodeBlocks(t, '```'), (t) => unwrapMdxCodeBlocks(t, '````'));
  if (settings.headingIds && current.includes('{#')) steps.push(escapeHeadingIds);
  if (settings.admonitionTitles && current.includes(':::')) steps.push((t) => (t.includes(':::') ? admonitionTitlesToLabels(t, settings.admonitionKeywords) : []));
  for (const step of steps) {
    const edits = step(current);
    if (edits.length === 0) continue;
    const result = applyEdits(current, edits);
    current = result.text;
    toOriginal = composeMaps(toOriginal, result.map);
  }
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
  const lineText = lineTextReader(text, lineStartsList);

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

/** Line `n` of `text` (without its line feed), given where lines start. */
function lineTextReader(text: string, starts: number[]): (n: number) => string {
  return (n) => text.slice(starts[n], n + 1 < starts.length ? starts[n + 1] - 1 : text.length);
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
  const processors = {
    md: { full: build('md', 'full'), lite: build('md', 'lite') },
    mdx: { full: build('mdx', 'full'), lite: build('mdx', 'lite') },
  };
  const micromark = await loadMicromark();
  return {
    settings,
    formatOf(filePath) {
      if (settings.format !== 'detect') return settings.format;
      return /\.(md|markdown|mdown|mkdn|mkd|mdwn|mkdown|ron)$/i.test(filePath) ? 'md' : 'mdx';
    },
    processors,
    Slugger,
    engines: { md: createEventEngine(processors.md.lite, micromark), mdx: createEventEngine(processors.mdx.lite, micromark) },
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

/**
 * The text the parser reads: Docusaurus's preprocessing (see preprocessLikeDocusaurus) without the
 * BOM, with plain prose shortened when `shorten` is set (see shortenProse), and the map back.
 */
function prepareText(text: string, settings: MarkdownSettings, shorten: boolean): { text: string; bom: number; toOriginal: OffsetMap } {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const docusaurus = preprocessLikeDocusaurus(bom ? text.slice(1) : text, settings);
  if (!shorten) return { text: docusaurus.text, bom, toOriginal: docusaurus.toOriginal };
  const shortened = applyEdits(docusaurus.text, shortenProse(docusaurus.text));
  return { text: shortened.text, bom, toOriginal: composeMaps(docusaurus.toOriginal, shortened.map) };
}

function parseWith(parser: LinkParser, text: string, filePath: string, gfm: 'full' | 'lite', shorten = false): Parsed {
  const { text: preprocessed, bom, toOriginal } = prepareText(text, parser.settings, shorten);
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

/** The link targets in the attributes of one JSX element (`<Link to>`, `<a href>`, `item={{href}}`). */
function jsxTargets(element: string, attributes: MdAttribute[], source: string, targets: RawTarget[]): void {
  for (const attribute of attributes) {
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
}

/** Attributes of a JSX element that give the page an anchor: `id`, and `name` on `<a>`. */
function isAnchorAttribute(element: string, attribute: string): boolean {
  return attribute === 'id' || (attribute === 'name' && element === 'a');
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
      jsxTargets(node.name ?? '', node.attributes ?? [], source, targets);
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

// ---------------------------------------------------------------------------------------------
// Reading links straight from micromark's events
//
// Building the mdast costs more than tokenizing the page: mdast-util-from-markdown calls a handler
// with a fresh context object for each of the hundreds of events of a page. The links, definitions,
// references, JSX attributes and headings this module needs can be read from the events directly.
// scanEvents does that for the constructs it models exactly, and gives up (returns undefined) on
// anything else, so that analyzePage falls back to the tree: a heading holding an image or a
// character reference, an attribute value with a character reference, raw HTML mentioning `href`.
// It also gives up wherever building the tree would throw (a JSX element closed in another
// paragraph or list item, or not at all), so a page that does not parse still fails the same way.

type MicromarkPoint = { line: number; column: number; offset: number };
interface MicromarkToken {
  type: string;
  start: MicromarkPoint;
  end: MicromarkPoint;
  /** Set by the MDX extensions on expressions (with `addResult`). */
  estree?: EstreeNode & { body?: unknown[]; comments?: Array<{ value: string }> };
}
interface MicromarkContext {
  sliceSerialize(token: MicromarkToken): string;
}
type MicromarkEvent = ['enter' | 'exit', MicromarkToken, MicromarkContext];
interface MicromarkParseContext {
  document(): { write(chunks: unknown[]): MicromarkEvent[] };
  defined: string[];
  lazy: Record<string, boolean>;
}
interface Micromark {
  parse(options: { extensions: unknown[] }): MicromarkParseContext;
  preprocess(): (value: string, encoding: undefined, end: boolean) => unknown[];
  postprocess(events: MicromarkEvent[]): MicromarkEvent[];
  /** One pass of postprocess: true when there was nothing left to tokenize. */
  subtokenize(events: MicromarkEvent[]): boolean;
  normalizeIdentifier(value: string): string;
}

/** micromark with one site's extensions, ready to tokenize pages. */
export interface EventEngine {
  /** The events of `text`; `wholeDocument` runs micromark's own postprocess (see postprocessBySegment), for tests. */
  events(text: string, options?: { wholeDocument?: boolean }): MicromarkEvent[];
  normalizeIdentifier(value: string): string;
}

/** Resolves the packages mdast-util-from-markdown uses, micromark among them: the ones remark-parse runs. */
function fromMarkdownRequire(): NodeJS.Require {
  const require = createRequire(import.meta.url);
  return createRequire(createRequire(require.resolve('remark-parse')).resolve('mdast-util-from-markdown'));
}

/** The micromark remark-parse runs (through mdast-util-from-markdown), and its identifier normalizer. */
async function loadMicromark(): Promise<Micromark> {
  const fromMarkdown = fromMarkdownRequire();
  const load = async <T>(name: string) => (await import(pathToFileURL(fromMarkdown.resolve(name)).href)) as T;
  const micromark = await load<Pick<Micromark, 'parse' | 'preprocess' | 'postprocess'>>('micromark');
  const { normalizeIdentifier } = await load<Pick<Micromark, 'normalizeIdentifier'>>('micromark-util-normalize-identifier');
  // The subtokenize micromark's postprocess runs.
  const subtokenizeUrl = pathToFileURL(createRequire(fromMarkdown.resolve('micromark')).resolve('micromark-util-subtokenize')).href;
  const { subtokenize } = (await import(subtokenizeUrl)) as Pick<Micromark, 'subtokenize'>;
  return { parse: micromark.parse, preprocess: micromark.preprocess, postprocess: micromark.postprocess, subtokenize, normalizeIdentifier };
}

/**
 * micromark's postprocess, which tokenizes the content of the document's blocks level by level
 * (flow, then paragraphs, then inline text, then strings) in passes over all its events, done a
 * block at a time after the first pass: the deeper levels of a table or an admonition then cost a
 * pass over their own events, not over the whole page's (about a tenth of the parse). Every pass
 * still goes through all blocks, in document order, before the next one, so the parser sees
 * definitions in the same order as micromark does, and the events come out the same (a test holds
 * them equal). A block never shares a chunk of content with another: each chain of chunks belongs
 * to one top-level construct once the first pass has split the document into them.
 */
function postprocessBySegment(events: MicromarkEvent[], subtokenize: Micromark['subtokenize']): MicromarkEvent[] {
  if (subtokenize(events)) return events;
  const segments: MicromarkEvent[][] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < events.length; index++) {
    depth += events[index][0] === 'enter' ? 1 : -1;
    if (depth === 0) {
      segments.push(events.slice(start, index + 1));
      start = index + 1;
    }
  }
  if (start !== events.length) {
    // Not a sequence of whole tokens (not expected): the usual way.
    while (!subtokenize(events)) {
      // Empty
    }
    return events;
  }
  let pending = segments;
  while (pending.length > 0) pending = pending.filter((segment) => !subtokenize(segment));
  return segments.flat();
}

/** micromark set up with a processor's syntax extensions; undefined when its mdast has transforms events cannot show. */
function createEventEngine(processor: Processor, micromark: Micromark): EventEngine | undefined {
  processor.freeze();
  const data = processor.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  const mdastExtensions = (data.fromMarkdownExtensions ?? []).flat(Infinity) as Array<{ transforms?: unknown[] }>;
  if (mdastExtensions.some((extension) => (extension.transforms?.length ?? 0) > 0)) return undefined;
  // Combining the extensions is a good part of the cost of a small page: one parse context serves every page.
  const context = micromark.parse({ extensions: data.micromarkExtensions ?? [] }) as MicromarkParseContext & Record<string, unknown>;
  const ownKeys = new Set(Object.keys(context));
  return {
    events(text, options = {}) {
      // Clear what the previous page left: its definitions, lazy lines, and extension state (GFM footnote labels).
      for (const key of Object.keys(context)) if (!ownKeys.has(key)) delete context[key];
      context.defined = [];
      context.lazy = {};
      const events = context.document().write(micromark.preprocess()(text, undefined, true));
      return options.wholeDocument ? micromark.postprocess(events) : postprocessBySegment(events, micromark.subtokenize);
    },
    normalizeIdentifier: micromark.normalizeIdentifier,
  };
}

/** A JSX element whose opening tag has been read and whose closing tag has not. */
interface OpenElement {
  element: string;
  /** mdxJsxFlowTag or mdxJsxTextTag: the closing tag must be of the same kind. */
  tagType: string;
}

/** A link or image being read. */
interface OpenMedia {
  image: boolean;
  start: number;
  resource: boolean;
  labelIdentifier?: string;
  referenceIdentifier?: string;
}

/** An attribute of the JSX tag being read, shaped like mdast-util-mdx-jsx's. */
interface TagAttribute extends MdAttribute {
  parts?: string[];
  /** Its value is not the text between its quotes (a character reference or a line break in it). */
  inexact?: boolean;
}

const JSX_TAG = new Set(['mdxJsxFlowTag', 'mdxJsxTextTag']);

/** Tokens a heading's text may hold for scanEvents to compute its id; anything else sends the page to the tree. */
const HEADING_TEXT_TOKENS = new Set([
  'data',
  'characterEscape',
  'escapeMarker',
  'characterEscapeValue',
  'codeText',
  'codeTextSequence',
  'codeTextPadding',
  'codeTextData',
  'emphasis',
  'emphasisSequence',
  'emphasisText',
  'strong',
  'strongSequence',
  'strongText',
  'strikethrough',
  'strikethroughSequence',
  'strikethroughText',
  'link',
  'label',
  'labelMarker',
  'labelText',
]);
/** Parts of a heading that add nothing to its text: link destinations and titles, references, JSX tags. */
const HEADING_HIDDEN_TOKENS = new Set(['resource', 'reference', 'mdxJsxTextTag']);
/** Tokens whose text is part of the heading's text (as in the mdast's text and inlineCode values). */
const HEADING_VALUE_TOKENS = new Set(['data', 'characterEscapeValue', 'codeTextData']);

/** The token types scanEvents acts on when they begin and when they end (every `case` of its two switches); it only keeps the others on its stack. */
const SCANNED_ENTER = new Set([
  'atxHeading', 'setextHeading', 'listItemPrefix', 'link', 'image', 'resource', 'resourceDestinationString',
  'definition', 'definitionDestinationString', 'htmlFlow', 'htmlText', 'mdxJsxFlowTag', 'mdxJsxTextTag',
  'mdxJsxFlowTagClosingMarker', 'mdxJsxTextTagClosingMarker', 'mdxJsxFlowTagAttribute',
  'mdxJsxTextTagAttribute', 'mdxJsxFlowTagExpressionAttribute', 'mdxJsxTextTagExpressionAttribute',
  'mdxJsxFlowTagAttributeValueLiteral', 'mdxJsxTextTagAttributeValueLiteral',
  'mdxJsxFlowTagSelfClosingMarker', 'mdxJsxTextTagSelfClosingMarker', 'lineEnding'
]);
const SCANNED_EXIT = new Set([
  'link', 'image', 'labelText', 'referenceString', 'definitionLabelString', 'definition',
  'mdxJsxFlowTagClosingMarker', 'mdxJsxTextTagClosingMarker', 'mdxJsxFlowTagNamePrimary',
  'mdxJsxTextTagNamePrimary', 'mdxJsxFlowTagNameMember', 'mdxJsxTextTagNameMember', 'mdxJsxFlowTagNameLocal',
  'mdxJsxTextTagNameLocal', 'mdxJsxFlowTagAttributeNamePrimary', 'mdxJsxTextTagAttributeNamePrimary',
  'mdxJsxFlowTagAttributeNameLocal', 'mdxJsxTextTagAttributeNameLocal',
  'mdxJsxFlowTagAttributeValueLiteralValue', 'mdxJsxTextTagAttributeValueLiteralValue',
  'mdxJsxFlowTagAttributeValueLiteral', 'mdxJsxTextTagAttributeValueLiteral',
  'mdxJsxFlowTagAttributeValueExpression', 'mdxJsxTextTagAttributeValueExpression',
  'mdxJsxFlowTagSelfClosingMarker', 'mdxJsxTextTagSelfClosingMarker', 'mdxJsxFlowTag', 'mdxJsxTextTag'
]);

/** The index of the exit event of the token entered at `index`. */
function exitIndex(events: MicromarkEvent[], index: number): number {
  const token = events[index][1];
  let at = index + 1;
  while (at < events.length && events[at][1] !== token) at++;
  return at;
}

/**
 * The anchor of the heading entered at `index` (none for an h1), as anchorsOf computes it from the
 * mdast: the `{/* #id *\/}` comment ending it, else `{#id}` ending its text, else the slug of its
 * text. Undefined when the heading holds something this does not model.
 */
function readHeading(
  events: MicromarkEvent[],
  index: number,
  slugger: { slug(value: string, maintainCase?: boolean): string },
  maintainCase: boolean,
): { anchor?: string } | undefined {
  const heading = events[index][1];
  const parts: string[] = [];
  let depth = 0;
  let id: string | undefined;
  let inText = false;
  for (let at = index + 1; at < events.length; at++) {
    const [kind, token, context] = events[at];
    if (token === heading) break;
    const type = token.type;
    if (type === 'atxHeadingText' || type === 'setextHeadingText') {
      inText = kind === 'enter';
      continue;
    }
    if (!inText) {
      if (kind === 'exit' && type === 'atxHeadingSequence' && depth === 0) depth = context.sliceSerialize(token).length;
      else if (kind === 'exit' && type === 'setextHeadingLineSequence') depth = context.sliceSerialize(token).codePointAt(0) === 61 ? 1 : 2;
      continue;
    }
    if (kind === 'exit') continue;
    if (HEADING_HIDDEN_TOKENS.has(type)) {
      at = exitIndex(events, at);
      continue;
    }
    if (type === 'mdxTextExpression') {
      // Only as the heading's last child, holding a single `/* #id */` comment.
      const exit = exitIndex(events, at);
      const next = events[exit + 1];
      const program = token.estree;
      const last = next !== undefined && next[0] === 'exit' && (next[1].type === 'atxHeadingText' || next[1].type === 'setextHeadingText');
      if (!last || program?.body?.length !== 0 || program.comments?.length !== 1) return undefined;
      const first = program.comments[0].value.trim().split(' ')[0];
      if (!first?.startsWith('#') || first.length <= 1) return undefined;
      id = first.slice(1);
      at = exit;
      continue;
    }
    if (!HEADING_TEXT_TOKENS.has(type)) return undefined;
    if (HEADING_VALUE_TOKENS.has(type)) parts.push(context.sliceSerialize(token));
  }
  if (id === undefined) id = headingTextId(parts.join(''), slugger, maintainCase);
  return depth >= 2 ? { anchor: id } : {};
}

/**
 * What collectTargets and anchorsOf find in the mdast, read from the events that would build it:
 * link targets (in document order), the identifiers references use, and anchors. Undefined when the
 * page holds something this does not model exactly, or something building the mdast would reject.
 */
function scanEvents(
  events: MicromarkEvent[],
  source: string,
  parser: LinkParser,
  engine: EventEngine,
): { targets: RawTarget[]; imageIdentifiers: Set<string>; linkIdentifiers: Set<string>; anchors: string[] } | undefined {
  // Targets and anchors with the offset of the node that holds them: sorted by it, they come in the
  // order of a walk of the tree (a parent's start is never after its children's).
  const targets: Array<{ order: number; target: RawTarget }> = [];
  const anchors: Array<{ order: number; anchor: string }> = [];
  const imageIdentifiers = new Set<string>();
  const linkIdentifiers = new Set<string>();
  // Every open token, with open JSX elements between them: a token must end while no element that
  // began inside it is open, or the mdast cannot be built.
  const stack: Array<MicromarkToken | OpenElement> = [];
  let openElements = 0;
  const media: OpenMedia[] = [];
  let imageDepth = 0;
  let definition: { start: number; identifier?: string; destination?: [number, number] } | undefined;
  let tag: { start: number; name: string; close: boolean; selfClosing: boolean; attributes: TagAttribute[] } | undefined;
  let attribute: TagAttribute | undefined;
  let inLiteral = false;
  const slugger = new parser.Slugger();

  for (let index = 0; index < events.length; index++) {
    const [kind, token, context] = events[index];
    const type = token.type;
    if (kind === 'enter') {
      stack.push(token);
      if (!SCANNED_ENTER.has(type)) continue;
      switch (type) {
        case 'atxHeading':
        case 'setextHeading': {
          const heading = readHeading(events, index, slugger, parser.settings.anchorsMaintainCase);
          if (!heading) return undefined;
          if (heading.anchor !== undefined) anchors.push({ order: token.start.offset, anchor: heading.anchor });
          break;
        }
        case 'listItemPrefix':
          // A new list item: an element opened in the previous item of this list is left open.
          for (let at = stack.length - 2; at >= 0; at--) {
            const entry = stack[at];
            if ('element' in entry) return undefined;
            if (entry.type === 'listOrdered' || entry.type === 'listUnordered') break;
          }
          break;
        case 'link':
        case 'image':
          media.push({ image: type === 'image', start: token.start.offset, resource: false });
          if (type === 'image') imageDepth++;
          break;
        case 'resource': {
          const owner = media.at(-1);
          if (!owner) return undefined;
          owner.resource = true;
          break;
        }
        case 'resourceDestinationString': {
          const owner = media.at(-1);
          if (!owner) return undefined;
          // An image's source is not a link, and an image's description is only its alt text.
          if (!owner.image && imageDepth === 0) {
            targets.push({ order: owner.start, target: { kind: 'inline', url: '', start: token.start.offset, end: token.end.offset } });
          }
          break;
        }
        case 'definition':
          definition = { start: token.start.offset };
          break;
        case 'definitionDestinationString':
          if (!definition) return undefined;
          definition.destination = [token.start.offset, token.end.offset];
          break;
        case 'htmlFlow':
        case 'htmlText':
          // Raw HTML (plain-markdown pages): its `<a href>` are found in the tree's html values.
          if (/href/i.test(source.slice(token.start.offset, token.end.offset))) return undefined;
          break;
        case 'mdxJsxFlowTag':
        case 'mdxJsxTextTag':
          tag = { start: token.start.offset, name: '', close: false, selfClosing: false, attributes: [] };
          attribute = undefined;
          break;
        case 'mdxJsxFlowTagClosingMarker':
        case 'mdxJsxTextTagClosingMarker':
          if (openElements === 0) return undefined;
          break;
        case 'mdxJsxFlowTagAttribute':
        case 'mdxJsxTextTagAttribute':
        case 'mdxJsxFlowTagExpressionAttribute':
        case 'mdxJsxTextTagExpressionAttribute':
          if (!tag || tag.close) return undefined;
          attribute = {
            type: type.endsWith('ExpressionAttribute') ? 'mdxJsxExpressionAttribute' : 'mdxJsxAttribute',
            name: '',
            value: null,
            position: { start: { offset: token.start.offset }, end: { offset: undefined } },
          };
          tag.attributes.push(attribute);
          break;
        case 'mdxJsxFlowTagAttributeValueLiteral':
        case 'mdxJsxTextTagAttributeValueLiteral':
          if (!attribute) return undefined;
          attribute.parts = [];
          inLiteral = true;
          break;
        case 'mdxJsxFlowTagSelfClosingMarker':
        case 'mdxJsxTextTagSelfClosingMarker':
          if (!tag || tag.close) return undefined;
          break;
        case 'lineEnding':
          if (inLiteral && attribute) attribute.inexact = true;
          break;
      }
      continue;
    }

    // An exit: the token must be the innermost open one, with no element still open inside it.
    if (stack.pop() !== token) return undefined;
    if (!SCANNED_EXIT.has(type)) continue;
    switch (type) {
      case 'link':
      case 'image': {
        const owner = media.pop();
        if (!owner) return undefined;
        if (owner.image) imageDepth--;
        const referenced = owner.resource ? undefined : (owner.referenceIdentifier ?? owner.labelIdentifier);
        if (referenced && imageDepth === 0) (owner.image ? imageIdentifiers : linkIdentifiers).add(referenced);
        break;
      }
      case 'labelText': {
        const owner = media.at(-1);
        if (!owner) return undefined;
        owner.labelIdentifier = engine.normalizeIdentifier(context.sliceSerialize(token)).toLowerCase();
        break;
      }
      case 'referenceString': {
        const owner = media.at(-1);
        if (!owner) return undefined;
        owner.referenceIdentifier = engine.normalizeIdentifier(context.sliceSerialize(token)).toLowerCase();
        break;
      }
      case 'definitionLabelString':
        if (!definition) return undefined;
        definition.identifier = engine.normalizeIdentifier(context.sliceSerialize(token)).toLowerCase();
        break;
      case 'definition':
        if (!definition) return undefined;
        if (definition.destination) {
          const [start, end] = definition.destination;
          targets.push({ order: definition.start, target: { kind: 'definition', identifier: definition.identifier, url: '', start, end } });
        }
        definition = undefined;
        break;
      case 'mdxJsxFlowTagClosingMarker':
      case 'mdxJsxTextTagClosingMarker':
        if (!tag) return undefined;
        tag.close = true;
        break;
      case 'mdxJsxFlowTagNamePrimary':
      case 'mdxJsxTextTagNamePrimary':
        if (!tag) return undefined;
        tag.name = context.sliceSerialize(token);
        break;
      case 'mdxJsxFlowTagNameMember':
      case 'mdxJsxTextTagNameMember':
        if (!tag) return undefined;
        tag.name += '.' + context.sliceSerialize(token);
        break;
      case 'mdxJsxFlowTagNameLocal':
      case 'mdxJsxTextTagNameLocal':
        if (!tag) return undefined;
        tag.name += ':' + context.sliceSerialize(token);
        break;
      case 'mdxJsxFlowTagAttributeNamePrimary':
      case 'mdxJsxTextTagAttributeNamePrimary':
        if (!attribute) return undefined;
        attribute.name = context.sliceSerialize(token);
        attribute.position!.end.offset = token.end.offset;
        break;
      case 'mdxJsxFlowTagAttributeNameLocal':
      case 'mdxJsxTextTagAttributeNameLocal':
        if (!attribute) return undefined;
        attribute.name += ':' + context.sliceSerialize(token);
        attribute.position!.end.offset = token.end.offset;
        break;
      case 'mdxJsxFlowTagAttributeValueLiteralValue':
      case 'mdxJsxTextTagAttributeValueLiteralValue':
        if (!attribute?.parts) return undefined;
        attribute.parts.push(context.sliceSerialize(token));
        break;
      case 'mdxJsxFlowTagAttributeValueLiteral':
      case 'mdxJsxTextTagAttributeValueLiteral': {
        if (!attribute?.parts) return undefined;
        inLiteral = false;
        const value = attribute.parts.join('');
        // mdast-util-mdx-jsx decodes character references in the value.
        if (value.includes('&')) attribute.inexact = true;
        attribute.value = value;
        attribute.position!.end.offset = token.end.offset;
        break;
      }
      case 'mdxJsxFlowTagAttributeValueExpression':
      case 'mdxJsxTextTagAttributeValueExpression':
        if (!attribute) return undefined;
        attribute.value = { type: 'mdxJsxAttributeValueExpression', value: '', ...(token.estree ? { data: { estree: token.estree } } : {}) };
        attribute.position!.end.offset = token.end.offset;
        break;
      case 'mdxJsxFlowTagSelfClosingMarker':
      case 'mdxJsxTextTagSelfClosingMarker':
        if (!tag) return undefined;
        tag.selfClosing = true;
        break;
      case 'mdxJsxFlowTag':
      case 'mdxJsxTextTag': {
        if (!tag) return undefined;
        if (tag.close) {
          const open = stack.at(-1);
          if (!open || !('element' in open) || open.element !== tag.name || open.tagType !== type) return undefined;
          stack.pop();
          openElements--;
        } else {
          const element = tag.name;
          if (imageDepth === 0) {
            for (const candidate of tag.attributes) {
              const relevant = candidate.name !== undefined && (isAnchorAttribute(element, candidate.name) || (LINK_ATTRIBUTES[element]?.includes(candidate.name) ?? false));
              if (candidate.inexact && relevant) return undefined;
            }
            const found: RawTarget[] = [];
            jsxTargets(element, tag.attributes, source, found);
            for (const target of found) targets.push({ order: tag.start, target });
            for (const candidate of tag.attributes) {
              if (candidate.type === 'mdxJsxAttribute' && candidate.name !== undefined && isAnchorAttribute(element, candidate.name) && typeof candidate.value === 'string') {
                anchors.push({ order: tag.start, anchor: candidate.value });
              }
            }
          }
          if (!tag.selfClosing) {
            stack.push({ element, tagType: type });
            openElements++;
          }
        }
        tag = undefined;
        attribute = undefined;
        break;
      }
    }
  }
  // An element never closed.
  if (stack.length > 0) return undefined;
  targets.sort((a, b) => a.order - b.order);
  anchors.sort((a, b) => a.order - b.order);
  return {
    targets: targets.map((t) => t.target),
    imageIdentifiers,
    linkIdentifiers,
    anchors: [...new Set(anchors.map((a) => a.anchor))],
  };
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

export interface AnalyzeOptions {
  /** Shorten plain prose before parsing (see shortenProse); default true. */
  shortenProse?: boolean;
  /**
   * 'events' (default) reads the links straight from micromark's events and falls back to 'tree'
   * for anything it does not model; 'tree' builds the mdast, as Docusaurus does, and walks it.
   * Both give the same result; 'events' is several times faster.
   */
  via?: 'events' | 'tree';
}

/**
 * Parse a page once, as Docusaurus would, and return every link target in it (markdown links,
 * reference definitions, `<Link to>`, `<a href>` and `href`/`to` properties in JSX attribute
 * expressions) with its exact place in `text`, and the anchors the page offers. Code, inline code,
 * comments, front matter and images are not looked into. Throws MarkdownParseError when the page
 * does not parse.
 */
export function analyzePage(text: string, filePath: string, parser: LinkParser, options: AnalyzeOptions = {}): PageAnalysis {
  const shorten = options.shortenProse ?? true;
  if ((options.via ?? 'events') === 'events') {
    const result = analyzeFromEvents(text, filePath, parser, shorten);
    if (result) return result;
  }
  return analyzeFromTree(text, filePath, parser, shorten);
}

/** analyzePage by the mdast: the reference the events reader is held to. */
function analyzeFromTree(text: string, filePath: string, parser: LinkParser, shorten: boolean): PageAnalysis {
  const format = parser.formatOf(filePath);
  let shortened = shorten;
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
  const places = collected.targets.map((t): [number, number] => [parsed.toOriginal(t.start), parsed.toOriginal(t.end)]);
  return { links: foundLinks(text, collected, places, shortened), anchors: [...anchorsOf(parsed.tree, parser)] };
}

/**
 * analyzePage by micromark's events, without building the mdast; undefined whenever the page holds
 * something the events reader does not model exactly (analyzeFromTree then does the work).
 * @internal exported for the tests that hold it equal to analyzeFromTree.
 */
export function analyzeFromEvents(text: string, filePath: string, parser: LinkParser, shorten: boolean): PageAnalysis | undefined {
  const format = parser.formatOf(filePath);
  const engine = parser.engines[format];
  if (!engine) return undefined;
  const prepared = prepareText(text, parser.settings, shorten);
  let events: MicromarkEvent[];
  try {
    events = engine.events(prepared.text);
  } catch {
    return undefined; // analyzeFromTree reports the error with its place
  }
  const scanned = scanEvents(events, prepared.text, parser, engine);
  if (!scanned) return undefined;
  const places: Array<[number, number]> = [];
  for (const target of scanned.targets) {
    const start = prepared.toOriginal(target.start) + prepared.bom;
    const end = prepared.toOriginal(target.end) + prepared.bom;
    // A link an autolink literal may swallow needs full GFM; escapes, character references and line
    // breaks in a target need the decoded URL: the tree does both.
    if (target.kind === 'inline' && mayBeInsideAutolinkLiteral(text, start)) return undefined;
    if (/[\\&\r\n]/.test(text.slice(start, end))) return undefined;
    places.push([start, end]);
  }
  // Every target is written exactly as its URL reads.
  return { links: foundLinks(text, scanned, places, true), anchors: scanned.anchors };
}

/**
 * The found links of a page from its raw targets and their places in `text` (`places[i]` for
 * `targets[i]`); with `asWritten`, each URL is the target as written.
 */
function foundLinks(
  text: string,
  collected: { targets: RawTarget[]; imageIdentifiers: Set<string>; linkIdentifiers: Set<string> },
  places: Array<[number, number]>,
  asWritten: boolean,
): FoundLink[] {
  const { imageIdentifiers, linkIdentifiers } = collected;
  const lines = lineStarts(text);
  const links: FoundLink[] = [];
  collected.targets.forEach((target, index) => {
    // A definition only images use is an image source, not a link.
    if (target.identifier !== undefined && imageIdentifiers.has(target.identifier) && !linkIdentifiers.has(target.identifier)) return;
    const [start, end] = places[index];
    const written = text.slice(start, end);
    const { line, column } = lineColumnFrom(lines, start);
    links.push({
      kind: target.kind,
      ...(target.element !== undefined ? { element: target.element, attribute: target.attribute } : {}),
      // Without escapes or references, the target as written is the URL.
      url: asWritten ? written : target.url,
      start,
      end,
      line,
      column,
      writtenWithEscapes: !asWritten && splitUrl(written).pathname !== splitUrl(target.url).pathname,
      ...(target.identifier !== undefined && imageIdentifiers.has(target.identifier) ? { usedByImage: true } : {}),
    });
  });
  return links;
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

/** The id of a heading without a `{/* #id *\/}` comment: `{#id}` at the end of its text, or the slug of the text. */
function headingTextId(headingText: string, slugger: { slug(value: string, maintainCase?: boolean): string }, maintainCase: boolean): string {
  const classic = CLASSIC_HEADING_ID.exec(headingText);
  return classic?.groups ? classic.groups.id.trim() : slugger.slug(headingText, maintainCase);
}

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
        id = headingTextId(headingText, slugger, parser.settings.anchorsMaintainCase);
      }
      if ((node.depth ?? 1) >= 2) anchors.add(id);
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      for (const attribute of node.attributes ?? []) {
        if (attribute.type === 'mdxJsxAttribute' && attribute.name !== undefined && isAnchorAttribute(node.name ?? '', attribute.name) && typeof attribute.value === 'string') {
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
