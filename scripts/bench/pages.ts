// `pnpm bench:pages`: page budgets measured on the production build (run `pnpm build` first).
// Lighthouse (mobile preset, Debian Chromium) on the start page, a quickstart and the longest page
// of each version; JS+CSS transferred on first load (gzipped); layout shift; per-version search
// index sizes; time from typing a query to the first search result. Exit 1 when a budget is missed.
// Lighthouse's simulated mobile scores move by several points between runs (they scale with the CPU
// time the page took on this machine), so each page is measured --runs times (default 3) and the
// median run is reported with the range of its scores.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { UsageError, findSiteRoot } from '../lib/site-root';
import { EXIT_OK, EXIT_PROBLEMS, runMain } from '../lib/cli';
import { serveBuild } from '../lib/serve-build';
import { launchBrowser } from '../lib/browser';
import { launchDebuggableChromium } from '../lib/chromium-debug';
import { pagesToMeasure } from '../lib/pages-to-measure';

const USAGE = 'usage: pnpm bench:pages [-- --runs <n>] [-- --root <site>]';

const BUDGET = { performance: 95, accessibility: 98, 'best-practices': 95, seo: 95, transferKiB: 300, cls: 0.02 };

interface Row {
  page: string;
  performance: number;
  /** Lowest and highest performance score over the runs. */
  range: [number, number];
  lcpMs: number;
  tbtMs: number;
  accessibility: number;
  'best-practices': number;
  seo: number;
  transferKiB: number;
  cls: number;
}

type Measured = Omit<Row, 'page' | 'range'>;

async function measure(url: string, port: number): Promise<Measured> {
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
    lcpMs: Number(audits['largest-contentful-paint']?.numericValue ?? 0),
    tbtMs: Number(audits['total-blocking-time']?.numericValue ?? 0),
  };
}

/** The run with the median performance score (the lower middle one for an even count). */
function medianRun<T extends { performance: number }>(runs: T[]): T {
  if (runs.length === 0) throw new Error('no runs');
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
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
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { root: { type: 'string' }, runs: { type: 'string', default: '3' } },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new UsageError(`--runs must be a whole number from 1 to 20, got "${values.runs}"`);
  const root = findSiteRoot(process.cwd(), values.root);
  const buildDir = path.join(root, 'build');
  if (!fs.existsSync(path.join(buildDir, 'index.html'))) {
    process.stderr.write(`no production build in ${buildDir}: run \`pnpm build\` first\n`);
    return EXIT_PROBLEMS;
  }
  const server = await serveBuild(buildDir);
  const chromium = await launchDebuggableChromium();
  const rows: Row[] = [];
  const pages = pagesToMeasure(buildDir);
  try {
    // The first Lighthouse run in a fresh browser process pays for that browser's own start-up
    // (its JIT, disk cache, Lighthouse's injected scripts) and scores a few points low whatever
    // the page. One unrecorded run takes that cost; every recorded run still loads the page cold
    // (Lighthouse clears the site's cache and storage before each).
    process.stderr.write(`lighthouse: warm-up run on ${pages[0]!.route} (not recorded)\n`);
    await measure(`${server.origin}${pages[0]!.route}`, chromium.port);
    for (const { label, route } of pages) {
      const results: Measured[] = [];
      for (let run = 1; run <= runs; run++) {
        process.stderr.write(`lighthouse: ${label} ${route} (run ${run}/${runs})\n`);
        results.push(await measure(`${server.origin}${route}`, chromium.port));
      }
      const scores = results.map((r) => r.performance);
      rows.push({ page: `${label} ${route}`, ...medianRun(results), range: [Math.min(...scores), Math.max(...scores)] });
    }
  } finally {
    await chromium.close();
  }
  let missed = 0;
  const cell = (value: number, ok: boolean, text: string) => {
    if (!ok) missed++;
    return `${text}${ok ? '' : ' ✗'}`;
  };
  const header = ['page', `perf ≥${BUDGET.performance}`, 'perf range', 'LCP', 'TBT', `a11y ≥${BUDGET.accessibility}`, `best ≥${BUDGET['best-practices']}`, `seo ≥${BUDGET.seo}`, `JS+CSS ≤${BUDGET.transferKiB} KiB`, `CLS <${BUDGET.cls}`];
  const table = rows.map((r) => [
    r.page,
    cell(r.performance, r.performance >= BUDGET.performance, String(r.performance)),
    r.range[0] === r.range[1] ? String(r.range[0]) : `${r.range[0]}–${r.range[1]}`,
    `${(r.lcpMs / 1000).toFixed(1)} s`,
    `${Math.round(r.tbtMs)} ms`,
    cell(r.accessibility, r.accessibility >= BUDGET.accessibility, String(r.accessibility)),
    cell(r['best-practices'], r['best-practices'] >= BUDGET['best-practices'], String(r['best-practices'])),
    cell(r.seo, r.seo >= BUDGET.seo, String(r.seo)),
    cell(r.transferKiB, r.transferKiB <= BUDGET.transferKiB, r.transferKiB.toFixed(1)),
    cell(r.cls, r.cls < BUDGET.cls, r.cls.toFixed(3)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`Lighthouse mobile preset, median of ${runs} run(s) per page after one warm-up run; LCP and TBT of that run.`);
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
