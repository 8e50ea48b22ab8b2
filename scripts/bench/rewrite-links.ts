// pnpm bench:rewrite-links [--pages N] [--runs N] [--keep]
//
// Generates a docs site of 10,000 pages in two versions (5,000 each) holding 100,000 links (10 per
// page: absolute links with and without anchors, a reference definition, a <Link to>, a relative
// link and an external one; plus a link inside a code block that must not count), then times a dry
// run of `rewrite-links` on it in a fresh process and reports its wall time, CPU time and peak
// memory. With --runs N it times N dry runs of the same corpus, one after the other, and reports
// each and their medians (the machine may be shared: the load average is shown with each run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCRIPTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(SCRIPTS, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const SECTIONS = 50;
const LINKS_PER_PAGE = 10;
const OLD_VERSION = '1.12.0';

/** A small deterministic random generator, so every run measures the same corpus. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'table row column index reducer client module schema query subscription identity connection ' +
  'transaction commit log view procedure event schedule timer server database update insert delete ' +
  'filter primary unique cache replica publish deploy token owner access public private'
).split(' ');

interface Corpus {
  root: string;
  pages: number;
  links: number;
  bytes: number;
  /** Absolute links to a page that exists in the page's own version: what the run must rewrite. */
  rewritable: number;
  /** Absolute links to a page the page's own version lacks: what the run must report unresolved. */
  missing: number;
}

function generate(root: string, pagesPerVersion: number): Corpus {
  const random = mulberry32(20260101);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const prose = (words: number) => {
    const out: string[] = [];
    for (let i = 0; i < words; i++) out.push(pick(WORDS));
    return `${out.join(' ')}.`;
  };
  const perSection = Math.ceil(pagesPerVersion / SECTIONS);
  const pad = (n: number) => String(n).padStart(5, '0');
  // The old version lacks each section's last page (it has a legacy page instead).
  const pageName = (version: string, page: number) => (version === OLD_VERSION && page === perSection ? 'legacy' : `page-${page}`);

  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'versions.json'), JSON.stringify([OLD_VERSION]));
  let pages = 0;
  let links = 0;
  let bytes = 0;
  let rewritable = 0;
  let missing = 0;
  for (const version of ['current', OLD_VERSION]) {
    const dir = version === 'current' ? path.join(root, 'docs') : path.join(root, 'versioned_docs', `version-${version}`);
    let made = 0;
    for (let s = 1; s <= SECTIONS && made < pagesPerVersion; s++) {
      const sectionDir = path.join(dir, `${pad(s * 100)}-section-${s}`);
      fs.mkdirSync(sectionDir, { recursive: true });
      fs.writeFileSync(path.join(sectionDir, '_category_.json'), JSON.stringify({ label: `Section ${s}` }));
      for (let p = 1; p <= perSection && made < pagesPerVersion; p++, made++) {
        const name = pageName(version, p);
        const absolute = () => {
          const section = 1 + Math.floor(random() * SECTIONS);
          const page = 1 + Math.floor(random() * perSection);
          // Links always name the current version's pages: in the old version, page-<last> does not exist.
          if (!(version === OLD_VERSION && page === perSection)) rewritable++;
          else missing++;
          return `/section-${section}/page-${page}`;
        };
        const lines = [
          '---',
          `title: ${pick(WORDS)} ${pick(WORDS)} ${s}.${p}`,
          `description: ${prose(12)}`,
          '---',
          '',
          `This page explains ${prose(20)} See [the overview](${absolute()}) and [the details](${absolute()}#overview).`,
          '',
          '## Overview',
          '',
          `${prose(40)} Read [more](${absolute()}) or [the reference][ref] before you start.`,
          '',
          '<Tabs groupId="server-language">',
          '<TabItem value="rust" label="Rust">',
          '',
          '```rust',
          `// [not a link](${'/section-1/page-1'}) inside code`,
          `fn main() { println!("${pick(WORDS)}"); }`,
          '```',
          '',
          '</TabItem>',
          '</Tabs>',
          '',
          ':::note',
          `${prose(15)} [Anchor](${absolute()}#overview).`,
          ':::',
          '',
          '| Name | Meaning |',
          '|------|---------|',
          `| \`${pick(WORDS)}\` | ${prose(6)} [see](${absolute()}) |`,
          '',
          `Go on with <Link to="${absolute()}">the next step</Link>, the [sibling page](./${pad(((p % perSection) + 1) * 100)}-${pageName(version, (p % perSection) + 1)}.md) or [the site](https://example.com/${pick(WORDS)}).`,
          '',
          '## Details',
          '',
          prose(60),
          '',
          `[ref]: ${absolute()}`,
          '',
        ];
        const text = lines.join('\n');
        fs.writeFileSync(path.join(sectionDir, `${pad(p * 100)}-${name}.md`), text);
        pages++;
        links += LINKS_PER_PAGE;
        bytes += Buffer.byteLength(text);
      }
    }
  }
  return { root, pages, links, bytes, rewritable, missing };
}

interface ChildResult {
  code: number;
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  summary: string;
}

/** Run `rewrite-links --root <corpus>` (a dry run) in a fresh process, as `pnpm rewrite-links` does. */
function dryRun(corpus: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The child reports its own peak memory when it exits (Node's resourceUsage().maxRSS, in kB).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', pathToFileURL(path.join(SCRIPTS, 'bench', 'report-peak-memory.ts')).href, path.join(SCRIPTS, 'rewrite-links.ts'), '--root', corpus],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let lastLine = '';
    let buffered = '';
    let peak = '';
    let cpu = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) lastLine = line;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const match = /peak-rss-kb=(\d+) cpu-us=(\d+)/.exec(chunk.toString('utf8'));
      if (match) [, peak, cpu] = match;
      else process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (buffered.trim()) lastLine = buffered;
      resolve({ code: code ?? -1, wallMs: performance.now() - started, cpuMs: Number(cpu) / 1000, maxRssKb: Number(peak), summary: lastLine.trim() });
    });
  });
}

const loadAverage = () => os.loadavg()[0].toFixed(2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      pages: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const totalPages = Number(values.pages);
  if (!Number.isInteger(totalPages) || totalPages < 2 || totalPages % 2 !== 0) {
    process.stderr.write(`--pages ${values.pages}: expected an even number of pages, at least 2\n`);
    return 2;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--runs ${values.runs}: expected a whole number of runs, at least 1\n`);
    return 2;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rewrite-links-'));
  try {
    const t0 = performance.now();
    const corpus = generate(root, totalPages / 2);
    console.log(
      `corpus: ${corpus.pages} pages in 2 versions, ${corpus.links} links, ${(corpus.bytes / 1e6).toFixed(1)} MB ` +
        `(generated in ${((performance.now() - t0) / 1000).toFixed(1)} s) at ${root}`,
    );
    console.log(`machine: ${os.cpus().length} core(s), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}`);
    // Every absolute link to a page of the page's own version is rewritten, except the <Link to> of
    // current pages: that one already leads into its version and stays a URL. Links to the pages the
    // old version lacks are reported unresolved.
    const wanted = corpus.rewritable - corpus.pages / 2;
    const expected = new RegExp(`^Would rewrite ${wanted} link\\(s\\) in \\d+ file\\(s\\); ${corpus.missing} unresolved\\.$`);
    const results: ChildResult[] = [];
    let ok = true;
    for (let run = 1; run <= runs; run++) {
      const before = loadAverage();
      const result = await dryRun(root);
      results.push(result);
      const good = result.code === 0 && expected.test(result.summary);
      ok &&= good;
      console.log(
        `${runs > 1 ? `run ${run}/${runs}: ` : ''}rewrite-links dry run: exit ${result.code}: ${result.summary}` +
          ` (wall ${(result.wallMs / 1000).toFixed(2)} s, cpu ${(result.cpuMs / 1000).toFixed(2)} s, peak ${(result.maxRssKb / 1024).toFixed(0)} MB;` +
          ` load average ${before} before, ${loadAverage()} after)`,
      );
      if (!good) console.log(`unexpected result: wanted "Would rewrite ${wanted} link(s) in ... file(s); ${corpus.missing} unresolved."`);
    }
    const of = runs > 1 ? `median of ${runs} runs, ` : '';
    const wallMs = median(results.map((r) => r.wallMs));
    const maxRssKb = median(results.map((r) => r.maxRssKb));
    console.log(`wall time: ${(wallMs / 1000).toFixed(2)} s (${of}process start to exit)`);
    console.log(`cpu time: ${(median(results.map((r) => r.cpuMs)) / 1000).toFixed(2)} s (${of}all threads)`);
    console.log(`peak memory: ${(maxRssKb / 1024).toFixed(0)} MB (${of}max resident set size)`);
    console.log(`aim: under 10 s and 1024 MB -> ${wallMs < 10_000 && maxRssKb < 1024 * 1024 ? 'met' : 'NOT met'}`);
    return ok ? 0 : 1;
  } finally {
    if (values.keep) console.log(`corpus kept at ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
