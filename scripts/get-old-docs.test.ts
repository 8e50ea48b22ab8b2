// Unit tests for the pure parts of get-old-docs and its argument handling. The end-to-end
// runs on real git repositories and the real docusaurus docs:version are in
// get-old-docs.integration.test.ts.
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  formatVersionsFile,
  insertVersion,
  main,
  planDependencies,
  validateVersionName,
} from './get-old-docs';

describe('validateVersionName', () => {
  it.each([
    ['1.12.0'],
    ['2.0.0-rc.1'],
    ['v1'],
    ['next-gen'],
    ['1.x'],
    ['a'.repeat(32)],
  ])('accepts %j', (name) => {
    expect(validateVersionName(name)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['current', /"current" is the name Docusaurus gives docs\//],
    ['1.0/beta', /slash/],
    ['1.0\\beta', /backslash/],
    ['..', /"\.\."/],
    ['1..2', /"\.\."/],
    ['.', /"\."/],
    ['a'.repeat(33), /at most 32 characters .* has 33/],
    ['1.0:beta', /< > :/],
    ['1.0*', /< > :/],
    ['1.0\n', /control characters/],
  ])('rejects %j', (name, reason) => {
    expect(validateVersionName(name)).toMatch(reason);
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '0.9.0', 1],
    ['0.10.0', '0.9.0', 1],
    ['1.12.0', '1.2.0', 1],
    ['2.0.0', '2.0.0-rc.1', 1],
    ['2.0.0-rc.2', '2.0.0-rc.10', -1],
    ['2.0.0-alpha', '2.0.0-alpha.1', -1],
    ['2.0.0-alpha.1', '2.0.0-beta', -1],
    ['2.0.0-1', '2.0.0-alpha', -1],
    ['v1.2.3', '1.2.3', 0],
    ['1.2', '1.2.0', 0],
    ['1.2.3+build.5', '1.2.3', 0],
  ])('%s vs %s: %d', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b)!)).toBe(sign);
    expect(Math.sign(compareVersions(b, a)!)).toBe(-sign || 0);
  });

  it('has no order for names that are not version numbers', () => {
    expect(compareVersions('next', '1.0.0')).toBeUndefined();
    expect(compareVersions('1.0.0', '1.0.0.0')).toBeUndefined();
  });
});

describe('insertVersion', () => {
  it.each([
    { versions: [], add: '1.0.0', expected: ['1.0.0'], position: 0 },
    { versions: ['1.12.0'], add: '2.0.0', expected: ['2.0.0', '1.12.0'], position: 0 },
    { versions: ['2.0.0', '1.0.0'], add: '1.12.0', expected: ['2.0.0', '1.12.0', '1.0.0'], position: 1 },
    { versions: ['2.0.0', '1.12.0'], add: '0.9.0', expected: ['2.0.0', '1.12.0', '0.9.0'], position: 2 },
    // semantic order, not text order
    { versions: ['1.0.0', '0.9.0'], add: '0.10.0', expected: ['1.0.0', '0.10.0', '0.9.0'], position: 1 },
    { versions: ['2.0.0', '1.0.0'], add: '2.0.0-rc.1', expected: ['2.0.0', '2.0.0-rc.1', '1.0.0'], position: 1 },
    // names that are not version numbers stay where they are; a new one goes first, as docs:version does
    { versions: ['next', '1.0.0'], add: '1.1.0', expected: ['next', '1.1.0', '1.0.0'], position: 1 },
    { versions: ['1.0.0'], add: 'legacy', expected: ['legacy', '1.0.0'], position: 0 },
  ])('adds $add to $versions', ({ versions, add, expected, position }) => {
    expect(insertVersion(versions, add)).toEqual({ versions: expected, position, added: true });
  });

  it('keeps the place of a version that is listed already, even out of order', () => {
    const versions = ['1.0.0', '2.0.0', '0.5.0'];
    expect(insertVersion(versions, '2.0.0')).toEqual({ versions, position: 1, added: false });
    expect(versions).toEqual(['1.0.0', '2.0.0', '0.5.0']);
  });

  it('does not change the list it is given', () => {
    const versions = ['1.0.0'];
    insertVersion(versions, '2.0.0');
    expect(versions).toEqual(['1.0.0']);
  });
});

describe('formatVersionsFile', () => {
  it('writes versions.json the way docusaurus docs:version does', () => {
    expect(formatVersionsFile(['2.0.0', '1.12.0'])).toBe('[\n  "2.0.0",\n  "1.12.0"\n]\n');
  });
});

describe('planDependencies', () => {
  const lock = 'lockfileVersion: 9.0\n';
  it.each([
    [{ checkoutLockfile: lock, headLockfile: lock, checkoutHasDocusaurus: true, freshInstall: false }, 'link', /matches HEAD's/],
    [{ checkoutLockfile: lock.replace('\n', '\r\n'), headLockfile: lock, checkoutHasDocusaurus: true, freshInstall: false }, 'link', /matches/],
    [{ checkoutLockfile: undefined, headLockfile: undefined, checkoutHasDocusaurus: true, freshInstall: false }, 'link', /no pnpm-lock.yaml/],
    [{ checkoutLockfile: `${lock}x: 1\n`, headLockfile: lock, checkoutHasDocusaurus: true, freshInstall: false }, 'install', /differs from HEAD's/],
    [{ checkoutLockfile: lock, headLockfile: undefined, checkoutHasDocusaurus: true, freshInstall: false }, 'install', /HEAD has no pnpm-lock.yaml/],
    [{ checkoutLockfile: lock, headLockfile: lock, checkoutHasDocusaurus: false, freshInstall: false }, 'install', /has no node_modules/],
    [{ checkoutLockfile: lock, headLockfile: lock, checkoutHasDocusaurus: true, freshInstall: true }, 'install', /--fresh-install/],
  ])('%o -> %s', (input, kind, reason) => {
    const plan = planDependencies(input);
    expect(plan.kind).toBe(kind);
    expect(plan.reason).toMatch(reason);
  });
});

describe('main: arguments', () => {
  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { cwd: '/nonexistent-site', out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('explains its usage and exits 2 when given no arguments (it never picks a commit itself)', async () => {
    const { code, out, err } = await run([]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^usage: get-old-docs <commit> <version>/);
  });

  it('prints the usage with --help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/--dry-run[\s\S]*--rewrite-links[\s\S]*--force[\s\S]*--fresh-install/);
  });

  it.each([
    [['v1'], /expected two arguments, <commit> and <version>; got 1: "v1"/],
    [['v1', '1.0.0', 'extra'], /got 3: "v1" "1.0.0" "extra"/],
    [['--bogus', 'v1', '1.0.0'], /Unknown option '--bogus'/],
    [['--root'], /--root/],
  ])('exits 2 naming the problem for %j', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toMatch(/usage: get-old-docs/);
  });
});
