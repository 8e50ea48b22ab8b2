import { compile } from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';

export interface MdxCompileProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * Compile markdown as Docusaurus does (MDX, with GFM tables, `:::` admonitions and front matter)
 * and return the first syntax problem, or undefined when the text compiles.
 */
export async function findMdxProblem(text: string, format: 'mdx' | 'md' = 'mdx'): Promise<MdxCompileProblem | undefined> {
  try {
    await compile(text, {
      format: format === 'md' ? 'mdx' : format, // Docusaurus parses .md as MDX too (markdown.format: 'mdx')
      remarkPlugins: [remarkGfm, remarkDirective, [remarkFrontmatter, ['yaml']]],
    });
    return undefined;
  } catch (error) {
    const e = error as { line?: number; column?: number; place?: { line?: number; column?: number; start?: { line: number; column: number } }; reason?: string; message?: string };
    const place = e.place && 'start' in e.place && e.place.start ? e.place.start : e.place;
    return {
      line: e.line ?? (place as { line?: number })?.line ?? 1,
      column: e.column ?? (place as { column?: number })?.column ?? 1,
      message: e.reason ?? e.message ?? String(error),
    };
  }
}
