// Reading and parsing many pages, on every core: parsing markdown is the slow part of any command
// that looks at links, so large runs spread it over worker threads (page-scan-worker.ts).
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzePage, createLinkParser, MarkdownParseError, type FoundLink, type LinkParser } from './markdown-links';
import type { MarkdownSettings } from './routes';

export type PageScan =
  /** `anchors` is left out when the page was not parsed because it has no absolute link (see mayHaveAbsoluteLink). */
  | { file: string; status: 'ok'; text: string; links: FoundLink[]; anchors?: string[] }
  | { file: string; status: 'skipped'; reason: string }
  | { file: string; status: 'failed'; line: number; column: number; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Read one page and find its links and anchors; binary and non-UTF-8 files are skipped, not parsed. */
export function scanPage(file: string, parser: LinkParser): PageScan {
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
  /** Worker threads to use; 1 parses in this thread. Default: one per core for large runs. */
  threads?: number;
  onProgress?(done: number, total: number): void;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_PER_THREAD = 150;
const CHUNK = 25;

/** Scan `files` (results in the same order), in worker threads when there are many; `threads` says how many ran. */
export async function scanPages(files: string[], settings: MarkdownSettings, options: ScanOptions = {}): Promise<{ pages: PageScan[]; threads: number }> {
  // DOCS_SCAN_THREADS overrides the choice (1 = no workers), for measuring.
  const forced = process.env.DOCS_SCAN_THREADS ? Number(process.env.DOCS_SCAN_THREADS) : undefined;
  const wanted = options.threads ?? forced ?? Math.min(os.availableParallelism(), Math.floor(files.length / MIN_FILES_PER_THREAD));
  if (wanted > 1) {
    try {
      return { pages: await scanInWorkers(files, settings, wanted, options.onProgress), threads: wanted };
    } catch (error) {
      if (!(error instanceof WorkerStartError)) throw error;
      // No workers here (e.g. a runner that cannot load TypeScript in a worker): scan in this thread.
    }
  }
  const parser = await createLinkParser(settings);
  const results: PageScan[] = [];
  for (const file of files) {
    results.push(scanPage(file, parser));
    if (results.length % CHUNK === 0) options.onProgress?.(results.length, files.length);
  }
  return { pages: results, threads: 1 };
}

class WorkerStartError extends Error {}

/**
 * A worker running page-scan-worker.ts. The scripts run from TypeScript sources through tsx, whose
 * loader a worker does not inherit on Node 20: the worker registers it first, then loads the module.
 */
function startWorker(settings: MarkdownSettings): Worker {
  const target = new URL('./page-scan-worker.ts', import.meta.url).href;
  if (typeof import.meta.resolve !== 'function') throw new Error('import.meta.resolve is not available');
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { settings } });
}

type WorkerReply = { id: number; results: PageScan[] } | { id: number; error: string };

function scanInWorkers(files: string[], settings: MarkdownSettings, threads: number, onProgress?: (done: number, total: number) => void): Promise<PageScan[]> {
  return new Promise((resolve, reject) => {
    const results: PageScan[] = new Array(files.length);
    const chunks: Array<{ id: number; start: number; files: string[] }> = [];
    for (let start = 0, id = 0; start < files.length; start += CHUNK, id++) chunks.push({ id, start, files: files.slice(start, start + CHUNK) });
    const starts = new Map(chunks.map((c) => [c.id, c.start]));
    let next = 0;
    let done = 0;
    let answered = false;
    let settled = false;
    const workers: Worker[] = [];
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const feed = (worker: Worker) => {
      const chunk = chunks[next++];
      if (chunk) worker.postMessage({ id: chunk.id, files: chunk.files });
    };
    for (let i = 0; i < threads; i++) {
      let worker: Worker;
      try {
        worker = startWorker(settings);
      } catch (error) {
        return finish(new WorkerStartError((error as Error).message));
      }
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        answered = true;
        if ('error' in reply) return finish(new Error(reply.error));
        const start = starts.get(reply.id)!;
        reply.results.forEach((result, index) => (results[start + index] = result));
        done += reply.results.length;
        onProgress?.(done, files.length);
        if (done === files.length) return finish();
        feed(worker);
      });
      worker.on('error', (error) => finish(answered ? error : new WorkerStartError(error.message)));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) finish(answered ? new Error(`a page-scan worker stopped (exit code ${code})`) : new WorkerStartError(`exit ${code}`));
      });
      feed(worker);
    }
  });
}
