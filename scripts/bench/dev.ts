// `pnpm bench:dev`: starts the dev server, reports the time until the first page is served and
// rendered, then edits a page and reports the time until the open page shows the edit. The page
// is restored afterwards, also on failure and on Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findSiteRoot } from '../lib/site-root';
import { EXIT_OK, EXIT_PROBLEMS, runMain } from '../lib/cli';
import { launchBrowser } from '../lib/browser';

const USAGE = 'usage: pnpm bench:dev [-- --root <site>]';
/** The page that is opened and edited, and its URL. */
const PAGE_FILE = '00100-intro/00100-getting-started/00200-what-is-spacetimedb.md';
const PAGE_ROUTE = '/docs/intro/what-is-spacetimedb';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { root: { type: 'string' } },
    strict: true,
  });
  const root = findSiteRoot(process.cwd(), values.root);
  const pageFile = path.join(root, 'docs', PAGE_FILE);
  if (!fs.existsSync(pageFile)) {
    process.stderr.write(`${pageFile} does not exist: the benchmark edits that page\n`);
    return EXIT_PROBLEMS;
  }
  const original = fs.readFileSync(pageFile);
  const restore = () => fs.writeFileSync(pageFile, original);
  const onSignal = () => {
    restore();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const port = await freePort();
  const started = Date.now();
  const server = spawn(path.join(root, 'node_modules', '.bin', 'docusaurus'), ['start', root, '--port', String(port), '--host', '127.0.0.1', '--no-open'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  server.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const browser = await launchBrowser();
  try {
    const url = `http://127.0.0.1:${port}${PAGE_ROUTE}`;
    await waitFor(async () => ((await fetch(url)).ok ? true : undefined), 300_000, `the dev server at ${url}`);
    const page = await browser.newPage();
    await page.goto(url);
    await page.locator('article h1').first().waitFor({ timeout: 120_000 });
    const firstPage = (Date.now() - started) / 1000;
    console.log(`dev server: first page served and rendered after ${firstPage.toFixed(1)} s`);

    const marker = `Benchmark edit ${Date.now()}`;
    const editStarted = Date.now();
    fs.writeFileSync(pageFile, `${original.toString('utf8').trimEnd()}\n\n${marker}\n`);
    await page.getByText(marker).waitFor({ timeout: 120_000 });
    const hmr = (Date.now() - editStarted) / 1000;
    console.log(`dev server: edit visible in the open page after ${hmr.toFixed(2)} s`);
    return EXIT_OK;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${log.slice(-2000)}\n`);
    return EXIT_PROBLEMS;
  } finally {
    restore();
    await browser.close();
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

runMain(main, USAGE);
