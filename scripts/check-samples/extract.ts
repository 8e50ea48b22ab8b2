import { MarkdownSyntaxError, parseMarkdown, walkMarkdown, type MdNode } from '../lib/markdown-ast';

/**
 * Hidden context for one code block: lines checked with the block but not shown to readers,
 * written as an MDX comment right before the fence:
 *
 *     {/* sample-context
 *     use spacetimedb::ReducerContext;
 *     fn example(ctx: &ReducerContext) {
 *     ---
 *     }
 *     *\/}
 *
 * Lines before a `---` line go before the block, lines after it go after the block.
 */
export interface HiddenContext {
  before: string;
  after: string;
  /** Line of the comment's first line in the page. */
  line: number;
}

export interface Sample {
  /** Line of the opening fence in the page. */
  line: number;
  /** The fence's language as written (`ts`, `rust`). */
  fence: string;
  /** The fence's meta words (`nocheck`) and key=value pairs (`title="src/index.ts"`). */
  meta: Record<string, string | true>;
  code: string;
  /** Opted out with `nocheck` in the fence meta. */
  nocheck: boolean;
  context?: HiddenContext;
}

export interface ExtractProblem {
  line: number;
  message: string;
}

export const CONTEXT_MARKER = 'sample-context';
export const OPT_OUT = 'nocheck';
const CONTEXT_SEPARATOR = /^\s*---\s*$/;

/** Every fenced code block of a page, with its hidden context, in page order. */
export function extractSamples(text: string): { samples: Sample[]; problems: ExtractProblem[] } {
  let tree: MdNode;
  try {
    tree = parseMarkdown(text);
  } catch (error) {
    if (!(error instanceof MarkdownSyntaxError)) throw error;
    return { samples: [], problems: [{ line: error.line, message: `page does not parse as MDX, so its code blocks were not checked: ${error.message}` }] };
  }
  const samples: Sample[] = [];
  const problems: ExtractProblem[] = [];
  for (const { node, parent, index } of walkMarkdown(tree)) {
    if (node.type === 'mdxFlowExpression') {
      const context = parseContextComment(node);
      if (context === undefined) continue;
      const next = parent?.children?.[index! + 1];
      if (next?.type !== 'code') {
        problems.push({ line: context.line, message: `${CONTEXT_MARKER} comment is not directly followed by a code block; it applies to the fence right after it` });
      }
      continue;
    }
    if (node.type !== 'code' || !node.lang) continue;
    const meta = parseFenceMeta(node.meta ?? '');
    const previous = index! > 0 ? parent?.children?.[index! - 1] : undefined;
    const context = previous?.type === 'mdxFlowExpression' ? parseContextComment(previous) : undefined;
    samples.push({
      line: node.position?.start.line ?? 1,
      fence: node.lang,
      meta,
      code: node.value ?? '',
      nocheck: meta[OPT_OUT] === true,
      ...(context ? { context } : {}),
    });
  }
  return { samples, problems };
}

/** The hidden context an `{/* sample-context ... *\/}` expression holds, or undefined for any other expression. */
function parseContextComment(node: MdNode): HiddenContext | undefined {
  const match = /^\s*\/\*\s*sample-context[^\S\n]*\n([\s\S]*?)\*\/\s*$/.exec(node.value ?? '');
  if (!match) return undefined;
  const lines = dedent(match[1].replace(/\n[^\S\n]*$/, '')).split('\n');
  const separator = lines.findIndex((line) => CONTEXT_SEPARATOR.test(line));
  const before = separator < 0 ? lines : lines.slice(0, separator);
  const after = separator < 0 ? [] : lines.slice(separator + 1);
  return { before: before.join('\n'), after: after.join('\n'), line: node.position?.start.line ?? 1 };
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const indent = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(Math.min(indent, /^[ \t]*/.exec(line)![0].length))).join('\n');
}

/** `nocheck title="src/index.ts" {1,3}` -> { nocheck: true, title: 'src/index.ts', '{1,3}': true }. */
export function parseFenceMeta(meta: string): Record<string, string | true> {
  const result: Record<string, string | true> = {};
  for (const match of meta.matchAll(/([^\s=]+)(?:=("([^"]*)"|'([^']*)'|\S+))?/g)) {
    const [, key, raw, doubleQuoted, singleQuoted] = match;
    result[key] = raw === undefined ? true : (doubleQuoted ?? singleQuoted ?? raw);
  }
  return result;
}

/** A block joined with its hidden context: the text a checker sees. */
export interface AssembledSample {
  text: string;
  /** 0-based line of `text` where the block itself starts. */
  bodyStart: number;
  bodyLineCount: number;
}

export function assemble(sample: Sample): AssembledSample {
  const before = sample.context?.before ? sample.context.before.split('\n') : [];
  const after = sample.context?.after ? sample.context.after.split('\n') : [];
  const body = sample.code.split('\n');
  return { text: [...before, ...body, ...after].join('\n'), bodyStart: before.length, bodyLineCount: body.length };
}

/** Where a 0-based line of the assembled text is in the page, and whether it is hidden context. */
export function pageLineOf(sample: Sample, assembled: AssembledSample, line: number): { line: number; hidden: boolean } {
  if (line >= assembled.bodyStart && line < assembled.bodyStart + assembled.bodyLineCount) {
    return { line: sample.line + 1 + (line - assembled.bodyStart), hidden: false };
  }
  const contextStart = (sample.context?.line ?? sample.line) + 1;
  if (line < assembled.bodyStart) return { line: contextStart + line, hidden: true };
  // After the block: the context's "before" lines, then the --- separator, then these.
  const afterIndex = line - assembled.bodyStart - assembled.bodyLineCount;
  return { line: contextStart + assembled.bodyStart + 1 + afterIndex, hidden: true };
}
