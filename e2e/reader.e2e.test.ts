import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { trackErrors } from '../scripts/lib/browser';
import { BUILD_DIR, useBuiltSite } from './site-fixture';
import { pagesToMeasure } from '../scripts/lib/pages-to-measure';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const site = useBuiltSite();

async function open(route: string, colorScheme: 'dark' | 'light' = 'dark'): Promise<{ page: Page; errors: string[] }> {
  const context = await site.browser().newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const errors = trackErrors(page);
  await page.goto(`${site.origin()}${route}`, { waitUntil: 'networkidle' });
  return { page, errors };
}

describe('accessibility (axe-core)', () => {
  for (const { label, route } of pagesToMeasure(BUILD_DIR)) {
    for (const scheme of ['dark', 'light'] as const) {
      it(`${label} (${route}, ${scheme} theme) has no serious or critical violations`, async () => {
        const { page } = await open(route, scheme);
        await page.addScriptTag({ content: AXE_SOURCE });
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, {
            resultTypes: ['violations'],
          });
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        expect(violations).toEqual([]);
        await page.context().close();
      });
    }
  }
});

describe('themes', () => {
  it('follows the system preference, and the switch persists across pages and reloads', async () => {
    const { page, errors } = await open('/docs/', 'light');
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('light');
    await page.getByRole('button', { name: /dark mode|light mode|system mode|Switch between/i }).first().click();
    const chosen = await page.locator('html').getAttribute('data-theme');
    await page.goto(`${site.origin()}/docs/intro/what-is-spacetimedb`, { waitUntil: 'networkidle' });
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe(chosen);
    await page.reload({ waitUntil: 'networkidle' });
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe(chosen);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('pages as markdown', () => {
  it('"Copy page" puts the page markdown on the clipboard', async () => {
    const { page, errors } = await open('/docs/intro/what-is-spacetimedb');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin() });
    await page.getByRole('button', { name: 'Copy page' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toMatch(/^# What is SpacetimeDB\?/);
    expect(clipboard).not.toMatch(/^---$/m);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('serves a plain .md file for each page, linked from the page and listed in llms.txt', async () => {
    const { page } = await open('/docs/intro/what-is-spacetimedb');
    const href = await page.getByRole('link', { name: 'View as Markdown' }).getAttribute('href');
    expect(href).toBe('/docs/intro/what-is-spacetimedb.md');
    const response = await page.request.get(`${site.origin()}${href}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toMatch(/^# What is SpacetimeDB\?/);
    const llms = await (await page.request.get(`${site.origin()}/docs/llms.txt`)).text();
    expect(llms).toContain('https://spacetimedb.com/docs/intro/what-is-spacetimedb.md');
    await page.context().close();
  });
});

describe('metadata', () => {
  it('every page has a description and Open Graph / Twitter tags with the default image', async () => {
    const { page } = await open('/docs/intro/what-is-spacetimedb');
    const meta = (selector: string) => page.locator(selector).first().getAttribute('content');
    await expect(meta('meta[name="description"]')).resolves.toBeTruthy();
    await expect(meta('meta[property="og:title"]')).resolves.toMatch(/What is SpacetimeDB/);
    await expect(meta('meta[property="og:description"]')).resolves.toBeTruthy();
    await expect(meta('meta[property="og:image"]')).resolves.toBe('https://spacetimedb.com/docs/images/social-card.png');
    await expect(meta('meta[name="twitter:card"]')).resolves.toBe('summary_large_image');
    expect(fs.existsSync(path.join(BUILD_DIR, 'images', 'social-card.png'))).toBe(true);
    await page.context().close();
  });

  it('shows when each page was last updated', async () => {
    const { page } = await open('/docs/intro/what-is-spacetimedb');
    await expect(page.locator('.theme-last-updated').textContent()).resolves.toMatch(/Last updated/);
    await page.context().close();
  });
});

/** Strings only Mermaid's own code (its core and the libraries it bundles) contains, not Docusaurus's wrapper. */
const MERMAID_CODE = /mermaidAPI|mermaidProfiler|UnknownDiagramError/;

describe('diagrams', () => {
  for (const route of ['/docs/tutorials/chat-app', '/docs/1.12.0/intro/what-is-spacetimedb']) {
    it(`${route}: the diagram is pre-rendered SVG, one per theme, switched without layout shift, and no Mermaid JavaScript is loaded`, async () => {
      const context = await site.browser().newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      const page = await context.newPage();
      const errors = trackErrors(page);
      const scripts: string[] = [];
      page.on('response', async (response) => {
        if (response.request().resourceType() === 'script') scripts.push(`${response.url()}\n${await response.text().catch(() => '')}`);
      });
      await page.goto(`${site.origin()}${route}`, { waitUntil: 'networkidle' });
      const container = page.locator('.docusaurus-mermaid-container').first();
      await container.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300); // a lazily loaded live diagram would start loading now

      const visibleSvg = async () => {
        const svgs = container.locator('svg[id^="mermaid-"]');
        const visible: Array<{ id: string; height: number; text: string }> = [];
        for (let i = 0; i < (await svgs.count()); i++) {
          const svg = svgs.nth(i);
          if (await svg.isVisible()) {
            visible.push({ id: (await svg.getAttribute('id'))!, height: (await svg.boundingBox())!.height, text: await svg.evaluate((el) => Array.from(el.querySelectorAll('text, foreignObject'), (n) => n.textContent?.trim()).join(' ')) });
          }
        }
        return visible;
      };
      const light = await visibleSvg();
      expect(light).toHaveLength(1);
      expect(light[0].id).toMatch(/^mermaid-[0-9a-f]{16}-light$/);
      expect(light[0].height).toBeGreaterThan(80);
      expect(light[0].text).toMatch(/Reducers|reducer/i);

      await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
      const dark = await visibleSvg();
      expect(dark).toHaveLength(1);
      expect(dark[0].id).toBe(light[0].id.replace(/-light$/, '-dark'));
      expect(dark[0].text).toBe(light[0].text);
      expect(Math.abs(dark[0].height - light[0].height)).toBeLessThan(1);

      const mermaidScripts = scripts.filter((script) => MERMAID_CODE.test(script)).map((script) => script.split('\n')[0]);
      expect(mermaidScripts).toEqual([]);
      expect(scripts.length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('keyboard', () => {
  it('"/" and Ctrl+K focus the search box', async () => {
    const { page } = await open('/docs/intro/what-is-spacetimedb');
    const search = page.locator('.navbar input.navbar__search-input');
    await page.keyboard.press('/');
    await expect(search.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await page.locator('article h1').click();
    await page.keyboard.press('Control+k');
    await expect(search.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.context().close();
  });

  it('tabbing reaches the interactive elements with a visible focus ring', async () => {
    const { page } = await open('/docs/intro/what-is-spacetimedb');
    const seen: Array<{ tag: string; outline: string }> = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      seen.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          return { tag: el.tagName, outline: `${style.outlineStyle} ${style.outlineWidth} ${style.boxShadow}` };
        }),
      );
    }
    const focusable = seen.filter((s) => ['A', 'BUTTON', 'INPUT'].includes(s.tag));
    expect(focusable.length).toBeGreaterThan(10);
    for (const s of focusable) expect(s.outline).not.toMatch(/^none 0px none$/);
    await page.context().close();
  });
});
