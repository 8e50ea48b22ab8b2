import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Prism, normalizeTokens } from 'prism-react-renderer';
import { loadHighlightedLanguages } from '../../../scripts/lib/highlight-languages';
import { listDocTrees, listMarkdownFiles } from '../../../scripts/lib/doc-trees';
import { parseMarkdown, walkMarkdown } from '../../../scripts/lib/markdown-ast';
import { darkCodeTheme, lightCodeTheme } from '../prism-themes';
import { codeThemeCss } from '../../plugins/code-highlight';
import { createHighlighter, escapeHtml, linesToHtml, plainLines, themeToCss, type LinesOptions } from './html';

const SITE_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const classes = { codeLine: 'L', codeLineNumber: 'N', codeLineContent: 'C' };
const plain: LinesOptions = { lineClassNames: {}, showLineNumbers: false, classes };

const unescape = (html: string) =>
  html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** The text a reader sees (and copies) from the markup: each line's text, lines joined by \n. */
const visibleText = (html: string) =>
  html
    .split('<br></div>')
    .slice(0, -1)
    .map((line) => unescape(line.replace(/<[^>]+>/g, '')))
    .join('\n');
const highlighter = createHighlighter(Prism, normalizeTokens);
const highlight = (code: string, language: string, options = plain) => highlighter(code, language, options);

beforeAll(async () => {
  // Registers the site's additionalLanguages into prism-react-renderer's Prism, as the build does.
  await loadHighlightedLanguages(SITE_ROOT);
});

describe('code block markup', () => {
  it('classes tokens by their Prism types', () => {
    const html = highlight('pub fn add(a: u32) -> u32 { a + 1 }', 'rust');
    expect(html).toContain('<span class="token keyword">pub</span>');
    expect(html).toContain('<span class="token function-definition function">add</span>');
    expect(html).toContain('<span class="token number">1</span>');
  });

  it('escapes code so it can never become markup', () => {
    const code = 'const s = "</code><script>alert(1)</script>" && a < b;';
    const html = highlight(code, 'typescript');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/code&gt;&lt;script&gt;');
    expect(visibleText(html)).toBe(code);
  });

  it('keeps empty lines as lines, and an unknown language as plain text', () => {
    const html = highlight('first\n\nthird', 'no-such-language');
    expect(html.match(/class="token-line"/g)).toHaveLength(3);
    expect(html).not.toMatch(/class="token (?!plain)/);
    expect(visibleText(html)).toBe('first\n\nthird');
  });

  it('puts highlighted-line classes and line-number cells on the right lines', () => {
    const html = highlight('a\nb\nc', 'text', {
      lineClassNames: { 1: ['theme-code-block-highlighted-line'] },
      showLineNumbers: true,
      classes,
    });
    const lines = html.split('</div>').slice(0, -1);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^<div class="token-line theme-code-block-highlighted-line L"><span class="N"><\/span><span class="C">/);
    expect(lines[0]).toMatch(/^<div class="token-line L">/);
  });

  it('shows the same text before the highlighter has loaded', () => {
    const code = 'let x = 1;\n\n  return x;';
    expect(visibleText(linesToHtml(plainLines(code), plain))).toBe(code);
  });

  it('renders every code block of every docs version completely, highlighted where Prism knows the language', () => {
    let blocks = 0;
    const highlightedBlocks = new Map<string, number>();
    for (const tree of listDocTrees(SITE_ROOT)) {
      for (const file of listMarkdownFiles(tree.dir)) {
        for (const { node } of walkMarkdown(parseMarkdown(fs.readFileSync(file, 'utf8')))) {
          if (node.type !== 'code' || !node.lang || node.lang === 'mermaid') continue;
          blocks++;
          const code = node.value ?? '';
          const html = highlight(code, node.lang);
          const where = `${path.relative(SITE_ROOT, file)}:${node.position?.start.line}`;
          expect(visibleText(html), where).toBe(code.replace(/\r\n?/g, '\n'));
          const lang = node.lang.toLowerCase();
          if (typeof Prism.languages[lang] === 'object' && !['text', 'txt', 'plain'].includes(lang)) {
            highlightedBlocks.set(lang, (highlightedBlocks.get(lang) ?? 0) + (/class="token (?!plain)/.test(html) ? 1 : 0));
          }
        }
      }
    }
    expect(blocks).toBeGreaterThan(300);
    // Every language the pages use that Prism knows gets coloured tokens (a missing grammar would not).
    expect([...highlightedBlocks].filter(([, n]) => n === 0).map(([lang]) => lang)).toEqual([]);
    expect([...highlightedBlocks.keys()]).toEqual(expect.arrayContaining(['rust', 'csharp', 'cpp', 'typescript', 'bash', 'toml']));
  });
});

describe('code theme CSS', () => {
  const css = codeThemeCss(lightCodeTheme, darkCodeTheme);
  const rules = css
    .split('\n')
    .filter((line) => line.includes('{'))
    .map((line) => ({ selectors: line.slice(0, line.indexOf('{')).split(','), body: line.slice(line.indexOf('{') + 1, -1) }));

  it('scopes every token rule to code blocks (never colours the page itself)', () => {
    const tokenRules = rules.filter((rule) => rule.selectors.some((s) => s.includes('.token')));
    expect(tokenRules.length).toBeGreaterThan(10);
    for (const rule of tokenRules) for (const selector of rule.selectors) expect(selector).toMatch(/ \.prism-code(\.language-[\w-]+)? \.token\./);
    const rootRules = rules.filter((rule) => !rule.selectors.some((s) => s.includes('.token')));
    for (const rule of rootRules) expect(rule.body).toMatch(/^(--prism-[\w-]+:[^;]+;?)+$/);
  });

  it('gives each theme its own colours under its data-theme', () => {
    const keyword = (theme: typeof lightCodeTheme) => theme.styles.find((s) => s.types.includes('keyword'))!.style.color;
    const darkKeyword = rules.find((r) => r.selectors.includes("[data-theme='dark'] .prism-code .token.keyword"));
    const lightKeyword = rules.find((r) => r.selectors.includes("[data-theme='light'] .prism-code .token.keyword"));
    expect(darkKeyword?.body).toContain(`color:${keyword(darkCodeTheme)}`);
    expect(lightKeyword?.body).toContain(`color:${keyword(lightCodeTheme)}`);
    expect(css).toContain(`--prism-background-color:${darkCodeTheme.plain.backgroundColor}`);
  });

  it('merges a type named by several entries, as prism-react-renderer does', () => {
    const css = themeToCss(
      { plain: { color: '#111' }, styles: [{ types: ['important'], style: { color: '#222' } }, { types: ['important'], style: { fontWeight: 'bold' } }] },
      ['.x'],
    );
    expect(css).toContain('.x .prism-code .token.important{color:#222;font-weight:bold}');
  });

  it('escapes nothing it should not', () => {
    expect(escapeHtml('a & <b> "c"')).toBe('a &amp; &lt;b&gt; &quot;c&quot;');
  });
});
