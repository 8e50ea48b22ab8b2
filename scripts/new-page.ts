// `pnpm new-page <folder> <name> [--after <entry> | --before <entry> | --end] [--title "..."] [--dry-run] [--root <dir>]`
// creates a page whose five-digit prefix follows README's numbering rule (scripts/lib/numbering.ts).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { findSiteRoot, UsageError } from './lib/site-root';
import { listDocTrees } from './lib/doc-trees';
import { runMain, EXIT_OK, EXIT_PROBLEMS } from './lib/cli';
import { formatPrefix, groupNumberedEntries, parsePrefixedName, pickPagePrefix, PAGE_EXTENSION, type FolderEntry, type NumberedEntry } from './lib/numbering';

export const USAGE = `usage: pnpm new-page <folder> <name> [--after <file-or-folder> | --before <file-or-folder> | --end]
                     [--title "..."] [--dry-run] [--root <dir>]

Creates <folder>/<NNNNN>-<name>.md with title front matter, numbered by README's rule:
about halfway between its neighbours with as few significant figures as possible,
or the next multiple of 100 after the last entry (--end, the default).

  <folder>        a folder of docs/ or versioned_docs/version-X/ (relative to the current
                  directory or to the site root)
  <name>          lowercase words joined by hyphens (my-page); add .mdx for an MDX-only page
  --after X       place the page right after sibling X (a file or folder of <folder>, with or
  --before X      without its number prefix and extension), or right before it
  --end           place it after every numbered entry of <folder>
  --title "..."   the page title (default: made from <name>)
  --dry-run       print the path that would be created, and create nothing
  --root <dir>    the site root (default: the nearest folder upward holding docusaurus.config.ts)`;

const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.mdx?)?$/;

export interface NewPageIo {
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function main(argv: string[], io: NewPageIo = defaultIo()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      after: { type: 'string' },
      before: { type: 'string' },
      end: { type: 'boolean', default: false },
      title: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 2) {
    throw new UsageError(
      positionals.length < 2
        ? `expected <folder> and <name>, got ${positionals.length} argument(s)`
        : `expected <folder> and <name>, got extra argument(s): ${positionals.slice(2).join(' ')}`,
    );
  }
  const placements = [values.after !== undefined, values.before !== undefined, values.end].filter(Boolean).length;
  if (placements > 1) throw new UsageError('give only one of --after, --before and --end');
  if (values.title !== undefined && values.title.trim() === '') throw new UsageError('--title: the title is empty');

  const [folderArg, nameArg] = positionals;
  const siteRoot = findSiteRoot(io.cwd, values.root);
  const folder = resolveDocFolder(folderArg, io.cwd, siteRoot);
  const name = checkPageName(nameArg);
  const entries = readNumberedEntries(folder);

  const baseName = name.replace(PAGE_EXTENSION, '');
  const clash = entries.find((entry) => parsePrefixedName(entry.stem)!.rest === baseName && entry.names.some((n) => PAGE_EXTENSION.test(n)));
  if (clash) {
    io.err(`error: ${rel(io.cwd, folder)} already has a page named ${baseName}: ${clash.names.find((n) => PAGE_EXTENSION.test(n))}`);
    return EXIT_PROBLEMS;
  }

  let previous: number | undefined;
  let next: number | undefined;
  let where: string;
  if (values.after !== undefined || values.before !== undefined) {
    const anchorArg = (values.after ?? values.before)!;
    const flag = values.after !== undefined ? '--after' : '--before';
    const anchorIndex = findEntry(entries, anchorArg, flag, folder, io.cwd);
    const anchor = entries[anchorIndex];
    if (values.after !== undefined) {
      previous = anchor.prefix;
      next = entries.find((entry) => entry.prefix > anchor.prefix)?.prefix;
      where = `after ${anchor.stem}`;
    } else {
      next = anchor.prefix;
      previous = [...entries].reverse().find((entry) => entry.prefix < anchor.prefix)?.prefix;
      where = `before ${anchor.stem}`;
    }
  } else {
    previous = entries.at(-1)?.prefix;
    where = 'at the end';
  }

  const choice = pickPagePrefix(previous, next);
  if (!choice.ok) {
    io.err(
      `error: cannot place ${baseName} ${where} of ${rel(io.cwd, folder)}: ${choice.reason}.\n` +
        `Renumber the neighbouring entries first (for example spread them out to multiples of 100), then run new-page again.`,
    );
    return EXIT_PROBLEMS;
  }

  const fileName = `${formatPrefix(choice.prefix)}-${PAGE_EXTENSION.test(name) ? name : `${name}.md`}`;
  const target = path.join(folder, fileName);
  const shown = rel(io.cwd, target);
  if (values['dry-run']) {
    io.out(shown);
    return EXIT_OK;
  }
  const title = values.title ?? titleFromName(baseName);
  await createExclusive(target, pageTemplate(title));
  io.out(`created ${shown}`);
  return EXIT_OK;
}

/** The text of a new page: its front matter and nothing else to delete. */
export function pageTemplate(title: string): string {
  const frontMatter = YAML.stringify({ title }, { lineWidth: 0 }).trimEnd();
  return `---\n${frontMatter}\ndescription: '' # one sentence: what the reader gets from this page\n---\n`;
}

/** `my-first-page` -> `My first page`. */
export function titleFromName(name: string): string {
  const words = name.split('-').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function checkPageName(name: string): string {
  if (parsePrefixedName(name)) {
    throw new UsageError(`<name> ${name}: give the name without a number prefix; new-page picks the number`);
  }
  if (!NAME_PATTERN.test(name)) {
    throw new UsageError(`<name> ${name}: use lowercase letters and digits in words joined by hyphens, e.g. my-page (or my-page.mdx)`);
  }
  return name;
}

/** The folder the page goes in: relative to cwd, else to the site root; it must lie in a doc tree. */
function resolveDocFolder(folderArg: string, cwd: string, siteRoot: string): string {
  const candidates = [path.resolve(cwd, folderArg), path.resolve(siteRoot, folderArg)];
  const folder = candidates.find((candidate) => fs.existsSync(candidate));
  if (!folder) throw new UsageError(`<folder> ${folderArg}: no such folder (looked in ${[...new Set(candidates)].join(' and ')})`);
  if (!fs.statSync(folder).isDirectory()) throw new UsageError(`<folder> ${folderArg}: ${folder} is a file, not a folder`);
  const real = fs.realpathSync(folder);
  const trees = listDocTrees(siteRoot);
  const inTree = trees.some((tree) => {
    const treeDir = fs.realpathSync(tree.dir);
    return real === treeDir || real.startsWith(treeDir + path.sep);
  });
  if (!inTree) {
    throw new UsageError(
      `<folder> ${folderArg}: ${real} is not inside a docs tree (${trees.map((tree) => path.relative(siteRoot, tree.dir)).join(', ') || 'none found'})`,
    );
  }
  return real;
}

/** Numbered pages and folders of `folder`, ordered by prefix; a page and a folder with one name are one entry. */
function readNumberedEntries(folder: string): NumberedEntry[] {
  const entries: FolderEntry[] = [];
  for (const dirent of fs.readdirSync(folder, { withFileTypes: true })) {
    if (dirent.isFile() && PAGE_EXTENSION.test(dirent.name)) entries.push({ name: dirent.name, kind: 'page' });
    else if (dirent.isDirectory()) entries.push({ name: dirent.name, kind: 'folder' });
  }
  return groupNumberedEntries(entries).numbered;
}

/** The entry `anchorArg` names: a path or a name, with or without number prefix and extension. */
function findEntry(entries: NumberedEntry[], anchorArg: string, flag: string, folder: string, cwd: string): number {
  const trimmed = anchorArg.replace(/[\\/]+$/, '');
  if (/[\\/]/.test(trimmed)) {
    const parents = [path.dirname(path.resolve(cwd, trimmed)), path.dirname(path.resolve(folder, trimmed))];
    if (!parents.some((parent) => fs.existsSync(parent) && fs.realpathSync(parent) === folder)) {
      throw new UsageError(`${flag} ${anchorArg}: not an entry of ${rel(cwd, folder)}`);
    }
  }
  const wanted = path.basename(trimmed).replace(PAGE_EXTENSION, '');
  const matches = entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.stem === wanted || parsePrefixedName(entry.stem)!.rest === wanted);
  if (matches.length === 1) return matches[0].index;
  if (matches.length > 1) {
    throw new UsageError(`${flag} ${anchorArg}: matches ${matches.map(({ entry }) => entry.stem).join(' and ')}; give the number prefix too`);
  }
  const known = entries.map((entry) => entry.stem).join(', ') || 'no numbered entries';
  throw new UsageError(`${flag} ${anchorArg}: no such page or folder in ${rel(cwd, folder)} (it has: ${known})`);
}

/**
 * Write `text` to `target` only if `target` does not exist: the text goes to a temporary file
 * first and is linked into place, so the page appears complete or not at all, and an existing
 * file (even one created a moment ago by someone else) is never replaced.
 */
async function createExclusive(target: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  await fsp.writeFile(tmp, text, { flag: 'wx' });
  try {
    await fsp.link(tmp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${target} already exists; nothing was written`);
    throw error;
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

function rel(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
}

function defaultIo(): NewPageIo {
  // pnpm runs scripts from the package folder; INIT_CWD is where the user typed the command.
  return {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runMain((argv) => main(argv), USAGE);
}
