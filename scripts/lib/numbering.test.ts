import { describe, expect, it } from 'vitest';
import { formatPrefix, groupNumberedEntries, parsePrefixedName, pickPagePrefix } from './numbering';

describe('pickPagePrefix', () => {
  // [previous, next, expected prefix]
  const fits: Array<[number | undefined, number | undefined, number]> = [
    // README's examples
    [300, 400, 350],
    [1350, undefined, 1400],
    // halfway, with as few significant figures as the gap allows
    [100, 200, 150],
    [0, 100, 50],
    [100, 1000, 500],
    [1000, 9000, 5000],
    [100, 210, 150],
    [100, 102, 101],
    [370, 380, 375],
    [370, 400, 380],
    [10, 20, 15],
    // a round number near an edge of the gap is not "about halfway"
    [100, 205, 150],
    // first in a folder
    [undefined, 100, 50],
    [undefined, 1, 0],
    // appending
    [undefined, undefined, 100],
    [1400, undefined, 1500],
    [1399, undefined, 1400],
    [0, undefined, 100],
    [99800, undefined, 99900],
  ];
  it.each(fits)('after %s and before %s picks %s', (previous, next, expected) => {
    expect(pickPagePrefix(previous, next)).toEqual({ ok: true, prefix: expected });
  });

  it('between 00350 and 00400 picks 00370 or 00380, never 00375 (README)', () => {
    const choice = pickPagePrefix(350, 400);
    expect(choice.ok).toBe(true);
    expect([370, 380]).toContain(choice.ok && choice.prefix);
  });

  const full: Array<[number | undefined, number | undefined, string]> = [
    [300, 301, 'no number is free between 00300 and 00301'],
    [300, 300, 'no number is free between 00300 and 00300'],
    [undefined, 0, 'no number is free before 00000'],
    [99900, undefined, 'no 5-digit number is left after 99900'],
    [99999, undefined, 'no 5-digit number is left after 99999'],
  ];
  it.each(full)('after %s and before %s: no room', (previous, next, reason) => {
    expect(pickPagePrefix(previous, next)).toEqual({ ok: false, reason });
  });

  it('never returns a neighbour or a number outside the gap', () => {
    for (let low = 0; low < 400; low += 7) {
      for (let high = low + 2; high < 420; high += 11) {
        const choice = pickPagePrefix(low, high);
        if (!choice.ok) throw new Error(`${low}..${high}: ${choice.reason}`);
        expect(choice.prefix).toBeGreaterThan(low);
        expect(choice.prefix).toBeLessThan(high);
      }
    }
  });

  it('rejects neighbours in the wrong order or out of range', () => {
    expect(() => pickPagePrefix(400, 300)).toThrow(/comes before/);
    expect(() => pickPagePrefix(-5, 100)).toThrow(/previous prefix -5/);
    expect(() => pickPagePrefix(100, 100000)).toThrow(/next prefix 100000/);
  });
});

describe('prefix names', () => {
  it('formats and parses five-digit prefixes', () => {
    expect(formatPrefix(50)).toBe('00050');
    expect(formatPrefix(1400)).toBe('01400');
    expect(parsePrefixedName('00350-my-page.md')).toEqual({ prefix: 350, rest: 'my-page.md' });
    expect(parsePrefixedName('index.md')).toBeUndefined();
    expect(parsePrefixedName('0350-short.md')).toBeUndefined();
    expect(parsePrefixedName('00350_under.md')).toBeUndefined();
  });
});

describe('groupNumberedEntries', () => {
  it('joins a page and a folder of one name, orders by number, and sets aside names without one', () => {
    expect(
      groupNumberedEntries([
        { name: '00300-tables', kind: 'folder' },
        { name: 'index.md', kind: 'page' },
        { name: '00300-tables.md', kind: 'page' },
        { name: '00050-intro.mdx', kind: 'page' },
        { name: 'images', kind: 'folder' },
      ]),
    ).toEqual({
      numbered: [
        { prefix: 50, stem: '00050-intro', names: ['00050-intro.mdx'] },
        { prefix: 300, stem: '00300-tables', names: ['00300-tables', '00300-tables.md'] },
      ],
      unnumbered: [
        { name: 'index.md', kind: 'page' },
        { name: 'images', kind: 'folder' },
      ],
    });
  });
});
