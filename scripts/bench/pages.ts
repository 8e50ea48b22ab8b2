// `pnpm bench:pages`: page budgets measured on the production build (run `pnpm build` first).
// Lighthouse (mobile preset, Debian Chromium) on the start page, a quickstart and the longest page
// of each version; JS+CSS transferred on first load (gzipped); layout shift; per-version search
// index sizes; time from typing a query to the first search result. Exit 1 when a budget is missed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { findSiteRoot } from '../lib/site-root';
import { EXIT_OK, EXIT_PROBLEMS, runMain } from '../lib/cli';
import { serveBuild } from '../lib/serve-build';
import { launchBrowser } from '../lib/browser';
import { launchDebuggableChromium } from '../lib/chromium-debug';
import { pagesToMeasure } from '../lib/pages-to-measure';

const USAGE = 'usage: pnpm bench:pages [-- --root <site>]';

const BUDGET = { performance: 95, accessibility: 98, 'best-practices': 95, seo: 95, transferKiB: 300, cls: 0.02 };

interface Row {
  page: string;
  performance: number;
  accessibility: number;
  'best-practices': number;
  seo: number;
  transferKiB: number;
  cls: number;
}

async function measure(url: string, port: number): Promise<Omit<Row, 'page'>> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    formFactor: 'mobile',
  });
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  const { categories, audits } = result.lhr;
  const requests = (audits['network-requests']?.details as { items?: Array<{ resourceType?: string; transferSize?: number }> } | undefined)?.items ?? [];
  const transfer = requests
    .filter((r) => r.resourceType === 'Script' || r.resourceType === 'Stylesheet')
    .reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    seo: score('seo'),
    transferKiB: transfer / 1024,
    cls: Number(audits['cumulative-layout-shift']?.numericValue ?? 0),
  };
}

function searchIndexSizes(buildDir: string): Array<{ version: string; files: number; gzipKiB: number }> {
  const dirs = ['', ...fs.readdirSync(buildDir).filter((d) => /^\d+\.\d+\.\d+$/.test(d))];
  return dirs.map((dir) => {
    const files = fs.readdirSync(path.join(buildDir, dir)).filter((f) => /^search-index.*\.json$/.test(f));
    const gzip = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(buildDir, dir, f))).length, 0);
    return { version: dir || 'current', files: files.length, gzipKiB: gzip / 1024 };
  });
}

async function searchLatency(origin: string, query: string): Promise<number> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/docs/`, { waitUntil: 'networkidle' });
    const input = page.locator('.navbar input.navbar__search-input');
    await input.click();
    const started = Date.now();
    await input.pressSequentially(query);
    await page.locator('.navbar [role="listbox"] [role="option"]').first().waitFor({ timeout: 15_000 });
    return Date.now() - started;
  } finally {
    await browser.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv.filter((a) => a !== '--'), options: { root: { type: 'string' } }, strict: true });
  const root = findSiteRoot(process.cwd(), values.root);
  const buildDir = path.join(root, 'build');
  if (!fs.existsSync(path.join(buildDir, 'index.html'))) {
    process.stderr.write(`no production build in ${buildDir}: run \`pnpm build\` first\n`);
    return EXIT_PROBLEMS;
  }
  const server = await serveBuild(buildDir);
  const chromium = await launchDebuggableChromium();
  const rows: Row[] = [];
  try {
    for (const { label, route } of pagesToMeasure(buildDir)) {
      process.stderr.write(`lighthouse: ${label} ${route}\n`);
      rows.push({ page: `${label} ${route}`, ...(await measure(`${server.origin}${route}`, chromium.port)) });
    }
  } finally {
    await chromium.close();
  }
  let missed = 0;
  const cell = (value: number, ok: boolean, text: string) => {
    if (!ok) missed++;
    return `${text}${ok ? '' : ' ✗'}`;
  };
  const header = ['page', `perf ≥${BUDGET.performance}`, `a11y ≥${BUDGET.accessibility}`, `best ≥${BUDGET['best-practices']}`, `seo ≥${BUDGET.seo}`, `JS+CSS ≤${BUDGET.transferKiB} KiB`, `CLS <${BUDGET.cls}`];
  const table = rows.map((r) => [
    r.page,
    cell(r.performance, r.performance >= BUDGET.performance, String(r.performance)),
    cell(r.accessibility, r.accessibility >= BUDGET.accessibility, String(r.accessibility)),
    cell(r['best-practices'], r['best-practices'] >= BUDGET['best-practices'], String(r['best-practices'])),
    cell(r.seo, r.seo >= BUDGET.seo, String(r.seo)),
    cell(r.transferKiB, r.transferKiB <= BUDGET.transferKiB, r.transferKiB.toFixed(1)),
    cell(r.cls, r.cls < BUDGET.cls, r.cls.toFixed(3)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));

  console.log('\nsearch index (gzipped, per version):');
  for (const { version, files, gzipKiB } of searchIndexSizes(buildDir)) {
    console.log(`  ${version.padEnd(8)} ${files} file(s), ${gzipKiB.toFixed(1)} KiB`);
  }
  const latency = await searchLatency(server.origin, 'reducer');
  console.log(`search: ${latency} ms from typing "reducer" to the first result (page already loaded)`);
  await server.close();
  console.log(missed ? `\n${missed} budget(s) missed` : '\nall budgets met');
  return missed ? EXIT_PROBLEMS : EXIT_OK;
}

runMain(main, USAGE);
