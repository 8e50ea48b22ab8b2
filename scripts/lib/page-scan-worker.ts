// A worker thread of scanPages (page-scan.ts): it parses the pages it is sent and answers with
// their links and anchors.
import { parentPort, workerData } from 'node:worker_threads';
import { loadLinkParser, scanPage } from './page-scan';
import type { MarkdownSettings } from './routes';

const parser = await loadLinkParser((workerData as { settings: MarkdownSettings }).settings);

parentPort!.on('message', ({ id, files }: { id: number; files: string[] }) => {
  try {
    parentPort!.postMessage({ id, results: files.map((file) => scanPage(file, parser)) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
