import { createRequire } from 'node:module';
import path from 'node:path';

/** A heading as Docusaurus will render it: the id is the one its `headings` remark plugin assigns. */
export interface CompiledHeading {
  depth: number;
  id: string;
  text: string;
  line: number;
}

/** A link in the compiled page (after Docusaurus' own remark plugins ran). */
export interface CompiledLink {
  url: string;
  text: string;
  line: number;
  column: number;
}

/** A `{...}` expression MDX will evaluate as JavaScript when the page renders (comments excluded). */
export interface CompiledExpression {
  value: string;
  line: number;
  column: number;
}

export interface DocusaurusCompileResult {
  headings: CompiledHeading[];
  links: CompiledLink[];
  expressions: CompiledExpression[];
}

/** Thrown when the page does not compile; `line`/`column` point into the compiled text. */
export class MdxCompileError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

interface MdxLoaderUtils {
  compileToJSX(args: {
    filePath: string;
    fileContent: string;
    frontMatter: Record<string, unknown>;
    options: Record<string, unknown>;
    compilerName: 'client' | 'server';
  }): Promise<unknown>;
}

type Node = {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: Node[];
  data?: { id?: string };
  position?: { start: { line: number; column: number } };
};

// @docusaurus/mdx-loader is not a direct dependency of the site: resolve it the way
// @docusaurus/core does, so the compiler is exactly the one `docusaurus build` runs.
function loadDocusaurusInternals(): { utils: MdxLoaderUtils; defaultMarkdownConfig: Record<string, unknown> } {
  const require = createRequire(import.meta.url);
  let coreRequire: NodeJS.Require;
  try {
    coreRequire = createRequire(require.resolve('@docusaurus/core/package.json'));
  } catch {
    throw new Error('cannot find @docusaurus/core in node_modules; run `pnpm install` first');
  }
  const utils = coreRequire('@docusaurus/mdx-loader/lib/utils.js') as MdxLoaderUtils;
  const { DEFAULT_MARKDOWN_CONFIG } = coreRequire('./lib/server/configValidation.js') as {
    DEFAULT_MARKDOWN_CONFIG: Record<string, unknown>;
  };
  return { utils, defaultMarkdownConfig: DEFAULT_MARKDOWN_CONFIG };
}

let internals: ReturnType<typeof loadDocusaurusInternals> | undefined;

function plainText(node: Node): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  if (node.type === 'html' || node.type.startsWith('mdxJsx') || node.type.startsWith('mdxFlow')) return '';
  return (node.children ?? []).map(plainText).join('');
}

/**
 * Compile `fileContent` with Docusaurus' own MDX pipeline (preprocessor, front matter,
 * directives/admonitions, GFM, MDX 1 comment compatibility, heading ids) as the docs plugin
 * configures it with default markdown options, and report the headings with the ids
 * Docusaurus assigns, every link, and every `{...}` expression (which compiles but is evaluated
 * when the page renders, so a stray `{name}` fails the build later). Throws MdxCompileError when the text does not compile.
 */
export async function compileWithDocusaurus(
  fileContent: string,
  { filePath, siteDir }: { filePath: string; siteDir: string },
): Promise<DocusaurusCompileResult> {
  internals ??= loadDocusaurusInternals();
  const headings: CompiledHeading[] = [];
  const links: CompiledLink[] = [];
  const expressions: CompiledExpression[] = [];
  // Runs after Docusaurus' default remark plugins, so heading ids are already assigned.
  const collect = () => (tree: Node) => {
    const walk = (node: Node) => {
      const start = node.position?.start ?? { line: 0, column: 0 };
      if (node.type === 'heading') {
        headings.push({ depth: node.depth ?? 0, id: node.data?.id ?? '', text: plainText(node), line: start.line });
      } else if (node.type === 'link') {
        links.push({ url: node.url ?? '', text: plainText(node), line: start.line, column: start.column });
      } else if (node.type === 'mdxTextExpression' || node.type === 'mdxFlowExpression') {
        const value = node.value ?? '';
        if (!/^\s*(\/\*[\s\S]*?\*\/\s*)*$/.test(value)) expressions.push({ value, line: start.line, column: start.column });
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
  const options = {
    admonitions: true,
    remarkPlugins: [collect],
    rehypePlugins: [],
    recmaPlugins: [],
    beforeDefaultRemarkPlugins: [],
    beforeDefaultRehypePlugins: [],
    staticDirs: [path.join(siteDir, 'static')],
    siteDir,
    markdownConfig: { ...internals.defaultMarkdownConfig, mermaid: true },
  };
  try {
    await internals.utils.compileToJSX({
      filePath,
      fileContent,
      frontMatter: {},
      options,
      compilerName: 'client',
    });
  } catch (error) {
    // compileToJSX wraps the MDX error (with its position) as `cause`.
    const cause = ((error as { cause?: unknown }).cause ?? error) as {
      line?: number;
      column?: number;
      reason?: string;
      message?: string;
    };
    throw new MdxCompileError(cause.reason ?? cause.message ?? String(error), cause.line ?? 1, cause.column ?? 1);
  }
  return { headings, links, expressions };
}
