import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, trackErrors } from '../scripts/lib/browser';
import { BUILD_DIR, useBuiltSite } from './site-fixture';

const site = useBuiltSite();

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await site.browser().newContext({ viewport, colorScheme: 'dark' });
  const page = await context.newPage();
  const errors = trackErrors(page);
  await page.goto(`${site.origin()}${path}`, { waitUntil: 'networkidle' });
  return { page, errors };
}

/** Prose words (code blocks dropped) of a published page source. */
const wordsOf = (file: string) =>
  new Set(
    fs
      .readFileSync(file, 'utf8')
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/`[^`]*`|\]\([^)]*\)|<[^>]+>|https?:\/\/\S+/g, ' ')
      .toLowerCase()
      .match(/\b[a-z]{6,}\b/g) ?? [],
  );

function rarestWordOf(target: string): string | undefined {
  const others = fs
    .readdirSync(BUILD_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md') && !f.startsWith('1.') && path.join(BUILD_DIR, f) !== target)
    .map((f) => wordsOf(path.join(BUILD_DIR, f)));
  const frequency = (w: string) => others.filter((words) => words.has(w)).length;
  return [...wordsOf(target)].sort((a, b) => frequency(a) - frequency(b) || a.localeCompare(b))[0];
}

const sidebar = (page: Page) => page.locator('nav[aria-label="Docs sidebar"]');

describe('start page', () => {
  it('renders the title, the sidebar sections, the install card and the quickstart grid', async () => {
    const { page, errors } = await open('/docs/');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Getting Started');
    const headers = await sidebar(page).locator('.sidebar-section-header').allTextContents();
    expect(headers).toEqual(['Intro', 'Core Concepts', 'Developer Resources']);
    await expect(page.getByRole('link', { name: /Install the SpacetimeDB CLI/ }).count()).resolves.toBe(1);
    const quickstartCards = await page.locator('article a.card[href*="/quickstarts/"]').count();
    expect(quickstartCards).toBeGreaterThan(0);
    await screenshot(page, 'start-page');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works on a phone-sized viewport: the sidebar moves into the menu', async () => {
    const { page, errors } = await open('/docs/', { width: 390, height: 844 });
    await expect(sidebar(page).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: /Toggle navigation bar/i }).click();
    // the menu slides in: wait for it rather than sampling mid-animation
    await page.locator('.navbar-sidebar').getByText('Core Concepts').first().waitFor({ state: 'visible', timeout: 5_000 });
    await screenshot(page, 'start-page-mobile');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('sidebar navigation', () => {
  // One page reached by clicking through each section of the sidebar.
  const journeys: Array<{ section: string; clicks: string[]; heading: RegExp }> = [
    { section: 'Intro', clicks: ['What is SpacetimeDB?'], heading: /What is SpacetimeDB/ },
    { section: 'Core Concepts', clicks: ['Tables'], heading: /Tables/ },
    { section: 'Developer Resources', clicks: ['References', 'SQL Reference'], heading: /SQL/ },
  ];

  for (const { section, clicks, heading } of journeys) {
    it(`reaches a page in ${section}`, async () => {
      const { page, errors } = await open('/docs/');
      for (const label of clicks) {
        const exactly = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
        await sidebar(page).locator('.menu__link').filter({ hasText: exactly }).first().click();
        await page.waitForLoadState('networkidle');
      }
      await expect(page.locator('article h1').first().textContent()).resolves.toMatch(heading);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});

describe('versions', () => {
  it('switches to 1.12.0 with the dropdown, and links inside that version stay in it', async () => {
    const { page, errors } = await open('/docs/');
    await page.locator('.navbar__item.dropdown').filter({ hasText: '2.0.0' }).hover();
    await page.getByRole('link', { name: '1.12.0', exact: true }).click();
    await page.waitForURL(/\/docs\/1\.12\.0(\/|$)/);
    await expect(page.locator('.theme-doc-version-banner').textContent()).resolves.toMatch(/1\.12\.0/);
    const hrefs = await page.locator('article .markdown a[href^="/docs/"]').evaluateAll((links) =>
      links.map((a) => a.getAttribute('href')),
    );
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^\/docs\/1\.12\.0\//);
    await page.locator('article .markdown a[href^="/docs/1.12.0/"]').first().click();
    await page.waitForLoadState('networkidle');
    expect(new URL(page.url()).pathname).toMatch(/^\/docs\/1\.12\.0\//);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the old-version banner links to the same page in the current version', async () => {
    const { page } = await open('/docs/1.12.0/intro/language-support');
    const latest = page.locator('.theme-doc-version-banner a');
    await expect(latest.getAttribute('href')).resolves.toBe('/docs/intro/language-support');
    await page.context().close();
  });
});

describe('search', () => {
  it('finds a page by a word from its body and opens it with the word highlighted', async () => {
    // Content changes, so the query is chosen from the build: the word of the page's text that
    // the fewest other pages of the current version use.
    const word = rarestWordOf(path.join(BUILD_DIR, 'intro', 'what-is-spacetimedb.md'));
    expect(word, 'a distinctive word on the page').toBeTruthy();

    const { page, errors } = await open('/docs/');
    await page.locator('.navbar input.navbar__search-input').click();
    await page.keyboard.type(word!, { delay: 30 });
    const results = page.locator('.navbar [role="listbox"] [role="option"]');
    await results.first().waitFor();
    await screenshot(page, 'search-results');
    const titles = await results.allTextContents();
    expect(titles.join('\n')).toMatch(/What is SpacetimeDB/);
    await results.filter({ hasText: 'What is SpacetimeDB' }).first().click();
    await page.waitForURL(/what-is-spacetimedb/);
    await page.locator('mark').first().waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('code tabs', () => {
  it('switching a server-language tab switches the others on the page and survives a reload', async () => {
    const { page, errors } = await open('/docs/tables');
    const groups = page.locator('.tabs-container:has([role="tab"]:text-is("Rust"))');
    expect(await groups.count()).toBeGreaterThan(1);
    await groups.first().getByRole('tab', { name: 'Rust', exact: true }).click();
    const selected = await groups.evaluateAll((containers) =>
      containers.map((c) => c.querySelector('[role="tab"][aria-selected="true"]')?.textContent),
    );
    expect(new Set(selected)).toEqual(new Set(['Rust']));
    await screenshot(page, 'tabs-page');

    await page.reload({ waitUntil: 'networkidle' });
    const afterReload = await groups.evaluateAll((containers) =>
      containers.map((c) => c.querySelector('[role="tab"][aria-selected="true"]')?.textContent),
    );
    expect(new Set(afterReload)).toEqual(new Set(['Rust']));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('components', () => {
  it('DocsList shows the pages of the current category as cards with their descriptions', async () => {
    const { page, errors } = await open('/docs/functions');
    const cards = page.locator('article ul a.card');
    const labels = await cards.locator('span > span:first-child').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Procedures', 'Views', 'HTTP Handlers']));
    // the description comes from the linked doc's front matter, through CardLink's docId
    const views = cards.filter({ hasText: 'Views' }).first();
    const description = fs
      .readFileSync(path.join(BUILD_DIR, 'functions', 'views.md'), 'utf8')
      .split('\n')[2]!
      .trim();
    await expect(views.textContent()).resolves.toContain(description);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('not found', () => {
  it('shows the styled 404 page for an unknown URL', async () => {
    const { page } = await open('/docs/this/page/does-not-exist');
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/not in the docs/);
    await expect(page.getByRole('link', { name: 'Getting started' }).count()).resolves.toBeGreaterThan(0);
    await page.context().close();
  });
});
