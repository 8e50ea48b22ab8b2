import fs from 'node:fs';
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

interface SiteConfigLoader {
  loadSiteConfig(args: { siteDir: string }): Promise<{ siteConfig: { markdown: Record<string, unknown>; staticDirectories: string[] } }>;
}

interface ConfigValidation {
  validateConfig(config: unknown, configPath: string): { markdown: Record<string, unknown>; staticDirectories: string[] };
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
function loadDocusaurusInternals() {
  const require = createRequire(import.meta.url);
  let coreRequire: NodeJS.Require;
  try {
    coreRequire = createRequire(require.resolve('@docusaurus/core/package.json'));
  } catch {
    throw new Error('cannot find @docusaurus/core in node_modules; run `pnpm install` first');
  }
  return {
    utils: coreRequire('@docusaurus/mdx-loader/lib/utils.js') as MdxLoaderUtils,
    config: coreRequire('./lib/server/config.js') as SiteConfigLoader,
    validation: coreRequire('./lib/server/configValidation.js') as ConfigValidation,
  };
}

let internals: ReturnType<typeof loadDocusaurusInternals> | undefined;

const COLLECTED = 'generateCliDocsCollected';

/**
 * Remark plugin placed after Docusaurus' default ones (so heading ids are assigned): records
 * headings, links and expressions in the file's data, which compileToJSX hands back.
 */
function collectPageFacts() {
  return (tree: Node, file: { data: Record<string, unknown> }) => {
    const facts: DocusaurusCompileResult = { headings: [], links: [], expressions: [] };
    const walk = (node: Node) => {
      const start = node.position?.start ?? { line: 0, column: 0 };
      if (node.type === 'heading') {
        facts.headings.push({ depth: node.depth ?? 0, id: node.data?.id ?? '', text: plainText(node), line: start.line });
      } else if (node.type === 'link') {
        facts.links.push({ url: node.url ?? '', text: plainText(node), line: start.line, column: start.column });
      } else if (node.type === 'mdxTextExpression' || node.type === 'mdxFlowExpression') {
        const value = node.value ?? '';
        if (!/^\s*(\/\*[\s\S]*?\*\/\s*)*$/.test(value)) facts.expressions.push({ value, line: start.line, column: start.column });
      }
      node.children?.forEach(walk);
    };
    walk(tree);
    file.data[COLLECTED] = facts;
  };
}

/** What the docs plugin hands the MDX loader, per site; reused so Docusaurus' processor cache applies. */
const loaderOptionsBySite = new Map<string, Promise<Record<string, unknown>>>();

/**
 * The site's own markdown settings (format, mdx1Compat, which the v4 future flag turns off,
 * mermaid, hooks...), normalised by Docusaurus' config validation. A folder without a
 * docusaurus.config.* gets the settings a default Docusaurus site has.
 */
async function loaderOptions(siteDir: string): Promise<Record<string, unknown>> {
  internals ??= loadDocusaurusInternals();
  const { config, validation } = internals;
  const hasConfig = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].some((ext) =>
    fs.existsSync(path.join(siteDir, `docusaurus.config${ext}`)),
  );
  let siteConfig: { markdown: Record<string, unknown>; staticDirectories: string[] };
  if (hasConfig) {
    try {
      siteConfig = (await config.loadSiteConfig({ siteDir })).siteConfig;
    } catch (error) {
      throw new Error(`cannot load the Docusaurus config of ${siteDir}: ${(error as Error).message}`);
    }
  } else {
    siteConfig = validation.validateConfig({ title: 'site', url: 'https://example.com', baseUrl: '/' }, 'defaults');
  }
  return {
    admonitions: true,
    remarkPlugins: [collectPageFacts],
    rehypePlugins: [],
    recmaPlugins: [],
    beforeDefaultRemarkPlugins: [],
    beforeDefaultRehypePlugins: [],
    staticDirs: siteConfig.staticDirectories.map((dir) => path.resolve(siteDir, dir)),
    siteDir,
    markdownConfig: siteConfig.markdown,
  };
}

function plainText(node: Node): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  if (node.type === 'html' || node.type.startsWith('mdxJsx') || node.type.startsWith('mdxFlow')) return '';
  return (node.children ?? []).map(plainText).join('');
}

/**
 * Compile `fileContent` with Docusaurus' own MDX pipeline (preprocessor, front matter,
 * directives/admonitions, GFM, heading ids) as the docs plugin configures it with the site's
 * markdown settings from its docusaurus.config, and report the headings with the ids
 * Docusaurus assigns, every link, and every `{...}` expression (which compiles but is evaluated
 * when the page renders, so a stray `{name}` fails the build later). Throws MdxCompileError when the text does not compile.
 */
export async function compileWithDocusaurus(
  fileContent: string,
  { filePath, siteDir }: { filePath: string; siteDir: string },
): Promise<DocusaurusCompileResult> {
  const resolvedSite = path.resolve(siteDir);
  let base = loaderOptionsBySite.get(resolvedSite);
  if (!base) {
    base = loaderOptions(resolvedSite);
    loaderOptionsBySite.set(resolvedSite, base);
    base.catch(() => loaderOptionsBySite.delete(resolvedSite));
  }
  const baseOptions = await base;
  let result: { data?: { [COLLECTED]?: DocusaurusCompileResult } };
  try {
    result = (await internals!.utils.compileToJSX({
      filePath,
      fileContent,
      frontMatter: {},
      options: baseOptions,
      compilerName: 'client',
    })) as typeof result;
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
  const collected = result.data?.[COLLECTED];
  if (!collected) throw new Error('internal error: the Docusaurus MDX pipeline did not run the heading collector');
  return collected;
}
