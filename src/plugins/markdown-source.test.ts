import { describe, expect, it } from 'vitest';
import { toPublishedMarkdown } from './markdown-source';
import { markdownPathFor } from '../lib/markdown-path';

describe('markdownPathFor', () => {
  it.each([
    ['/docs/', 'index.md'],
    ['/docs/intro/faq', 'intro/faq.md'],
    ['/docs/1.12.0/', '1.12.0.md'],
    ['/docs/1.12.0/tables/indexes', '1.12.0/tables/indexes.md'],
    ['/docs/tutorials/unity/', 'tutorials/unity.md'],
  ])('%s -> %s', (permalink, expected) => {
    expect(markdownPathFor(permalink, '/docs/')).toBe(expected);
  });
});

describe('toPublishedMarkdown', () => {
  it('drops front matter and import lines and adds the title and description', () => {
    const source = [
      '---',
      'title: Tables',
      'slug: /tables',
      '---',
      '',
      "import Tabs from '@theme/Tabs';",
      '',
      'Tables hold rows.',
      '',
    ].join('\n');
    expect(toPublishedMarkdown(source, 'Tables', 'How tables work.')).toBe('# Tables\n\nHow tables work.\n\nTables hold rows.\n');
  });

  it('keeps a heading the page already has, and code blocks as they are', () => {
    const source = '# Own title\n\n```ts\nimport x from "y";\n```\n';
    expect(toPublishedMarkdown(source, 'Ignored')).toBe('# Own title\n\n```ts\nimport x from "y";\n```\n');
  });
});
