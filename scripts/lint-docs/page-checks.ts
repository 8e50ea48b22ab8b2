import { FrontMatterError, readFrontMatter, type FrontMatter } from '../lib/front-matter';
import { jsxStringAttribute, hasJsxAttribute, MarkdownSyntaxError, parseMarkdown, walkMarkdown, type MdNode } from '../lib/markdown-ast';
import { checkTabs } from './tab-groups';

export interface LineProblem {
  line: number;
  message: string;
}

export interface PageContext {
  /** Fence languages the site highlights (see scripts/lib/highlight-languages.ts). */
  highlighted: ReadonlySet<string>;
  /** Why a local image URL of this page does not resolve, or undefined when it does. */
  imageProblem: (url: string) => string | undefined;
}

export interface PageReport {
  problems: LineProblem[];
  /** The parsed front matter ({} when the page has none or it does not parse). */
  frontMatter: Record<string, unknown>;
}

const EXTERNAL_URL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Every check of lint-docs that needs only the page's own text. */
export function checkPage(text: string, context: PageContext): PageReport {
  let tree: MdNode;
  try {
    tree = parseMarkdown(text);
  } catch (error) {
    if (!(error instanceof MarkdownSyntaxError)) throw error;
    return { problems: [{ line: error.line, message: `page does not parse as MDX: ${error.message}` }], frontMatter: {} };
  }
  const problems: LineProblem[] = [];
  const frontMatter = checkFrontMatter(text, problems);
  const definitions = new Map<string, string>();
  for (const { node } of walkMarkdown(tree)) {
    if (node.type === 'definition' && node.url !== undefined) definitions.set(((node as { identifier?: string }).identifier ?? '').toLowerCase(), node.url);
  }

  let previousDepth = 1; // the page title is the h1 when the page has none of its own
  for (const { node } of walkMarkdown(tree)) {
    const line = node.position?.start.line ?? 1;
    switch (node.type) {
      case 'code':
        checkFence(node, line, context, problems);
        break;
      case 'heading': {
        const depth = node.depth ?? 1;
        if (depth > previousDepth + 1) {
          problems.push({ line, message: `heading level jumps from h${previousDepth} to h${depth}; use h${previousDepth + 1}` });
        }
        previousDepth = depth;
        break;
      }
      case 'image':
        checkImage(node.url ?? '', line, context, problems);
        break;
      case 'imageReference': {
        const url = definitions.get(((node as { identifier?: string }).identifier ?? '').toLowerCase());
        if (url !== undefined) checkImage(url, line, context, problems);
        break;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        if (node.name === 'img') {
          const src = jsxStringAttribute(node, 'src');
          if (src !== undefined) checkImage(src, line, context, problems);
        } else if (node.name === 'Tabs') {
          const items = tabItemsOf(node);
          const groupId = jsxStringAttribute(node, 'groupId');
          if (groupId === undefined && hasJsxAttribute(node, 'groupId')) {
            problems.push({ line, message: 'groupId must be a plain string (groupId="server-language")' });
          } else {
            for (const message of checkTabs({ groupId, values: items.map((item) => jsxStringAttribute(item, 'value')) })) {
              problems.push({ line, message });
            }
          }
        }
        break;
    }
  }
  return { problems, frontMatter };
}

function checkFrontMatter(text: string, problems: LineProblem[]): Record<string, unknown> {
  let frontMatter: FrontMatter | undefined;
  try {
    frontMatter = readFrontMatter(text);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    problems.push({ line: error.line, message: `front matter does not parse: ${error.reason}` });
    return {};
  }
  if (!frontMatter) {
    problems.push({ line: 1, message: 'no front matter; start the page with ---, title: ..., ---' });
    return {};
  }
  const { data } = frontMatter;
  if (!('title' in data)) {
    problems.push({ line: 1, message: 'front matter has no title' });
  } else if (typeof data.title !== 'string' || data.title.trim() === '') {
    problems.push({ line: lineOfFrontMatterKey(text, 'title'), message: 'front matter title must be non-empty text' });
  }
  return data;
}

/** The line of `key:` at the top level of the page's front matter (1, the fence, when absent). */
export function lineOfFrontMatterKey(text: string, key: string): number {
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length && !/^---\s*$/.test(lines[i]); i++) {
    if (lines[i].startsWith(`${key}:`)) return i + 1;
  }
  return 1;
}

function checkFence(node: MdNode, line: number, context: PageContext, problems: LineProblem[]): void {
  const lang = node.lang ?? '';
  if (lang === '') {
    problems.push({ line, message: 'code block names no language; name one (text for plain output)' });
  } else if (!context.highlighted.has(lang)) {
    const lower = lang.toLowerCase();
    const hint = lower !== lang && context.highlighted.has(lower) ? `; did you mean ${lower}?` : '; use text for plain output';
    problems.push({ line, message: `code block language "${lang}" is not one the site highlights${hint}` });
  }
}

function checkImage(url: string, line: number, context: PageContext, problems: LineProblem[]): void {
  if (url === '' || EXTERNAL_URL.test(url) || url.startsWith('#')) return;
  const problem = context.imageProblem(url);
  if (problem !== undefined) problems.push({ line, message: problem });
}

/** The TabItems of one <Tabs>, wherever markdown put them (a one-line TabItem sits in a paragraph), not those of nested Tabs. */
function tabItemsOf(tabs: MdNode): MdNode[] {
  const items: MdNode[] = [];
  const visit = (node: MdNode) => {
    for (const child of node.children ?? []) {
      if (child.type.startsWith('mdxJsx') && child.name === 'TabItem') items.push(child);
      else if (!(child.type.startsWith('mdxJsx') && child.name === 'Tabs')) visit(child);
    }
  };
  visit(tabs);
  return items;
}
