/**
 * The five-digit number prefixes that order pages and folders (`00350-my-page.md`).
 *
 * README's rule: a new page between two neighbours gets a number about halfway between them
 * that uses no more significant figures than it needs (between 00300 and 00400: 00350; between
 * 00350 and 00400: 00370, not 00375); a page after the last one gets the smallest multiple of
 * 100 above the highest number (after 01350: 01400).
 */

export const PREFIX_DIGITS = 5;
export const MAX_PREFIX = 10 ** PREFIX_DIGITS - 1;
/** The step between pages appended at the end: the hundreds place is the smallest one used at first. */
export const APPEND_STEP = 100;

const PREFIX_PATTERN = /^(\d{5})-(.+)$/;

export type PrefixChoice =
  | { ok: true; prefix: number }
  | { ok: false; reason: string };

/**
 * The prefix for a new entry placed after `previous` and before `next` (either may be absent:
 * no `previous` means "first in the folder", no `next` means "after everything").
 *
 * Between neighbours the candidates lie in the middle half of the gap, so the result is about
 * halfway; among them the one with the fewest significant figures wins, then the one nearest
 * the middle, then the lower one.
 */
export function pickPagePrefix(previous: number | undefined, next: number | undefined): PrefixChoice {
  for (const [name, value] of [['previous', previous], ['next', next]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > MAX_PREFIX)) {
      throw new RangeError(`${name} prefix ${value} is not a whole number from 0 to ${MAX_PREFIX}`);
    }
  }
  if (previous !== undefined && next !== undefined && next < previous) {
    throw new RangeError(`next prefix ${formatPrefix(next)} comes before previous prefix ${formatPrefix(previous)}`);
  }

  if (next === undefined) {
    const prefix = previous === undefined ? APPEND_STEP : (Math.floor(previous / APPEND_STEP) + 1) * APPEND_STEP;
    if (prefix > MAX_PREFIX) {
      return { ok: false, reason: `no ${PREFIX_DIGITS}-digit number is left after ${formatPrefix(previous!)}` };
    }
    return { ok: true, prefix };
  }

  // Nothing before: 00000 is still free, so count from just below it.
  const low = previous ?? -1;
  const high = next;
  if (high - low < 2) {
    return {
      ok: false,
      reason:
        previous === undefined
          ? `no number is free before ${formatPrefix(high)}`
          : `no number is free between ${formatPrefix(low)} and ${formatPrefix(high)}`,
    };
  }
  const middle = (low + high) / 2;
  const windowLow = low + (high - low) / 4;
  const windowHigh = high - (high - low) / 4;
  let largestStep = 1;
  while (largestStep * 10 <= high - low) largestStep *= 10;
  for (let step = largestStep; step >= 1; step /= 10) {
    let best: number | undefined;
    for (let candidate = Math.max(0, Math.ceil(windowLow / step) * step); candidate <= windowHigh; candidate += step) {
      if (candidate <= low || candidate >= high) continue;
      if (best === undefined || Math.abs(candidate - middle) < Math.abs(best - middle)) best = candidate;
    }
    if (best !== undefined) return { ok: true, prefix: best };
  }
  // Unreachable: a gap of 2 or more always has a whole number in its middle half.
  throw new Error(`no prefix found between ${low} and ${high}`);
}

/** `350` -> `"00350"`. */
export function formatPrefix(prefix: number): string {
  return String(prefix).padStart(PREFIX_DIGITS, '0');
}

/** `"00350-my-page.md"` -> `{ prefix: 350, rest: "my-page.md" }`; undefined when the name has no five-digit prefix. */
export function parsePrefixedName(name: string): { prefix: number; rest: string } | undefined {
  const match = PREFIX_PATTERN.exec(name);
  return match ? { prefix: Number(match[1]), rest: match[2] } : undefined;
}

/** A page or a folder directly inside one folder of a docs tree. */
export interface FolderEntry {
  name: string;
  kind: 'page' | 'folder';
}

/** The numbered entries of a folder: a page and a folder with the same name (`00100-databases.md` + `00100-databases/`) are one. */
export interface NumberedEntry {
  prefix: number;
  /** The name without extension, prefix included: `00100-databases`. */
  stem: string;
  /** The names on disk: `00100-databases.md`, `00100-databases`. */
  names: string[];
}

export const PAGE_EXTENSION = /\.mdx?$/;

/** Group a folder's entries into numbered entries (ordered by prefix, then name) and the entries without a prefix. */
export function groupNumberedEntries(entries: FolderEntry[]): { numbered: NumberedEntry[]; unnumbered: FolderEntry[] } {
  const byStem = new Map<string, NumberedEntry>();
  const unnumbered: FolderEntry[] = [];
  for (const entry of entries) {
    const stem = entry.kind === 'page' ? entry.name.replace(PAGE_EXTENSION, '') : entry.name;
    const parsed = parsePrefixedName(stem);
    if (!parsed) {
      unnumbered.push(entry);
      continue;
    }
    const numbered = byStem.get(stem) ?? { prefix: parsed.prefix, stem, names: [] };
    numbered.names.push(entry.name);
    byStem.set(stem, numbered);
  }
  const numbered = [...byStem.values()].sort((a, b) => a.prefix - b.prefix || (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0));
  return { numbered, unnumbered };
}
