import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { DIAGRAM_FONT_FAMILY, diagramSvgId, type CachedDiagram, type ColorMode, type MermaidPackage, type MermaidThemeConfig } from './diagram-cache';

/** Mermaid could not render a diagram; the message is Mermaid's own. */
export class DiagramRenderError extends Error {}

/** The site's self-hosted text font (a symlink into @fontsource-variable/inter). */
const FONT_FILE = path.join('src', 'fonts', 'inter-latin-wght-normal.woff2');

/** The site's own copy of the font, else the installed package's (a site checkout without src/fonts/). */
function findFontFile(siteRoot: string): string {
  const own = path.join(siteRoot, FONT_FILE);
  if (fs.existsSync(own)) return own;
  try {
    const manifest = createRequire(import.meta.url).resolve('@fontsource-variable/inter/package.json');
    return path.join(path.dirname(manifest), 'files', path.basename(FONT_FILE));
  } catch {
    return own;
  }
}

/** A made-up origin served from disk by request interception: no network, no server. */
const ORIGIN = 'http://diagrams.render.invalid';

/**
 * The render page sets the text context of a doc page (font, size, line height), so the label
 * boxes Mermaid measures here are the ones readers' browsers lay out.
 */
const RENDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<style>
@font-face{font-family:'Inter Variable';font-style:normal;font-display:block;font-weight:100 900;src:url(/inter.woff2) format('woff2')}
body{margin:0;font-family:${DIAGRAM_FONT_FAMILY};font-size:16px;line-height:1.65;width:1000px}
</style>
<script src="/mermaid.min.js"></script>
</head><body><div id="host"></div></body></html>`;

export interface DiagramRenderer {
  /** Both color-mode variants of a diagram, or DiagramRenderError with Mermaid's message. */
  render(key: string, source: string): Promise<CachedDiagram>;
  close(): Promise<void>;
}

/** Opens Chromium on a page that has Mermaid and the site's font loaded. */
export async function openDiagramRenderer(siteRoot: string, mermaid: MermaidPackage, themeConfig: MermaidThemeConfig): Promise<DiagramRenderer> {
  const fontFile = findFontFile(siteRoot);
  if (!fs.existsSync(fontFile)) throw new Error(`${fontFile}: the site's text font is missing (src/fonts/ links into @fontsource-variable/inter; run pnpm install)`);
  if (!fs.existsSync(mermaid.browserBundle)) throw new Error(`${mermaid.browserBundle}: Mermaid's browser build is missing; run pnpm install`);
  const browser: Browser = await launchBrowser();
  try {
    const page: Page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/') return route.fulfill({ contentType: 'text/html', body: RENDER_PAGE });
      if (pathname === '/mermaid.min.js') return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(mermaid.browserBundle) });
      if (pathname === '/inter.woff2') return route.fulfill({ contentType: 'font/woff2', body: fs.readFileSync(fontFile) });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/`);
    const fontLoaded = await page.evaluate(async () => {
      await document.fonts.load("16px 'Inter Variable'");
      return document.fonts.check("16px 'Inter Variable'");
    });
    if (!fontLoaded) throw new Error(`${fontFile}: Chromium could not load the font`);

    const renderMode = async (key: string, source: string, mode: ColorMode): Promise<string> => {
      const options = themeConfig.options ?? {};
      const config = {
        startOnLoad: false,
        ...options,
        theme: themeConfig.theme[mode],
        fontFamily: (options.fontFamily as string | undefined) ?? DIAGRAM_FONT_FAMILY,
      };
      const result = await page.evaluate(
        async ({ id, text, config }) => {
          const api = (window as unknown as { mermaid: { initialize(c: unknown): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
          // Mermaid keeps its configuration in a global; initialize() before each render resets it, as Docusaurus does.
          api.initialize(config);
          try {
            return { svg: (await api.render(id, text)).svg };
          } catch (error) {
            // On a parse error Mermaid leaves its scratch element behind.
            document.getElementById(`d${id}`)?.remove();
            return { error: error instanceof Error ? error.message : String(error) };
          }
        },
        { id: diagramSvgId(key, mode), text: source, config },
      );
      if (result.error !== undefined) throw new DiagramRenderError(result.error.trim());
      return result.svg!;
    };

    return {
      async render(key, source) {
        const light = await renderMode(key, source, 'light');
        const dark = await renderMode(key, source, 'dark');
        return { light, dark };
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
