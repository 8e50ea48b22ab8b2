import { parsePrefixedName } from '../lib/numbering';

/** A page or a folder (holding pages) directly inside one folder of a docs tree. */
export interface FolderEntry {
  name: string;
  kind: 'page' | 'folder';
}

/** Pages Docusaurus treats as the folder's own page; they take no number. */
const UNNUMBERED_PAGES = new Set(['index.md', 'index.mdx']);
const PAGE_EXTENSION = /\.mdx?$/;

/**
 * Number-prefix problems among the entries of one folder: a name without a five-digit prefix,
 * or a prefix two entries share. A page and a folder with the same name (`00100-databases.md`
 * and `00100-databases/`) are one entry: the page introduces the folder's pages.
 */
export function checkFolderEntries(entries: FolderEntry[]): Array<{ name: string; message: string }> {
  const problems: Array<{ name: string; message: string }> = [];
  const stemsByPrefix = new Map<number, string[]>();
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.kind === 'page' && UNNUMBERED_PAGES.has(entry.name)) continue;
    const stem = entry.kind === 'page' ? entry.name.replace(PAGE_EXTENSION, '') : entry.name;
    const parsed = parsePrefixedName(stem);
    if (!parsed) {
      problems.push({
        name: entry.name,
        message: `${entry.kind} name has no five-digit number prefix (like 00100-${stem.replace(/^\d+[-_.]?/, '')}); pnpm new-page picks one`,
      });
      continue;
    }
    const stems = stemsByPrefix.get(parsed.prefix) ?? [];
    if (stems.includes(stem)) continue;
    if (stems.length > 0) {
      problems.push({
        name: entry.name,
        message: `number prefix ${stem.slice(0, 5)} is also used by ${stems.join(', ')}; give each entry its own number`,
      });
    }
    stems.push(stem);
    stemsByPrefix.set(parsed.prefix, stems);
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
