// Code blocks are highlighted at build time and kept through hydration; the page's scripts load
// after the first paint. What a reader notices: coloured code at once in both themes, no Prism in
// the page's JavaScript, tabs and client-side navigation still show highlighted code.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { trackErrors } from '../scripts/lib/browser';
import { darkCodeTheme, lightCodeTheme } from '../src/lib/prism-themes';
import { BUILD_DIR, useBuiltSite } from './site-fixture';

const site = useBuiltSite();
const TABBED_PAGE = '/docs/tutorials/chat-app';

const keywordColor = (theme: typeof darkCodeTheme) => theme.styles.find((s) => s.types.includes('keyword'))!.style.color!;
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

async function open(route: string, colorScheme: 'dark' | 'light') {
  const context = await site.browser().newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const errors = trackErrors(page);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  // Tag the server-rendered code elements before any script runs, to tell them from re-rendered ones.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      document.querySelectorAll('pre code, pre code > :first-child').forEach((node) => {
        (node as unknown as { fromServer: boolean }).fromServer = true;
      });
    });
  });
  await page.goto(`${site.origin()}${route}`, { waitUntil: 'networkidle' });
  await waitForHydration(page);
  return { page, errors, requested };
}

/** The colour-mode button is disabled in the static HTML and enabled once React has hydrated. */
async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const toggle = document.querySelector<HTMLButtonElement>('button[aria-label*="dark and light mode"]');
    return toggle !== null && !toggle.disabled;
  });
}

const highlighterRequested = (urls: string[]) => urls.some((url) => /code-highlighter/.test(url));

describe('code blocks', () => {
  it('keeps the server-rendered code through hydration, loading no highlighter', async () => {
    const { page, errors, requested } = await open(TABBED_PAGE, 'dark');
    const blocks = await page.evaluate(() =>
      Array.from(document.querySelectorAll('pre code')).map((code) => ({
        kept: (code as unknown as { fromServer?: boolean }).fromServer === true && (code.firstChild as unknown as { fromServer?: boolean } | null)?.fromServer === true,
        tokens: code.querySelectorAll('.token.keyword').length,
      })),
    );
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.filter((b) => !b.kept)).toEqual([]);
    expect(blocks.some((b) => b.tokens > 0)).toBe(true);
    expect(highlighterRequested(requested)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('colours tokens for the theme in use, and recolours them on a switch without re-rendering', async () => {
    const { page, errors } = await open(TABBED_PAGE, 'dark');
    const keyword = page.locator('.theme-code-block .token.keyword').first();
    await expect(keyword.evaluate((el) => getComputedStyle(el).color)).resolves.toBe(rgb(keywordColor(darkCodeTheme)));
    await page.getByRole('button', { name: /dark and light mode/ }).first().click();
    await page.waitForFunction(() => document.documentElement.dataset.theme !== 'dark');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await expect(keyword.evaluate((el) => getComputedStyle(el).color)).resolves.toBe(rgb(keywordColor(lightCodeTheme)));
    expect(await keyword.evaluate((el) => (el.closest('code') as unknown as { fromServer?: boolean }).fromServer)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('highlights the code of a tab chosen by the reader', async () => {
    const { page, errors, requested } = await open(TABBED_PAGE, 'light');
    const group = page.locator('.tabs-container').filter({ has: page.locator('.theme-code-block') }).first();
    const rust = group.getByRole('tab', { name: 'Rust' });
    await rust.click();
    await expect(rust.getAttribute('aria-selected')).resolves.toBe('true');
    const panel = group.locator('[role="tabpanel"]:not([hidden])');
    // Plain text first if the highlighter is still loading, then coloured tokens.
    await panel.locator('.theme-code-block .token:not(.plain)').first().waitFor();
    expect(await panel.locator('pre').first().textContent()).toContain('--lang rust');
    expect(highlighterRequested(requested)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tab keys: arrows move between tabs, Enter selects, only the selected tab is in the tab order', async () => {
    const { page } = await open(TABBED_PAGE, 'light');
    const group = page.locator('.tabs-container').first();
    const tabs = group.getByRole('tab');
    await tabs.first().focus();
    await page.keyboard.press('ArrowRight');
    const second = tabs.nth(1);
    await expect(second.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect(second.getAttribute('aria-selected')).resolves.toBe('true');
    const tabIndexes = await tabs.evaluateAll((els) => els.map((el) => el.getAttribute('tabindex')));
    expect(tabIndexes.filter((t) => t === '0')).toHaveLength(1);
    expect(tabIndexes[1]).toBe('0');
    await page.keyboard.press('End');
    await expect(tabs.last().evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.context().close();
  });

  it('the copy button copies the code as written, on a kept block and on a block mounted later', async () => {
    const { page, errors } = await open(TABBED_PAGE, 'light');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin() });
    const copyFrom = async (block: ReturnType<Page['locator']>) => {
      await block.hover();
      await block.getByRole('button', { name: /copy/i }).click();
      return page.evaluate(() => navigator.clipboard.readText());
    };
    const kept = page.locator('.theme-code-block').first();
    expect(await copyFrom(kept)).toBe((await kept.locator('code').innerText()).replace(/\n$/, ''));
    const group = page.locator('.tabs-container').filter({ has: page.locator('.theme-code-block') }).first();
    await group.getByRole('tab', { name: 'C#' }).click();
    const mounted = group.locator('[role="tabpanel"]:not([hidden]) .theme-code-block').first();
    await mounted.locator('.token:not(.plain)').first().waitFor();
    const copied = await copyFrom(mounted);
    expect(copied.trim()).not.toBe('');
    expect(copied).toBe((await mounted.locator('code').innerText()).replace(/\n$/, ''));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('highlights code on a page reached by client-side navigation', async () => {
    const { page, errors } = await open('/docs/', 'light');
    await page.locator('nav a[href="/docs/quickstarts/react"]').first().click();
    await page.waitForURL(/\/docs\/quickstarts\/react$/);
    await page.locator('.theme-code-block .token.comment').first().waitFor();
    expect(await page.locator('h1').first().textContent()).toContain('React');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('page scripts', () => {
  it('are not in the HTML as render-competing tags, and load after the first paint', async () => {
    const html = fs.readFileSync(path.join(BUILD_DIR, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=[^>]+defer/);
    const { page, errors } = await open('/docs/', 'light');
    const timing = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-paint')[0]?.startTime;
      const main = performance.getEntriesByType('resource').find((e) => /\/assets\/js\/main\.[^/]+\.js$/.test(e.name));
      return { paint, mainStart: main?.startTime };
    });
    expect(timing.paint).toBeTypeOf('number');
    expect(timing.mainStart).toBeTypeOf('number');
    expect(timing.mainStart!).toBeGreaterThanOrEqual(timing.paint!);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('still load in a browser without paint timing', async () => {
    const context = await site.browser().newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      delete (window as unknown as { PerformanceObserver?: unknown }).PerformanceObserver;
    });
    await page.goto(`${site.origin()}/docs/`, { waitUntil: 'load' });
    await waitForHydration(page);
    await context.close();
  });
});
