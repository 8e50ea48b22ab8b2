import fs from 'node:fs';
import path from 'node:path';

/** One markdown tree of the site: the current docs/ or one versioned_docs/version-X/. */
export interface DocTree {
  /** `current` for docs/, else the version name from versions.json. */
  version: string;
  /** Absolute path of the tree's folder. */
  dir: string;
  /** Absolute path of the tree's sidebar file (sidebars.ts or the versioned JSON), if any. */
  sidebarFile?: string;
}

/** The versions listed in versions.json (newest first, as Docusaurus keeps them); [] when absent. */
export function readVersions(siteRoot: string): string[] {
  const file = path.join(siteRoot, 'versions.json');
  if (!fs.existsSync(file)) return [];
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
    throw new Error(`${file}: expected a JSON array of version names`);
  }
  return parsed;
}

/** docs/ first, then every version in versions.json whose folder exists. */
export function listDocTrees(siteRoot: string): DocTree[] {
  const trees: DocTree[] = [];
  const current = path.join(siteRoot, 'docs');
  if (fs.existsSync(current)) {
    const sidebar = path.join(siteRoot, 'sidebars.ts');
    trees.push({ version: 'current', dir: current, sidebarFile: fs.existsSync(sidebar) ? sidebar : undefined });
  }
  for (const version of readVersions(siteRoot)) {
    const dir = path.join(siteRoot, 'versioned_docs', `version-${version}`);
    if (!fs.existsSync(dir)) continue;
    const sidebar = path.join(siteRoot, 'versioned_sidebars', `version-${version}-sidebars.json`);
    trees.push({ version, dir, sidebarFile: fs.existsSync(sidebar) ? sidebar : undefined });
  }
  return trees;
}

/** Every .md/.mdx file under `dir`, sorted, as absolute paths. Links pointing outside `dir` are not followed. */
export function listMarkdownFiles(dir: string): string[] {
  const out: string[] = [];
  const realRoot = fs.realpathSync(dir);
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const real = fs.realpathSync(full);
        if (!real.startsWith(realRoot + path.sep)) continue;
        const stat = fs.statSync(real);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDir) walk(full);
      else if (isFile && /\.mdx?$/.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}
