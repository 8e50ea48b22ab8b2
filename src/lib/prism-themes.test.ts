import { describe, expect, it } from 'vitest';
import { darkCodeTheme, lightCodeTheme } from './prism-themes';

const channel = (v: number) => {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe.each([
  ['light', lightCodeTheme],
  ['dark', darkCodeTheme],
])('%s code theme', (_name, theme) => {
  const background = theme.plain.backgroundColor!;
  it('plain text reaches 4.5:1', () => {
    expect(contrast(theme.plain.color!, background)).toBeGreaterThanOrEqual(4.5);
  });
  for (const { types, style } of theme.styles) {
    if (!style.color) continue;
    it(`${types.join(', ')} reaches 4.5:1`, () => {
      expect(contrast(style.color!, background)).toBeGreaterThanOrEqual(4.5);
    });
  }
});
