import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';

/**
 * The parts of an mdast node the scripts read. Positions are 1-based lines and columns and
 * 0-based offsets into the original text, which is never re-serialised (DESIGN principle 2).
 */
export interface MdNode {
  type: string;
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
  children?: MdNode[];
  /** code, yaml, mdxFlowExpression, html, text */
  value?: string;
  /** code */
  lang?: string | null;
  meta?: string | null;
  /** heading */
  depth?: number;
  /** image, link, definition */
  url?: string;
  /** mdxJsxFlowElement, mdxJsxTextElement */
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
}

const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkDirective).use(remarkFrontmatter, ['yaml']);

export class MarkdownSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * Parse a page the way Docusaurus reads it (MDX, GFM tables, `:::` admonitions, YAML front matter).
 * Throws MarkdownSyntaxError with the line of the first problem when the page does not parse.
 */
export function parseMarkdown(text: string): MdNode {
  try {
    return processor.parse(text) as unknown as MdNode;
  } catch (error) {
    const e = error as { reason?: string; message?: string; line?: number; column?: number; place?: { line?: number; column?: number; start?: { line: number; column: number } } };
    const place = e.place && 'start' in e.place && e.place.start ? e.place.start : e.place;
    const reason = e.reason ?? e.message ?? String(error);
    // Some MDX errors (an unclosed tag) carry their position only in the text: "... (7:1-7:6)".
    const inText = /\((\d+):(\d+)(?:-\d+:\d+)?\)\s*$/.exec(reason);
    const line = e.line ?? place?.line ?? (inText ? Number(inText[1]) : 1);
    const column = e.column ?? place?.column ?? (inText ? Number(inText[2]) : 1);
    throw new MarkdownSyntaxError(reason, line, column);
  }
}

/** Every node of the tree in document order, with its parent and its index there. */
export function* walkMarkdown(node: MdNode, parent?: MdNode, index?: number): Generator<{ node: MdNode; parent?: MdNode; index?: number }> {
  yield { node, parent, index };
  const children = node.children ?? [];
  for (let i = 0; i < children.length; i++) yield* walkMarkdown(children[i], node, i);
}

/** A JSX attribute's value when it is a plain string (`value="x"` or `value={'x'}`), else undefined. */
export function jsxStringAttribute(node: MdNode, name: string): string | undefined {
  const attribute = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!attribute) return undefined;
  if (typeof attribute.value === 'string') return attribute.value;
  const expression = (attribute.value as { value?: string } | null | undefined)?.value?.trim();
  const quoted = expression && /^(['"`])(.*)\1$/s.exec(expression);
  return quoted ? quoted[2] : undefined;
}

/** True when the element carries the attribute at all (`<Tabs groupId={x}>` included). */
export function hasJsxAttribute(node: MdNode, name: string): boolean {
  return node.attributes?.some((a) => a.type === 'mdxJsxAttribute' && a.name === name) ?? false;
}
