import { groupNumberedEntries, type FolderEntry } from '../lib/numbering';

export type { FolderEntry };

/** Pages Docusaurus treats as the folder's own page; they take no number. */
const UNNUMBERED_PAGES = new Set(['index.md', 'index.mdx']);

/**
 * Entries that share a number on purpose: the upstream site's page map fixes these file names,
 * and its URLs and doc ids (which drop the number) must stay the same here. The order between
 * the two is alphabetical, as Docusaurus sorts ties.
 */
export const ACCEPTED_SHARED_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['00150-nextjs', '00150-vue'],
  ['00500-cheat-sheet', '00500-migrations'],
];

const isAcceptedPair = (a: string, b: string) =>
  ACCEPTED_SHARED_PREFIXES.some(([x, y]) => (x === a && y === b) || (x === b && y === a));

/**
 * Number-prefix problems among the entries of one folder: a name without a five-digit prefix,
 * or a prefix two entries share. A page and a folder with the same name (`00100-databases.md`
 * and `00100-databases/`) are one entry: the page introduces the folder's pages.
 */
export function checkFolderEntries(entries: FolderEntry[]): Array<{ name: string; message: string }> {
  const problems: Array<{ name: string; message: string }> = [];
  const { numbered, unnumbered } = groupNumberedEntries(entries);
  for (const entry of unnumbered) {
    if (entry.kind === 'page' && UNNUMBERED_PAGES.has(entry.name)) continue;
    const stem = entry.name.replace(/\.mdx?$/, '');
    problems.push({
      name: entry.name,
      message: `${entry.kind} name has no five-digit number prefix (like 00100-${stem.replace(/^\d+[-_.]?/, '')}); pnpm new-page picks one`,
    });
  }
  for (let i = 1; i < numbered.length; i++) {
    const earlier = numbered.filter(
      (other, j) => j < i && other.prefix === numbered[i].prefix && !isAcceptedPair(other.stem, numbered[i].stem),
    );
    if (earlier.length === 0) continue;
    problems.push({
      name: numbered[i].names[0],
      message: `number prefix ${numbered[i].stem.slice(0, 5)} is also used by ${earlier.map((other) => other.stem).join(', ')}; give each entry its own number`,
    });
  }
  return problems;
}

export interface Keyed {
  key: string;
  file: string;
  line: number;
}

/** Every item whose key an earlier item (in file order) already has, with that earlier item. */
export function findDuplicates<T extends Keyed>(items: T[]): Array<{ item: T; first: T }> {
  const first = new Map<string, T>();
  const duplicates: Array<{ item: T; first: T }> = [];
  for (const item of [...items].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    const earlier = first.get(item.key);
    if (earlier) duplicates.push({ item, first: earlier });
    else first.set(item.key, item);
  }
  return duplicates;
}
