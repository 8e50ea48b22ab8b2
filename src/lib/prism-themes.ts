import type { PrismTheme } from 'prism-react-renderer';

/**
 * Code themes in the SpacetimeDB palette. Every token colour reaches WCAG AA (4.5:1) against its
 * background, which the stock light themes do not; prism-themes.test.ts holds them to that.
 */

interface Palette {
  background: string;
  text: string;
  comment: string;
  punctuation: string;
  keyword: string;
  string: string;
  func: string;
  number: string;
  type: string;
  property: string;
  tag: string;
  deleted: string;
}

function themeFrom(p: Palette): PrismTheme {
  return {
    plain: { color: p.text, backgroundColor: p.background },
    styles: [
      { types: ['comment', 'prolog', 'doctype', 'cdata'], style: { color: p.comment, fontStyle: 'italic' } },
      { types: ['punctuation', 'operator'], style: { color: p.punctuation } },
      { types: ['keyword', 'atrule', 'important', 'selector', 'rule'], style: { color: p.keyword } },
      { types: ['string', 'char', 'attr-value', 'regex', 'inserted', 'url'], style: { color: p.string } },
      { types: ['function', 'function-variable', 'method', 'macro'], style: { color: p.func } },
      { types: ['number', 'boolean', 'constant', 'symbol', 'entity'], style: { color: p.number } },
      { types: ['class-name', 'builtin', 'namespace', 'maybe-class-name'], style: { color: p.type } },
      { types: ['property', 'attr-name', 'variable', 'parameter', 'key'], style: { color: p.property } },
      { types: ['tag'], style: { color: p.tag } },
      { types: ['deleted'], style: { color: p.deleted } },
      { types: ['bold', 'important'], style: { fontWeight: 'bold' } },
      { types: ['italic'], style: { fontStyle: 'italic' } },
    ],
  };
}

export const lightCodeTheme: PrismTheme = themeFrom({
  background: '#f6f8fa',
  text: '#1f2328',
  comment: '#57606a',
  punctuation: '#424a53',
  keyword: '#a0175a',
  string: '#0b6b38',
  func: '#6639ba',
  number: '#8a4600',
  type: '#7038c8',
  property: '#0550ae',
  tag: '#a82020',
  deleted: '#a82020',
});

export const darkCodeTheme: PrismTheme = themeFrom({
  background: '#16171a',
  text: '#e6e7e9',
  comment: '#8f959e',
  punctuation: '#b9bdc5',
  keyword: '#ff7ab6',
  string: '#4cf490',
  func: '#7cc7ff',
  number: '#f5b971',
  type: '#cdaaff',
  property: '#8fd3ff',
  tag: '#ff8f8f',
  deleted: '#ff8f8f',
});
