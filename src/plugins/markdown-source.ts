import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import type { LoadedContent } from '@docusaurus/plugin-content-docs';
import { markdownPathFor } from '../lib/markdown-path';

/**
 * The markdown a reader (or an AI assistant) gets for a page: its source without front matter
 * and MDX import lines, headed by its title.
 */
export function toPublishedMarkdown(source: string, title: string, description?: string): string {
  let body = source.replace(/^\uFEFF/, '');
  const frontMatter = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(body);
  if (frontMatter) body = body.slice(frontMatter[0].length);
  // MDX import lines sit at the top of a page; code blocks further down keep theirs.
  body = body.replace(/^(?:\s*import\s[^\n]*\n)*/, '').replace(/^\s+/, '');
  const hasTitle = /^#\s/.test(body);
  const head = hasTitle ? '' : `# ${title}\n\n${description ? `${description}\n\n` : ''}`;
  return `${head}${body.trimEnd()}\n`;
}

/**
 * Publishes the markdown source of every doc page, of every version, next to its HTML, so that
 * `<page URL>.md` serves it ("Copy page" and llms.txt link to these files).
 */
export default function markdownSourcePlugin(context: LoadContext): Plugin {
  return {
    name: 'markdown-source',
    async postBuild({ outDir, plugins }) {
      const docs = plugins.find((p) => p.name === 'docusaurus-plugin-content-docs');
      const content = docs?.content as LoadedContent | undefined;
      if (!content) throw new Error('markdown-source: the docs plugin produced no content');
      const writes = content.loadedVersions.flatMap((version) =>
        version.docs.map(async (doc) => {
          const sourceFile = path.join(context.siteDir, doc.source.replace(/^@site\//, ''));
          const source = await fs.readFile(sourceFile, 'utf8');
          const target = path.join(outDir, markdownPathFor(doc.permalink, context.baseUrl));
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.writeFile(target, toPublishedMarkdown(source, doc.title, doc.description));
        }),
      );
      await Promise.all(writes);
    },
  };
}
