import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * The committed cache of pre-rendered Mermaid diagrams (`pnpm render-diagrams` writes it, the
 * static-mermaid remark plugin and `pnpm lint:docs` read it). Node built-ins only: the remark
 * plugin loads this file inside the Docusaurus build.
 */

/** Bump when the render page, its CSS or the way SVGs are post-processed changes: every entry goes stale. */
export const RENDERER_VERSION = 1;

/** The site's text font (src/css/custom.css --ifm-font-family-base), so labels are measured as readers see them. */
export const DIAGRAM_FONT_FAMILY = "'Inter Variable', 'Inter Fallback', system-ui, -apple-system, 'Segoe UI', sans-serif";

/** Relative to the site root. */
export const DIAGRAM_CACHE_DIR = path.join('src', 'data', 'diagrams');

/** docusaurus.config.ts `themeConfig.mermaid`. */
export interface MermaidThemeConfig {
  theme: { light: string; dark: string };
  options?: Record<string, unknown>;
}

export type ColorMode = 'light' | 'dark';

/** One cache entry: the diagram rendered in each of the site's two color modes. */
export interface CachedDiagram {
  light: string;
  dark: string;
}

export interface KeyContext {
  mermaidVersion: string;
  themeConfig: MermaidThemeConfig;
}

/** The themeConfig.mermaid of a loaded site config, checked; Docusaurus's defaults when it has none. */
export function readMermaidThemeConfig(siteConfig: unknown, configFile = 'docusaurus.config.ts'): MermaidThemeConfig {
  const mermaid = (siteConfig as { themeConfig?: { mermaid?: unknown } } | undefined)?.themeConfig?.mermaid;
  if (mermaid === undefined) return { theme: { light: 'default', dark: 'dark' }, options: {} };
  const theme = (mermaid as { theme?: { light?: unknown; dark?: unknown } }).theme;
  if (typeof theme?.light !== 'string' || typeof theme.dark !== 'string') {
    throw new Error(`${configFile}: themeConfig.mermaid.theme must be { light: '<mermaid theme>', dark: '<mermaid theme>' }`);
  }
  const options = (mermaid as { options?: unknown }).options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Error(`${configFile}: themeConfig.mermaid.options must be an object of Mermaid settings`);
  }
  return { theme: { light: theme.light, dark: theme.dark }, options: options as Record<string, unknown> };
}

/** Line endings do not change a diagram, so CRLF pages share entries with LF ones. */
export function normaliseDiagramSource(source: string): string {
  return source.replace(/\r\n?/g, '\n');
}

/** JSON with keys sorted at every level, so the key does not depend on how a config object was written. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The cache key of a diagram: anything that changes its pixels changes the key. 16 hex digits. */
export function diagramKey(source: string, context: KeyContext): string {
  const material = canonicalJson({
    source: normaliseDiagramSource(source),
    mermaid: context.mermaidVersion,
    theme: context.themeConfig.theme,
    options: context.themeConfig.options ?? {},
    renderer: RENDERER_VERSION,
    font: DIAGRAM_FONT_FAMILY,
  });
  return crypto.createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/** The id of the rendered `<svg>`; Mermaid scopes the SVG's `<style>` and markers by it, so the two variants must differ. */
export function diagramSvgId(key: string, mode: ColorMode): string {
  return `mermaid-${key}-${mode}`;
}

export function cacheDir(siteRoot: string): string {
  return path.join(siteRoot, DIAGRAM_CACHE_DIR);
}

export function cacheFile(siteRoot: string, key: string): string {
  return path.join(cacheDir(siteRoot), `${key}.json`);
}

const CACHE_NAME = /^([0-9a-f]{16})\.json$/;

/** Keys of every entry in the cache folder ([] when it does not exist). */
export function listCachedKeys(siteRoot: string): string[] {
  const dir = cacheDir(siteRoot);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => CACHE_NAME.exec(name)?.[1])
    .filter((key): key is string => key !== undefined)
    .sort();
}

/** The entry's SVGs, or undefined when it is absent or not a complete entry for this key. */
export function readCachedDiagram(siteRoot: string, key: string): CachedDiagram | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(cacheFile(siteRoot, key), 'utf8'));
  } catch {
    return undefined;
  }
  const { light, dark } = (parsed ?? {}) as { light?: unknown; dark?: unknown };
  if (typeof light !== 'string' || typeof dark !== 'string') return undefined;
  if (!light.includes(`id="${diagramSvgId(key, 'light')}"`) || !dark.includes(`id="${diagramSvgId(key, 'dark')}"`)) return undefined;
  return { light, dark };
}

export function serialiseCachedDiagram(entry: CachedDiagram): string {
  return `${JSON.stringify({ light: entry.light, dark: entry.dark }, null, 2)}\n`;
}

export interface MermaidPackage {
  version: string;
  /** The self-contained browser build (defines `window.mermaid`). */
  browserBundle: string;
}

/**
 * The `mermaid` package that @docusaurus/theme-mermaid renders with in the browser, so
 * pre-rendered and live diagrams come from the same version.
 */
export function resolveMermaidPackage(): MermaidPackage {
  const require = createRequire(import.meta.url);
  let themeEntry: string;
  try {
    themeEntry = require.resolve('@docusaurus/theme-mermaid');
  } catch {
    throw new Error('@docusaurus/theme-mermaid is not installed: run pnpm install');
  }
  const fromTheme = createRequire(themeEntry);
  const manifest = fromTheme.resolve('mermaid/package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  const browserBundle = path.join(path.dirname(manifest), 'dist', 'mermaid.min.js');
  return { version, browserBundle };
}
