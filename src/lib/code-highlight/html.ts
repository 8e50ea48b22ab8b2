// Code block markup as an HTML string, shared by the server render (Prism at build time) and the
// browser (the highlighter chunk, loaded only for code blocks mounted after the first page load).
// No React and no browser APIs here: the unit tests import it directly.
import type { PrismTheme, normalizeTokens as NormalizeTokensFn } from 'prism-react-renderer';

/** Prism's token stream, as normalizeTokens takes it. */
type PrismTokens = Parameters<typeof NormalizeTokensFn>[0];

/** One token of a line, as prism-react-renderer's normalizeTokens produces it. */
export interface LineToken {
  types: string[];
  content: string;
  empty?: boolean;
}

/** The bits of Prism the renderer uses (prism-react-renderer's bundled Prism in practice). */
export interface PrismLike {
  languages: Record<string, unknown>;
  tokenize(code: string, grammar: never): PrismTokens;
  hooks: { run(name: string, env: Record<string, unknown>): void };
}

export type NormalizeTokens = (tokens: PrismTokens) => LineToken[][];

/** Class names of the hashed CSS module the code block component uses. */
export interface LineClasses {
  codeLine: string;
  codeLineNumber: string;
  codeLineContent: string;
}

export interface LinesOptions {
  /** Extra classes per line (0-based), e.g. from `{1,3}` or `// highlight-next-line`. */
  lineClassNames: Record<number, string[] | undefined>;
  showLineNumbers: boolean;
  classes: LineClasses;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);

/** Tokens of `code` in `language`: Prism's tokens split into lines, or plain lines if Prism has no grammar. */
export function tokenizeLines(prism: PrismLike, normalizeTokens: NormalizeTokens, code: string, language: string): LineToken[][] {
  const lang = language.toLowerCase();
  const grammar = prism.languages[lang];
  if (grammar == null || typeof grammar !== 'object') return normalizeTokens([code]);
  const env: Record<string, unknown> = { code, grammar, language: lang, tokens: [] };
  prism.hooks.run('before-tokenize', env);
  env.tokens = prism.tokenize(env.code as string, grammar as never);
  prism.hooks.run('after-tokenize', env);
  return normalizeTokens(env.tokens as PrismTokens);
}

/** A highlighter: the inside of a code block's <code> element for `code` in `language`. */
export type Highlight = (code: string, language: string, options: LinesOptions) => string;

/** The highlighter backed by `prism` (the server bundle's Prism, or the browser's highlighter chunk). */
export function createHighlighter(prism: PrismLike, normalizeTokens: NormalizeTokens): Highlight {
  return (code, language, options) => linesToHtml(tokenizeLines(prism, normalizeTokens, code, language), options);
}

/** Unhighlighted lines, shown for the moment a browser-mounted block waits for the highlighter. */
export function plainLines(code: string): LineToken[][] {
  return code.split(/\r\n|\r|\n/).map((content) => [{ types: ['plain'], content }]);
}

/**
 * The inside of the block's <code> element: one `token-line` per line, tokens as classed spans
 * (colours come from the stylesheet, so a theme switch needs no re-render), optional line-number
 * cells, and a <br> per line so empty lines keep their height. Same structure as Docusaurus's own
 * CodeBlock/Line, so its CSS and the highlighted-line classes apply unchanged.
 */
export function linesToHtml(lines: LineToken[][], { lineClassNames, showLineNumbers, classes }: LinesOptions): string {
  let html = '';
  lines.forEach((line, i) => {
    const lineClass = ['token-line', ...(lineClassNames[i] ?? []), ...(showLineNumbers ? [classes.codeLine] : [])].join(' ');
    let tokens = '';
    for (const token of line) {
      // A line holding only a newline renders as an empty line (the <br> gives it its height).
      const content = line.length === 1 && token.content === '\n' ? '' : token.content;
      tokens += `<span class="${escapeHtml(['token', ...token.types].join(' '))}">${escapeHtml(content)}</span>`;
    }
    const body = showLineNumbers
      ? `<span class="${classes.codeLineNumber}"></span><span class="${classes.codeLineContent}">${tokens}</span>`
      : tokens;
    html += `<div class="${escapeHtml(lineClass)}">${body}<br></div>`;
  });
  return html;
}

const cssProperty = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const declarations = (style: Record<string, unknown>) =>
  Object.entries(style)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${cssProperty(key)}:${String(value)}`)
    .join(';');

/**
 * A prism-react-renderer theme as CSS scoped to `scopes` (selectors of the root element, e.g.
 * `[data-theme='dark']`): the block's text and background as the --prism-* variables Docusaurus's
 * code block CSS reads, then one rule per token type, merged per type in the theme's order as
 * prism-react-renderer's themeToDict does. Language-specific entries apply under `.language-<name>`.
 */
export function themeToCss(theme: PrismTheme, scopes: string[]): string {
  const under = (inner: string) => scopes.map((scope) => `${scope} ${inner}`).join(',');
  const vars: string[] = [];
  if (theme.plain.color) vars.push(`--prism-color:${theme.plain.color}`);
  if (theme.plain.backgroundColor) vars.push(`--prism-background-color:${theme.plain.backgroundColor}`);
  const rules = [`${scopes.join(',')}{${vars.join(';')}}`];

  const merged = new Map<string, Record<string, unknown>>();
  const perLanguage: string[] = [];
  for (const entry of theme.styles) {
    const style = entry.style as Record<string, unknown>;
    if (entry.languages?.length) {
      const selectors = entry.languages.flatMap((lang) =>
        entry.types.map((type) => under(`.prism-code.language-${lang} .token.${type}`)),
      );
      perLanguage.push(`${selectors.join(',')}{${declarations(style)}}`);
      continue;
    }
    for (const type of entry.types) merged.set(type, { ...merged.get(type), ...style });
  }
  for (const [type, style] of merged) rules.push(`${under(`.prism-code .token.${type}`)}{${declarations(style)}}`);
  return [...rules, ...perLanguage].join('\n');
}
