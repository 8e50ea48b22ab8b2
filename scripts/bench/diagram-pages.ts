// `pnpm bench:diagram-pages`: Lighthouse (mobile, Debian Chromium) on the pages whose
// Mermaid diagram is in the first screen, on the production build (run `pnpm build` first). Prints the
// performance score, total blocking time, JS+CSS transferred on first load and whether Mermaid's
// JavaScript was requested: the figures `pnpm render-diagrams` is meant to improve.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { findSiteRoot, UsageError } from '../lib/site-root';
import { EXIT_OK, EXIT_PROBLEMS, runMain } from '../lib/cli';
import { serveBuild } from '../lib/serve-build';
import { launchDebuggableChromium } from '../lib/chromium-debug';

const USAGE = 'usage: pnpm bench:diagram-pages [-- --root <site>] [--build <dir>] [--runs N]';

const PAGES = ['/docs/tutorials/chat-app', '/docs/1.12.0/intro/what-is-spacetimedb'];

interface NetworkItem {
  url?: string;
  resourceType?: string;
  transferSize?: number;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv.filter((a) => a !== '--'), options: { root: { type: 'string' }, build: { type: 'string' }, runs: { type: 'string', default: '1' } }, strict: true });
  const root = findSiteRoot(process.cwd(), values.root);
  // --build: another build of the same site (e.g. one made without the diagram cache, to compare).
  const buildDir = values.build ? path.resolve(process.cwd(), values.build) : path.join(root, 'build');
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs ${values.runs}: expected a whole number of runs, 1 or more`);
  if (!fs.existsSync(path.join(buildDir, 'index.html'))) {
    process.stderr.write(`no production build in ${buildDir}: run \`pnpm build\` first\n`);
    return EXIT_PROBLEMS;
  }
  const server = await serveBuild(buildDir);
  const chromium = await launchDebuggableChromium();
  try {
    for (let run = 1; run <= runs; run++) for (const route of PAGES) {
      const result = await lighthouse(`${server.origin}${route}`, {
        port: chromium.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        formFactor: 'mobile',
      });
      if (!result) throw new Error(`lighthouse returned nothing for ${route}`);
      const { categories, audits } = result.lhr;
      const items = ((audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []).filter(
        (r) => r.resourceType === 'Script' || r.resourceType === 'Stylesheet',
      );
      const kib = (list: NetworkItem[]) => (list.reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024).toFixed(1);
      // Mermaid's chunks are the only ones that pull in its parsers and renderers (d3, dagre, khroma...).
      const html = fs.readFileSync(path.join(buildDir, `${route.slice('/docs/'.length)}.html`), 'utf8');
      const inlineSvgs = (html.match(/<svg[^>]*\sid="?mermaid-[0-9a-f]+-/g) ?? []).length;
      console.log(
        `${runs > 1 ? `run ${run} ` : ''}${route}: performance ${Math.round((categories.performance?.score ?? 0) * 100)}, ` +
          `TBT ${Math.round(Number(audits['total-blocking-time']?.numericValue ?? 0))} ms, ` +
          `JS+CSS ${kib(items)} KiB in ${items.length} file(s), largest ${
            items
              .sort((a, b) => (b.transferSize ?? 0) - (a.transferSize ?? 0))
              .slice(0, 3)
              .map((r) => `${path.basename(r.url ?? '')} ${((r.transferSize ?? 0) / 1024).toFixed(1)} KiB`)
              .join(', ')
          }; pre-rendered diagram SVGs in the HTML: ${inlineSvgs}`,
      );
    }
  } finally {
    await chromium.close();
    await server.close();
  }
  return EXIT_OK;
}

runMain(main, USAGE);
