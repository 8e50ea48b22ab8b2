import { describe, expect, it } from 'vitest';
import { orderDocsBySidebar, renderLlmsTxt, toPublishedMarkdown } from './markdown-source';
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

describe('llms.txt', () => {
  const doc = (id: string, title: string, description = '') =>
    ({ id, title, description, permalink: `/docs/${id}` }) as unknown as import('@docusaurus/plugin-content-docs').DocMetadata;
  const docs = [doc('intro/a', 'A', 'First.'), doc('intro/b', 'B'), doc('tables', 'Tables', 'Rows.'), doc('orphan', 'Orphan')];
  const sidebars = {
    sidebar: [
      { type: 'html', value: '<div class="x">Intro</div>' },
      { type: 'doc', id: 'intro/a' },
      { type: 'doc', id: 'intro/b' },
      { type: 'html', value: '<div class="x">Core Concepts</div>' },
      { type: 'category', label: 'Tables', link: { type: 'doc', id: 'tables' }, items: [{ type: 'doc', id: 'intro/a' }] },
    ],
  } as never;

  it('orders pages as the sidebar does, once each, with pages outside the sidebar last', () => {
    const entries = orderDocsBySidebar({ docs, sidebars });
    expect(entries.map((e) => [e.doc.id, e.trail.join(' > ')])).toEqual([
      ['intro/a', 'Intro'],
      ['intro/b', 'Intro'],
      ['tables', 'Core Concepts > Tables'],
      ['orphan', ''],
    ]);
  });

  it('renders a heading per section and a link with description per page', () => {
    const text = renderLlmsTxt(orderDocsBySidebar({ docs, sidebars }), { siteTitle: 'T', siteDescription: 'D.' }, (d) => `https://x/${d.id}.md`);
    expect(text).toBe(
      [
        '# T',
        '',
        '> D.',
        '',
        '## Intro',
        '',
        '- [A](https://x/intro/a.md): First.',
        '- [B](https://x/intro/b.md)',
        '',
        '## Core Concepts / Tables',
        '',
        '- [Tables](https://x/tables.md): Rows.',
        '',
        '## Docs',
        '',
        '- [Orphan](https://x/orphan.md)',
        '',
      ].join('\n'),
    );
  });
});
