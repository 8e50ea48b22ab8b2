// The doc routes Docusaurus itself computes for a site: its config loader, its docs plugin and its
// route actions, run without bundling anything. Slow (seconds); used to check scripts/lib/routes.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

interface RouteConfig {
  path: string;
  routes?: RouteConfig[];
  metadata?: { sourceFilePath?: string };
}

interface DocsPlugin {
  name: string;
  options: { id: string };
  loadContent(): Promise<unknown>;
  contentLoaded(args: { content: unknown; actions: unknown }): Promise<void>;
}

interface LoadedContext {
  siteConfig: {
    baseUrl: string;
    trailingSlash: boolean | undefined;
    presets?: Array<string | [string, Record<string, unknown>]>;
    plugins?: Array<string | [string, Record<string, unknown>]>;
  };
  generatedFilesDir: string;
}

export interface DocusaurusDocRoutesOptions {
  /**
   * Load the current version without its sidebars file. Sidebars never change a doc's URL; they
   * only fail to load while pages they name are still being written.
   */
  withoutCurrentSidebars?: boolean;
}

function docsOptionsIn(context: LoadedContext): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const entry of context.siteConfig.presets ?? []) {
    if (Array.isArray(entry) && /classic$/.test(entry[0]) && entry[1]?.docs && typeof entry[1].docs === 'object') {
      found.push(entry[1].docs as Record<string, unknown>);
    }
  }
  for (const entry of context.siteConfig.plugins ?? []) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && /content-docs$/.test(entry[0])) found.push(entry[1]);
  }
  return found;
}

/**
 * Map of doc source file (relative to the site, posix) -> route path, for the default docs plugin
 * instance of the site at `siteDir`, exactly as `docusaurus build` would register them.
 */
export async function loadDocusaurusDocRoutes(siteDir: string, options: DocusaurusDocRoutesOptions = {}): Promise<Map<string, string>> {
  const require = createRequire(import.meta.url);
  const core = createRequire(require.resolve('@docusaurus/core/package.json'));
  const { loadContext } = core('./lib/server/site.js') as { loadContext(params: { siteDir: string }): Promise<LoadedContext> };
  const { initPlugins } = core('./lib/server/plugins/init.js') as { initPlugins(context: LoadedContext): Promise<DocsPlugin[]> };
  const { createPluginActionsUtils } = core('./lib/server/plugins/actions.js') as {
    createPluginActionsUtils(args: { plugin: DocsPlugin; generatedFilesDir: string; baseUrl: string; trailingSlash: boolean | undefined }): Promise<{
      getActions(): unknown;
      getRoutes(): RouteConfig[];
    }>;
  };

  const generatedFilesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docusaurus-doc-routes-'));
  try {
    const context = await loadContext({ siteDir });
    // Data files go to a throwaway folder, never to the site's .docusaurus/.
    context.generatedFilesDir = generatedFilesDir;
    for (const docs of docsOptionsIn(context)) {
      docs.showLastUpdateTime = false;
      docs.showLastUpdateAuthor = false;
      if (options.withoutCurrentSidebars) docs.sidebarPath = false;
    }
    const plugins = await initPlugins(context);
    const docsPlugin = plugins.find((p) => p.name === 'docusaurus-plugin-content-docs' && p.options.id === 'default');
    if (!docsPlugin) throw new Error(`${siteDir}: no default docs plugin instance`);
    const content = await docsPlugin.loadContent();
    const actions = await createPluginActionsUtils({
      plugin: docsPlugin,
      generatedFilesDir,
      baseUrl: context.siteConfig.baseUrl,
      trailingSlash: context.siteConfig.trailingSlash,
    });
    await docsPlugin.contentLoaded({ content, actions: actions.getActions() });
    const routes = new Map<string, string>();
    const visit = (route: RouteConfig) => {
      if (route.metadata?.sourceFilePath) routes.set(route.metadata.sourceFilePath.split(path.sep).join('/'), route.path);
      route.routes?.forEach(visit);
    };
    actions.getRoutes().forEach(visit);
    return routes;
  } finally {
    fs.rmSync(generatedFilesDir, { recursive: true, force: true });
  }
}
