// Reading and parsing many pages, on every core: parsing markdown is the slow part of any command
// that looks at links, so large runs parse in this thread and in worker threads (page-scan-worker.ts).
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FoundLink, LinkParser } from './markdown-links';
import type { MarkdownSettings } from './routes';

// markdown-links (with remark, micromark and acorn: half a second to load) is loaded on first use,
// so that a command can start its workers before it loads the parser itself.
let links: typeof import('./markdown-links') | undefined;

/** A link parser for `settings` (markdown-links' createLinkParser), loading the parser's modules the first time. */
export async function loadLinkParser(settings: MarkdownSettings): Promise<LinkParser> {
  links ??= await import('./markdown-links');
  return links.createLinkParser(settings);
}

export type PageScan =
  /** `anchors` is left out when the page was not parsed because it has no absolute link (see mayHaveAbsoluteLink). */
  | { file: string; status: 'ok'; text: string; links: FoundLink[]; anchors?: string[] }
  | { file: string; status: 'skipped'; reason: string }
  | { file: string; status: 'failed'; line: number; column: number; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Read one page and find its links and anchors; binary and non-UTF-8 files are skipped, not parsed.
 * `parser` comes from loadLinkParser.
 */
export function scanPage(file: string, parser: LinkParser): PageScan {
  if (!links) throw new Error('scanPage needs a parser from loadLinkParser');
  const { analyzePage, MarkdownParseError } = links;
  const bytes = fs.readFileSync(file);
  if (bytes.includes(0)) return { file, status: 'skipped', reason: 'binary file (it contains NUL bytes)' };
  let text: string;
  try {
    // The BOM is kept in the text, so writing the text back gives the same bytes.
    text = utf8.decode(bytes);
  } catch {
    return { file, status: 'skipped', reason: 'not valid UTF-8' };
  }
  if (!mayHaveAbsoluteLink(text)) return { file, status: 'ok', text, links: [] };
  try {
    const { links, anchors } = analyzePage(text, file, parser);
    return { file, status: 'ok', text, links, anchors };
  } catch (error) {
    if (error instanceof MarkdownParseError) return { file, status: 'failed', line: error.line, column: error.column, reason: error.reason };
    throw error;
  }
}

// Every way an absolute link target can start: `](/`, `]: /` (also on the next line, in angle
// brackets, or written as `\/` or `&#47;`), and `to=`/`href=`/`href:` with a quoted `/` in JSX.
const ABSOLUTE_LINK_CANDIDATE = /\](?:\(|:)[ \t]*(?:\r?\n[ \t>]*)?<?[/\\&]|\b(?:to|href)["']?\s*[=:]\s*\{?\s*["'`][/&]/;

/**
 * False only when the text cannot contain an absolute link target; such a page cannot change, so it
 * is not parsed (and a syntax error in it is left for the build to report).
 */
export function mayHaveAbsoluteLink(text: string): boolean {
  return ABSOLUTE_LINK_CANDIDATE.test(text);
}

export interface ScanOptions {
  /** Threads to parse in, this one included (so 2 = this thread and one worker). Default: one per core for large runs. */
  threads?: number;
  onProgress?(done: number, total: number): void;
}

/** Below this many files per thread, starting a worker costs more than it saves. */
const MIN_FILES_PER_THREAD = 150;
const CHUNK = 25;
/** Chunks a worker holds at once, so it never waits for this thread to hand it the next one. */
const WORKER_QUEUE = 2;

/**
 * Scan `files` (results in the same order). Large runs are parsed on every core: in this thread
 * and in `threads - 1` worker threads, which take chunks of files from a shared queue (see
 * DOCS_SCAN_THREADS to set the number). `threads` in the result says how many threads parsed.
 */
export function scanPages(files: string[], settings: MarkdownSettings, options: ScanOptions = {}): Promise<{ pages: PageScan[]; threads: number }> {
  // DOCS_SCAN_THREADS overrides the choice (1 = this thread only), for measuring.
  const forced = process.env.DOCS_SCAN_THREADS ? Number(process.env.DOCS_SCAN_THREADS) : undefined;
  const wanted = Math.max(1, options.threads ?? forced ?? Math.min(os.availableParallelism(), Math.floor(files.length / MIN_FILES_PER_THREAD)));
  // Workers start and get their first chunks at once: the caller usually has other work to do in
  // this thread (the route map) while they load.
  const workers: Worker[] = [];
  for (let i = 1; i < wanted; i++) {
    try {
      workers.push(startWorker(settings));
    } catch {
      break; // no workers here (e.g. a runner that cannot load TypeScript in a worker): this thread parses alone
    }
  }
  const parser = loadLinkParser(settings);
  if (workers.length === 0) {
    return parser.then((ready) => {
      const results: PageScan[] = [];
      for (const file of files) {
        results.push(scanPage(file, ready));
        if (results.length % CHUNK === 0) options.onProgress?.(results.length, files.length);
      }
      return { pages: results, threads: 1 };
    });
  }
  return scanShared(files, parser, workers, options.onProgress);
}

/**
 * A worker running page-scan-worker.ts. The scripts run from TypeScript sources through tsx, whose
 * loader a worker does not inherit on Node 20: the worker registers it, then loads the module. It
 * loads the JavaScript packages the parser needs first, without the loader: through it, each of
 * their hundreds of modules would cost a round trip to the loader's thread (over a second in all).
 * Exported for tests.
 */
export function startWorker(settings: MarkdownSettings): Worker {
  const target = new URL('./page-scan-worker.ts', import.meta.url).href;
  if (typeof import.meta.resolve !== 'function') throw new Error('import.meta.resolve is not available');
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const preload = JSON.stringify(parserModuleUrls());
  const bootstrap =
    `Promise.all(${preload}.map((url) => import(url))).then(() => import(${JSON.stringify(tsxApi)}))` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { settings } });
}

/**
 * File URLs of the packages markdown-links loads (remark and its plugins, micromark), for a worker
 * to load before it registers the TypeScript loader. A package missing from this list is only
 * loaded more slowly.
 */
function parserModuleUrls(): string[] {
  const require = createRequire(import.meta.url);
  const urls: string[] = [];
  const add = (resolve: () => string) => {
    try {
      urls.push(pathToFileURL(resolve()).href);
    } catch {
      // not found from here: the module is loaded where it is used, as usual
    }
  };
  for (const name of ['unified', 'remark-parse', 'remark-mdx', 'remark-gfm', 'remark-directive', 'remark-frontmatter', '@slorber/remark-comment']) {
    add(() => require.resolve(name));
  }
  // micromark as remark-parse runs it (markdown-links reads its events directly).
  let fromMarkdown: NodeJS.Require | undefined;
  try {
    fromMarkdown = createRequire(createRequire(require.resolve('remark-parse')).resolve('mdast-util-from-markdown'));
  } catch {
    fromMarkdown = undefined;
  }
  for (const name of ['micromark', 'micromark-util-normalize-identifier']) if (fromMarkdown) add(() => fromMarkdown.resolve(name));
  return urls;
}

type WorkerReply = { id: number; results: PageScan[] } | { id: number; error: string };

interface Chunk {
  id: number;
  start: number;
  files: string[];
}

/**
 * Parse `files` in this thread and in `workers`, chunk by chunk from one queue. A worker that
 * fails before its first answer (it could not load) gives its chunks back and this thread goes on
 * without it; any other failure rejects.
 */
function scanShared(
  files: string[],
  parserReady: Promise<LinkParser>,
  workers: Worker[],
  onProgress?: (done: number, total: number) => void,
): Promise<{ pages: PageScan[]; threads: number }> {
  return new Promise((resolve, reject) => {
    const results: PageScan[] = new Array(files.length);
    const queue: Chunk[] = [];
    for (let start = 0, id = 0; start < files.length; start += CHUNK, id++) queue.push({ id, start, files: files.slice(start, start + CHUNK) });
    const inFlight = new Map<Worker, Map<number, Chunk>>();
    /** Workers that have answered at least once. */
    const answered = new Set<Worker>();
    let done = 0;
    let settled = false;
    let parsedHere = false;
    let running = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve({ pages: results, threads: answered.size + (parsedHere ? 1 : 0) });
    };
    const store = (chunk: Chunk, pages: PageScan[]) => {
      pages.forEach((page, index) => (results[chunk.start + index] = page));
      done += pages.length;
      onProgress?.(done, files.length);
      if (done === files.length) finish();
    };
    const feed = (worker: Worker) => {
      const held = inFlight.get(worker)!;
      while (held.size < WORKER_QUEUE && queue.length > 0) {
        const chunk = queue.shift()!;
        held.set(chunk.id, chunk);
        worker.postMessage({ id: chunk.id, files: chunk.files });
      }
    };
    // This thread takes chunks too, one at a time, letting the workers' answers in between.
    const parseHere = async () => {
      running = true;
      try {
        const parser = await parserReady;
        while (!settled && queue.length > 0) {
          const chunk = queue.shift()!;
          parsedHere = true;
          store(
            chunk,
            chunk.files.map((file) => scanPage(file, parser)),
          );
          await new Promise((next) => setImmediate(next));
        }
      } catch (error) {
        finish(error as Error);
      } finally {
        running = false;
      }
    };
    const drop = (worker: Worker, error: Error) => {
      const held = inFlight.get(worker);
      if (!held || settled) return;
      inFlight.delete(worker);
      void worker.terminate();
      if (answered.has(worker)) return finish(error);
      // It never answered, so it could not start: its chunks go back to the queue for this thread.
      queue.unshift(...held.values());
      if (!running) void parseHere();
    };
    for (const worker of workers) {
      inFlight.set(worker, new Map());
      worker.on('message', (reply: WorkerReply) => {
        const held = inFlight.get(worker);
        if (!held || settled) return;
        answered.add(worker);
        if ('error' in reply) return finish(new Error(reply.error));
        const chunk = held.get(reply.id)!;
        held.delete(reply.id);
        store(chunk, reply.results);
        feed(worker);
      });
      worker.on('error', (error) => drop(worker, error));
      worker.on('exit', (code) => drop(worker, new Error(`a page-scan worker stopped (exit code ${code})`)));
      feed(worker);
    }
    if (files.length === 0) finish();
    else void parseHere();
  });
}
