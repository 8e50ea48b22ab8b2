// Doc file -> URL, computed the way @docusaurus/plugin-content-docs 3.x computes it, for every
// version of the site. This is the one place routes are computed; routes.docusaurus.test.ts holds
// the result against the routes Docusaurus itself builds.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { readVersions } from './doc-trees';
import { readFrontMatterFields, FrontMatterError } from './front-matter';
import { loadSiteConfig } from './site-config';
import { SITE_CONFIG_FILE } from './site-root';

/** Docusaurus's name for the docs/ tree. */
export const CURRENT_VERSION = 'current';

export type NumberPrefixParser = (filename: string) => { filename: string; numberPrefix?: number };

/** The options of the docs plugin and site that decide where a doc's page lives. */
export interface RouteSettings {
  /** Where they came from: the config file, or a sentence saying defaults were assumed. */
  source: string;
  baseUrl: string;
  trailingSlash: boolean | undefined;
  routeBasePath: string;
  /** The current docs folder, relative to the site root. */
  docsPath: string;
  lastVersion: string | undefined;
  includeCurrentVersion: boolean;
  onlyIncludeVersions: string[] | undefined;
  versions: Record<string, { path?: string; label?: string }>;
  numberPrefixParser: NumberPrefixParser;
}

/** The options that decide how Docusaurus reads a page's markdown (see markdown-links.ts). */
export interface MarkdownSettings {
  format: 'mdx' | 'md' | 'detect';
  /** markdown.mdx1Compat: `<!-- -->` comments, `:::note Title`, `{#id}` heading ids. */
  comments: boolean;
  admonitionTitles: boolean;
  headingIds: boolean;
  admonitionKeywords: string[];
  /** markdown.anchors.maintainCase: heading ids keep the heading's case. */
  anchorsMaintainCase: boolean;
}

export interface SiteSettings {
  routes: RouteSettings;
  markdown: MarkdownSettings;
  /** Absolute paths of the folders served as-is at the site root. */
  staticDirs: string[];
}

/** One published version of the docs. */
export interface DocsVersion {
  /** `current` for docs/, else the name in versions.json. */
  name: string;
  label: string;
  /** The version's own URL segment: '' for the version served at the docs root. */
  pathPart: string;
  /** The URL every page of the version lives under, e.g. `/docs/` or `/docs/1.12.0`. */
  routePath: string;
  /** Absolute path of the version's folder. */
  dir: string;
}

/** One doc page: the file and the URL Docusaurus gives it. */
export interface DocRoute {
  version: string;
  /** Absolute path. */
  file: string;
  /** Posix path relative to the version folder, e.g. `00100-intro/00200-quickstarts/00100-react.md`. */
  source: string;
  id: string;
  slug: string;
  /** The page's URL with the site's baseUrl and trailingSlash applied, e.g. `/docs/quickstarts/react`. */
  permalink: string;
}

export interface RouteProblem {
  file: string;
  line: number;
  message: string;
}

export interface RouteMap {
  settings: SiteSettings;
  versions: DocsVersion[];
  docs: DocRoute[];
  /** Files that are docs but whose route could not be computed (bad front matter, invalid slug). */
  problems: RouteProblem[];
  /** Per version: normalised version-relative route -> the docs having it (more than one = collision). */
  byRoute: Map<string, Map<string, DocRoute[]>>;
  /** Per version: the same keys in lower case, to suggest the right spelling of a link. */
  byLowerRoute: Map<string, Map<string, DocRoute[]>>;
  byFile: Map<string, DocRoute>;
}

// ---------------------------------------------------------------------------------------------
// Pure parts: the same rules as the docs plugin, on strings.

const DEFAULT_ADMONITION_KEYWORDS = ['secondary', 'info', 'success', 'danger', 'note', 'tip', 'warning', 'important', 'caution'];

// Dates (2021-11-foo) and versions (7.0-foo) are not number prefixes.
const IGNORED_PREFIX = /^\d+[-_.]\d+/;
const NUMBER_PREFIX = /^(?<numberPrefix>\d+)\s*[-_.]+\s*(?<suffix>[^-_.\s].*)$/;

/** `00100-react` -> `react` (with prefix 100); names that only look like dates or versions are kept. */
export const defaultNumberPrefixParser: NumberPrefixParser = (filename) => {
  if (IGNORED_PREFIX.test(filename)) return { filename };
  const match = NUMBER_PREFIX.exec(filename);
  if (!match?.groups) return { filename };
  return { filename: match.groups.suffix, numberPrefix: Number.parseInt(match.groups.numberPrefix, 10) };
};

export const disabledNumberPrefixParser: NumberPrefixParser = (filename) => ({ filename });

function stripPathNumberPrefixes(dirPath: string, parser: NumberPrefixParser): string {
  return dirPath
    .split('/')
    .map((segment) => parser(segment).filename)
    .join('/');
}

/**
 * Join URL path parts the way Docusaurus's normalizeUrl does for paths: one slash between parts,
 * repeated slashes collapsed, and a trailing slash kept only when the last part asks for one.
 */
export function joinUrlPath(parts: string[]): string {
  const kept: string[] = [];
  let trailing = false;
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (part === '') {
      if (last && trailing) kept.push('/');
      return;
    }
    if (part !== '/') trailing = part.endsWith('/');
    kept.push(part);
    if (last && part === '/') trailing = true;
  });
  const joined = kept.join('/').replace(/\/{2,}/g, '/');
  return joined === '' ? '' : joined;
}

/**
 * Resolve `to` against the folder URL `from` with browser semantics (`.`/`..`, absolute `to`
 * wins), as the `resolve-pathname` package used by Docusaurus for relative slugs does.
 */
export function resolveUrlPath(to: string, from: string): string {
  const isAbs = (p: string) => p.startsWith('/');
  const toParts = to ? to.split('/') : [];
  let parts = from ? from.split('/') : [];
  const mustEndAbs = (to && isAbs(to)) || (from && isAbs(from));
  if (to && isAbs(to)) parts = toParts;
  else if (toParts.length > 0) {
    parts.pop();
    parts = parts.concat(toParts);
  }
  if (parts.length === 0) return '/';
  const lastPart = parts[parts.length - 1];
  const hasTrailingSlash = lastPart === '.' || lastPart === '..' || lastPart === '';
  let up = 0;
  for (let i = parts.length; i >= 0; i--) {
    const part = parts[i];
    if (part === '.') parts.splice(i, 1);
    else if (part === '..') {
      parts.splice(i, 1);
      up++;
    } else if (up) {
      parts.splice(i, 1);
      up--;
    }
  }
  if (!mustEndAbs) for (; up > 0; up--) parts.unshift('..');
  if (mustEndAbs && parts[0] !== '' && (!parts[0] || !isAbs(parts[0]))) parts.unshift('');
  let result = parts.join('/');
  if (hasTrailingSlash && !result.endsWith('/')) result += '/';
  return result;
}

/** Docusaurus's applyTrailingSlash for a pathname: the site root and baseUrl are never changed. */
export function applyTrailingSlash(pathname: string, trailingSlash: boolean | undefined, baseUrl: string): string {
  if (trailingSlash === undefined || pathname === '/' || pathname === baseUrl) return pathname;
  if (trailingSlash) return pathname.endsWith('/') ? pathname : `${pathname}/`;
  return pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

function isValidPathname(pathname: string): boolean {
  if (!pathname.startsWith('/')) return false;
  try {
    const parsed = new URL(pathname, 'https://domain.com').pathname;
    return parsed === pathname || parsed === encodeURI(pathname);
  } catch {
    return false;
  }
}

/** index.md, README.md and `<folder>/<folder>.md` (case-insensitive, number prefix included) are category index docs. */
export function isCategoryIndexDoc(source: string): boolean {
  const fileName = path.posix.parse(source).name.toLowerCase();
  const dirName = path.posix.dirname(source).split('/').at(-1)?.toLowerCase();
  return fileName === 'index' || fileName === 'readme' || fileName === dirName;
}

export interface DocIdentity {
  id: string;
  slug: string;
}

/**
 * The id and slug of the doc at `source` (posix path inside its version folder) with the given
 * front matter. Throws when Docusaurus would refuse the doc (an id with a slash, an invalid slug).
 */
export function computeDocIdentity(source: string, frontMatter: Record<string, unknown>, parser: NumberPrefixParser): DocIdentity {
  const parseNumberPrefixes = frontMatter.parse_number_prefixes !== false;
  const prefixParser = parseNumberPrefixes ? parser : disabledNumberPrefixParser;
  const sourceDirName = path.posix.dirname(source);
  const fileNameWithoutExtension = path.posix.basename(source, path.posix.extname(source));
  const unprefixedFileName = prefixParser(fileNameWithoutExtension).filename;
  const frontMatterId = typeof frontMatter.id === 'string' ? frontMatter.id : undefined;
  const baseId = frontMatterId ?? unprefixedFileName;
  if (baseId.includes('/')) throw new Error(`document id "${baseId}" cannot include a slash`);
  const strippedDirName = sourceDirName === '.' ? undefined : stripPathNumberPrefixes(sourceDirName, prefixParser);
  const id = [strippedDirName, baseId].filter(Boolean).join('/');

  const frontMatterSlug = typeof frontMatter.slug === 'string' ? frontMatter.slug : undefined;
  const dirNameSlug = sourceDirName === '.' ? '/' : `/${strippedDirName}/`;
  let slug: string;
  if (frontMatterSlug?.startsWith('/')) slug = frontMatterSlug;
  else if (!frontMatterSlug && isCategoryIndexDoc(source)) slug = dirNameSlug;
  else slug = resolveUrlPath(frontMatterSlug ?? baseId, dirNameSlug);
  if (!isValidPathname(slug)) {
    throw new Error(`the slug computed for document "${baseId}" is not a valid URL path: ${slug}; set a \`slug\` in its front matter`);
  }
  return { id, slug };
}

/** The versions Docusaurus publishes, in its order (current first), with their URLs and folders. */
export function computeVersions(settings: RouteSettings, versionNames: string[], siteRoot: string): DocsVersion[] {
  const all = [...(settings.includeCurrentVersion ? [CURRENT_VERSION] : []), ...versionNames];
  const names = settings.onlyIncludeVersions ? all.filter((name) => settings.onlyIncludeVersions!.includes(name)) : all;
  const lastVersion = settings.lastVersion ?? names.find((name) => name !== CURRENT_VERSION) ?? CURRENT_VERSION;
  return names.map((name) => {
    const defaultPathPart = name === lastVersion ? '' : name === CURRENT_VERSION ? 'next' : name;
    const pathPart = settings.versions[name]?.path ?? defaultPathPart;
    return {
      name,
      label: settings.versions[name]?.label ?? (name === CURRENT_VERSION ? 'Next' : name),
      pathPart,
      routePath: joinUrlPath([settings.baseUrl, settings.routeBasePath, pathPart]),
      dir:
        name === CURRENT_VERSION
          ? path.resolve(siteRoot, settings.docsPath)
          : path.join(siteRoot, 'versioned_docs', `version-${name}`),
    };
  });
}

/** The full URL of a doc: version URL + slug, with the site's trailing-slash rule. */
export function computePermalink(version: DocsVersion, slug: string, settings: RouteSettings): string {
  return applyTrailingSlash(joinUrlPath([version.routePath, slug]), settings.trailingSlash, settings.baseUrl);
}

/**
 * The key a route is looked up by: relative to its version, percent-decoded, without a trailing
 * slash. Case counts: the build's broken-link check rejects `/a/B` for a page at `/a/b`.
 */
export function routeKey(versionRelativePath: string): string {
  let key = versionRelativePath;
  try {
    key = decodeURI(key);
  } catch {
    // keep it encoded: it cannot match a decoded route anyway
  }
  if (key.length > 1 && key.endsWith('/')) key = key.replace(/\/+$/, '') || '/';
  return key.startsWith('/') ? key : `/${key}`;
}

/** `pathname` relative to the version's URL, or undefined when it is not under it (segment-wise). */
export function versionRelativePath(pathname: string, version: DocsVersion): string | undefined {
  const base = version.routePath.replace(/\/+$/, '');
  if (base === '') return pathname.startsWith('/') ? pathname : undefined;
  if (pathname === base) return '/';
  if (pathname.startsWith(`${base}/`)) return pathname.slice(base.length);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading the site.

const DEFAULT_ROUTE_SETTINGS: Omit<RouteSettings, 'source'> = {
  // This project's layout: docs served at /docs/, the current version at its root.
  baseUrl: '/docs/',
  trailingSlash: false,
  routeBasePath: '/',
  docsPath: 'docs',
  lastVersion: CURRENT_VERSION,
  includeCurrentVersion: true,
  onlyIncludeVersions: undefined,
  versions: {},
  numberPrefixParser: defaultNumberPrefixParser,
};

type PluginEntry = string | false | null | undefined | [unknown, Record<string, unknown> | undefined];

function entryName(entry: PluginEntry): unknown {
  return Array.isArray(entry) ? entry[0] : entry;
}

/** The options of the default docs plugin instance, from the classic preset or a plugin entry. */
function findDocsPluginOptions(config: Record<string, unknown>): Record<string, unknown> | undefined | false {
  for (const entry of (config.presets as PluginEntry[] | undefined) ?? []) {
    const name = entryName(entry);
    if (typeof name === 'string' && /(^|[/-])classic$/.test(name)) {
      const docs = Array.isArray(entry) ? (entry[1] as { docs?: unknown } | undefined)?.docs : undefined;
      if (docs === false) return false;
      return (docs as Record<string, unknown> | undefined) ?? {};
    }
  }
  for (const entry of (config.plugins as PluginEntry[] | undefined) ?? []) {
    const name = entryName(entry);
    if (typeof name === 'string' && /content-docs$/.test(name)) {
      const options = (Array.isArray(entry) ? entry[1] : undefined) ?? {};
      if (options.id === undefined || options.id === 'default') return options;
    }
  }
  return undefined;
}

/**
 * The site config as Docusaurus normalises it (defaults filled in, `future.v4` applied), using
 * Docusaurus's own validation; the raw config when @docusaurus/core cannot be loaded.
 */
function normaliseConfig(raw: Record<string, unknown>, configFile: string): Record<string, unknown> {
  let validateConfig: ((config: unknown, path: string) => Record<string, unknown>) | undefined;
  try {
    const require = createRequire(import.meta.url);
    const core = createRequire(require.resolve('@docusaurus/core/package.json'));
    ({ validateConfig } = core('./lib/server/configValidation.js') as { validateConfig: typeof validateConfig });
  } catch {
    return raw;
  }
  try {
    return validateConfig!(raw, configFile);
  } catch (error) {
    throw new Error(`${configFile}: ${(error as Error).message.trim()}`);
  }
}

/**
 * Read the settings that decide routes and markdown parsing from the site's docusaurus.config.ts.
 * A tree without a config (a bare docs checkout passed with --root) gets this project's layout.
 */
export async function readSiteSettings(siteRoot: string): Promise<SiteSettings> {
  const configFile = path.join(siteRoot, SITE_CONFIG_FILE);
  if (!fs.existsSync(configFile)) {
    return {
      routes: {
        ...DEFAULT_ROUTE_SETTINGS,
        source: `no ${SITE_CONFIG_FILE} in ${siteRoot}: assuming baseUrl /docs/, routeBasePath /, the current docs at the root and each version at /<version>`,
      },
      // This project's markdown: MDX, with the Docusaurus 4 behaviour (no MDX 1 compatibility).
      markdown: {
        format: 'mdx',
        comments: false,
        admonitionTitles: false,
        headingIds: false,
        admonitionKeywords: DEFAULT_ADMONITION_KEYWORDS,
        anchorsMaintainCase: false,
      },
      staticDirs: [path.join(siteRoot, 'static')],
    };
  }
  const config = normaliseConfig((await loadSiteConfig(siteRoot)) as Record<string, unknown>, configFile);
  const docs = findDocsPluginOptions(config);
  if (docs === false || docs === undefined) {
    throw new Error(`${configFile}: no docs plugin (@docusaurus/plugin-content-docs or the classic preset's docs) is configured`);
  }
  for (const option of ['include', 'exclude'] as const) {
    if (docs[option] !== undefined) {
      throw new Error(`${configFile}: the docs option \`${option}\` is not supported by scripts/lib/routes.ts; remove it or extend routes.ts`);
    }
  }
  const parserOption = docs.numberPrefixParser;
  const numberPrefixParser: NumberPrefixParser =
    typeof parserOption === 'function'
      ? (parserOption as NumberPrefixParser)
      : parserOption === false
        ? disabledNumberPrefixParser
        : defaultNumberPrefixParser;
  const markdown = (config.markdown ?? {}) as {
    format?: MarkdownSettings['format'];
    mdx1Compat?: Record<string, boolean | undefined>;
    anchors?: { maintainCase?: boolean };
    preprocessor?: unknown;
  };
  if (typeof markdown.preprocessor === 'function') {
    throw new Error(`${configFile}: markdown.preprocessor is set; rewrite-links cannot map positions through a custom preprocessor`);
  }
  // Without Docusaurus's validation at hand, apply its rule: `future.v4` turns MDX 1 compatibility off.
  const future = (config.future ?? {}) as { v4?: boolean | { mdx1CompatDisabledByDefault?: boolean } };
  const compatDefault = !(future.v4 === true || (typeof future.v4 === 'object' && future.v4.mdx1CompatDisabledByDefault === true));
  const admonitions = docs.admonitions as boolean | { keywords?: string[]; extendDefaults?: boolean } | undefined;
  let admonitionKeywords = DEFAULT_ADMONITION_KEYWORDS;
  if (admonitions === false) admonitionKeywords = [];
  else if (typeof admonitions === 'object' && admonitions.keywords) {
    admonitionKeywords = admonitions.extendDefaults === false ? admonitions.keywords : [...DEFAULT_ADMONITION_KEYWORDS, ...admonitions.keywords];
  }
  const staticDirectories = (config.staticDirectories as string[] | undefined) ?? ['static'];
  return {
    routes: {
      source: configFile,
      baseUrl: typeof config.baseUrl === 'string' ? config.baseUrl : '/',
      trailingSlash: config.trailingSlash as boolean | undefined,
      routeBasePath: typeof docs.routeBasePath === 'string' ? docs.routeBasePath : 'docs',
      docsPath: typeof docs.path === 'string' ? docs.path : 'docs',
      lastVersion: docs.lastVersion as string | undefined,
      includeCurrentVersion: docs.includeCurrentVersion !== false,
      onlyIncludeVersions: docs.onlyIncludeVersions as string[] | undefined,
      versions: (docs.versions as RouteSettings['versions'] | undefined) ?? {},
      numberPrefixParser,
    },
    markdown: {
      format: markdown.format ?? 'mdx',
      comments: markdown.mdx1Compat?.comments ?? compatDefault,
      admonitionTitles: markdown.mdx1Compat?.admonitions ?? compatDefault,
      headingIds: markdown.mdx1Compat?.headingIds ?? compatDefault,
      admonitionKeywords,
      anchorsMaintainCase: markdown.anchors?.maintainCase ?? false,
    },
    staticDirs: staticDirectories.map((dir) => path.resolve(siteRoot, dir)),
  };
}

/**
 * Whether Docusaurus makes a page of this file (its default include/exclude globs): .md/.mdx files,
 * not starting with `_` or `.`, not under a folder starting with `_` or `.`, not under __tests__.
 */
export function isDocSource(source: string): boolean {
  const segments = source.split('/');
  if (!/\.mdx?$/.test(source)) return false;
  return segments.every((segment) => !segment.startsWith('_') && !segment.startsWith('.'));
}

/** Every .md/.mdx file under `dir` (posix, relative), partials included; symlinks out of `dir` are not followed. */
export function listVersionFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const realRoot = fs.realpathSync(dir);
  const walk = (absolute: string, relative: string) => {
    const entries = fs.readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(absolute, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = fs.realpathSync(full);
        } catch {
          continue; // dangling link
        }
        if (!real.startsWith(realRoot + path.sep)) continue;
        const stat = fs.statSync(real);
        isDirectory = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDirectory) walk(full, rel);
      else if (isFile && /\.mdx?$/.test(entry.name)) out.push(rel);
    }
  };
  walk(dir, '');
  return out;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The front matter fields that decide a doc's URL. */
const ROUTE_FRONT_MATTER = ['slug', 'id', 'parse_number_prefixes'];

/** Reads a doc's text; the route map only needs its front matter. */
export type ReadDocText = (file: string) => string;

/**
 * Every doc page of every published version with its URL. Files whose route cannot be computed
 * are listed in `problems` (Docusaurus would refuse to build them) and left out of the map.
 */
export function buildRouteMapFromSettings(
  siteRoot: string,
  settings: SiteSettings,
  readText: ReadDocText = (file) => fs.readFileSync(file, 'utf8'),
): RouteMap {
  const versions = computeVersions(settings.routes, readVersions(siteRoot), siteRoot);
  const docs: DocRoute[] = [];
  const problems: RouteProblem[] = [];
  for (const version of versions) {
    for (const source of listVersionFiles(version.dir)) {
      if (!isDocSource(source)) continue;
      const file = path.join(version.dir, ...source.split('/'));
      try {
        const text = readText(file);
        const frontMatter = readFrontMatterFields(text, ROUTE_FRONT_MATTER);
        const { id, slug } = computeDocIdentity(source, frontMatter, settings.routes.numberPrefixParser);
        docs.push({ version: version.name, file, source, id, slug, permalink: computePermalink(version, slug, settings.routes) });
      } catch (error) {
        const line = error instanceof FrontMatterError ? error.line : 1;
        problems.push({ file, line, message: (error as Error).message });
      }
    }
  }
  return indexRouteMap(settings, versions, docs, problems);
}

/** The lookup tables of a route map (exported for tests that build maps from literals). */
export function indexRouteMap(settings: SiteSettings, versions: DocsVersion[], docs: DocRoute[], problems: RouteProblem[] = []): RouteMap {
  const byRoute = new Map<string, Map<string, DocRoute[]>>(versions.map((v) => [v.name, new Map()]));
  const byLowerRoute = new Map<string, Map<string, DocRoute[]>>(versions.map((v) => [v.name, new Map()]));
  const byFile = new Map<string, DocRoute>();
  const versionByName = new Map(versions.map((v) => [v.name, v]));
  for (const doc of docs) {
    const version = versionByName.get(doc.version)!;
    const relative = versionRelativePath(doc.permalink, version) ?? doc.permalink;
    const key = routeKey(relative);
    const table = byRoute.get(doc.version)!;
    table.set(key, [...(table.get(key) ?? []), doc]);
    const lower = byLowerRoute.get(doc.version)!;
    lower.set(key.toLowerCase(), [...(lower.get(key.toLowerCase()) ?? []), doc]);
    byFile.set(doc.file, doc);
  }
  return { settings, versions, docs, problems, byRoute, byLowerRoute, byFile };
}

/** Read the site's settings and build its route map. */
export async function buildRouteMap(siteRoot: string): Promise<RouteMap> {
  return buildRouteMapFromSettings(siteRoot, await readSiteSettings(siteRoot));
}

/** The version whose folder holds `file` (absolute), if any. */
export function versionOfFile(map: RouteMap, file: string): DocsVersion | undefined {
  return map.versions.find((version) => file === version.dir || file.startsWith(version.dir + path.sep));
}

// ---------------------------------------------------------------------------------------------
// Resolving an absolute link found in a page.

export type LinkResolution =
  /** A doc of the page's own version. `landingVersion` is where the link lands today. */
  | { kind: 'doc'; target: DocRoute; landingVersion: string; namesVersion: boolean }
  /** The link names another version explicitly (`/1.12.0/x` from a 2.0.0 page): it is meant to go there. */
  | { kind: 'other-version'; version: string; target: DocRoute }
  /** Not a docs URL: a static file, a file link (`/x.md`), or outside the docs' URL space. */
  | { kind: 'not-doc' }
  | { kind: 'unresolved'; reason: string };

function describeVersion(version: DocsVersion): string {
  return `version ${version.label}`;
}

function lookup(map: RouteMap, version: string, relative: string): DocRoute[] {
  return map.byRoute.get(version)?.get(routeKey(relative)) ?? [];
}

/** A hint naming the right spelling when the link only differs from a page's URL in case. */
function caseHint(map: RouteMap, version: DocsVersion, relative: string): string {
  const found = map.byLowerRoute.get(version.name)?.get(routeKey(relative).toLowerCase()) ?? [];
  if (found.length === 0) return '';
  const spelled = versionRelativePath(found[0].permalink, version) ?? found[0].permalink;
  return `; did you mean ${spelled}? (URLs are case-sensitive)`;
}

/**
 * What the absolute `pathname` (no query or hash) found in a page of version `fromVersion` points
 * to. The link is first placed the way the browser would (baseUrl added when missing, a version
 * URL prefix picks that version, anything else lands in the version served at the docs root),
 * then looked up in the page's own version unless it names another version explicitly.
 */
export function resolveDocRoute(map: RouteMap, pathname: string, fromVersion: string): LinkResolution {
  const { baseUrl } = map.settings.routes;
  if (!pathname.startsWith('/') || pathname.startsWith('//')) return { kind: 'not-doc' };
  if (/\.mdx?$/i.test(pathname)) return { kind: 'not-doc' }; // a file link: Docusaurus resolves it per version
  // What Docusaurus's <Link> does with a path that lacks the baseUrl.
  let full: string;
  if (pathname === baseUrl.replace(/\/$/, '')) full = baseUrl;
  else if (pathname.startsWith(baseUrl)) full = pathname;
  else full = baseUrl + pathname.replace(/^\//, '');

  const own = map.versions.find((v) => v.name === fromVersion);
  if (!own) return { kind: 'unresolved', reason: `the page is not in a published version` };
  // The version whose URL prefix is the longest match; the root version ('' path) matches everything under it.
  let landing: DocsVersion | undefined;
  let relative: string | undefined;
  for (const version of map.versions) {
    const rel = versionRelativePath(full, version);
    if (rel === undefined) continue;
    if (!landing || version.routePath.length > landing.routePath.length) {
      landing = version;
      relative = rel;
    }
  }
  if (!landing || relative === undefined) return { kind: 'not-doc' };
  const namesVersion = landing.pathPart !== '';

  if (namesVersion && landing.name !== own.name) {
    const found = lookup(map, landing.name, relative);
    if (found.length === 0) {
      if (looksLikeStaticFile(relative)) return { kind: 'not-doc' };
      return { kind: 'unresolved', reason: `no page ${relative} in ${describeVersion(landing)}, which the link names${caseHint(map, landing, relative)}` };
    }
    if (found.length > 1) return ambiguous(relative, landing, found);
    return { kind: 'other-version', version: landing.name, target: found[0] };
  }

  const found = lookup(map, own.name, relative);
  if (found.length === 0) {
    if (looksLikeStaticFile(relative)) return { kind: 'not-doc' };
    const hint = caseHint(map, own, relative);
    if (hint) return { kind: 'unresolved', reason: `no page ${relative} in ${describeVersion(own)}${hint}` };
    const elsewhere = map.versions.filter((v) => v.name !== own.name && lookup(map, v.name, relative).length > 0);
    const where = elsewhere.length > 0 ? ` (it exists in ${elsewhere.map((v) => `version ${v.label}`).join(', ')})` : ' or any other version';
    return { kind: 'unresolved', reason: `no page ${relative} in ${describeVersion(own)}${where}` };
  }
  if (found.length > 1) return ambiguous(relative, own, found);
  return { kind: 'doc', target: found[0], landingVersion: landing.name, namesVersion };
}

function ambiguous(relative: string, version: DocsVersion, docs: DocRoute[]): LinkResolution {
  const files = docs.map((doc) => doc.source).join(', ');
  return { kind: 'unresolved', reason: `ambiguous: ${relative} is the route of ${docs.length} pages in ${describeVersion(version)} (${files})` };
}

/** A last URL segment with an extension (`/llms.txt`, `/images/x.svg`) names a file, not a page. */
function looksLikeStaticFile(relative: string): boolean {
  const last = relative.split('/').at(-1) ?? '';
  return /\.[A-Za-z0-9]{1,8}$/.test(last);
}

/** Encode one path segment for a markdown link: Docusaurus decodes it with decodeURIComponent. */
function encodeSegment(segment: string): string {
  // Letters, digits, `-`, `_`, `.` and `~` are left as they are (the usual file name).
  if (/^[\w.~-]*$/.test(segment)) return segment;
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The relative file link from the page at `fromFile` to `toFile` (absolute paths), as Docusaurus's
 * markdown link resolution reads it: `./x.md` in the same folder, `../a/b.md` elsewhere.
 */
export function relativeFileLink(fromFile: string, toFile: string): string {
  const relative = path.relative(path.dirname(fromFile), toFile).split(path.sep).map(encodeSegment).join('/');
  return relative.startsWith('../') ? relative : `./${relative}`;
}

/** The URL to use for `target` in a JSX attribute, written with or without the baseUrl like the original. */
export function routeLink(map: RouteMap, target: DocRoute, withBaseUrl: boolean): string {
  if (withBaseUrl) return target.permalink;
  const { baseUrl } = map.settings.routes;
  return target.permalink.startsWith(baseUrl) ? `/${target.permalink.slice(baseUrl.length)}` : target.permalink;
}
