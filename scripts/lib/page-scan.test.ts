// scanPages parses in this thread and in worker threads. Workers load TypeScript through tsx, which
// they do not inherit here, so these tests run the scans in a separate process, as the commands do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TSX = path.join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const PAGE_SCAN = pathToFileURL(path.join(import.meta.dirname, 'page-scan.ts')).href;

const PAGES: Record<string, string | Buffer> = {
  'links.md': '---\ntitle: Links\n---\n\n## Getting started\n\nSee [a](/x#getting-started) and [b][r].\n\n<Link to="/y">y</Link>\n\n[r]: /z\n',
  'anchors.mdx': '# Title\n\n## One\n\n<div id="two" />\n\nBack to [one](/anchors#one).\n',
  'no-links.md': 'Only words here, and a [relative link](./links.md).\n',
  'broken.mdx': 'Intro [a](/x)\n\n<Tabs>\n\ntext\n',
  'binary.md': Buffer.from('abc\u0000def [a](/x)'),
  'latin1.md': Buffer.from([0x5b, 0x61, 0x5d, 0x28, 0x2f, 0x78, 0x29, 0x20, 0xe9, 0x0a]),
};

let dir: string;
let runner: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'page-scan-'));
  runner = path.join(dir, 'runner.mts');
  fs.writeFileSync(
    runner,
    `import fs from 'node:fs';
import { loadLinkParser, scanPage, scanPages, startWorker } from ${JSON.stringify(PAGE_SCAN)};
const [mode, list, threads] = process.argv.slice(2);
const files = JSON.parse(fs.readFileSync(list, 'utf8'));
const settings = { format: 'detect', comments: true, admonitionTitles: true, headingIds: true, admonitionKeywords: ['note'], anchorsMaintainCase: false };
if (mode === 'scan') {
  const result = await scanPages(files, settings, { threads: Number(threads) });
  process.stdout.write(JSON.stringify(result));
} else {
  const worker = startWorker(settings);
  const parser = await loadLinkParser(settings);
  const here = files.map((file) => scanPage(file, parser));
  worker.postMessage({ id: 7, files });
  worker.once('message', (reply) => {
    process.stdout.write(JSON.stringify({ reply, here }));
    void worker.terminate();
  });
}
`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Write `count` pages cycling through PAGES into a new folder; their paths, in order. */
function writePages(name: string, count: number): string[] {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const names = Object.keys(PAGES);
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(folder, `${String(i).padStart(4, '0')}-${names[i % names.length]}`);
    fs.writeFileSync(file, PAGES[names[i % names.length]]);
    return file;
  });
}

async function runScan(mode: 'scan' | 'worker', files: string[], threads = 1): Promise<unknown> {
  const list = path.join(dir, `list-${mode}-${threads}.json`);
  fs.writeFileSync(list, JSON.stringify(files));
  const { stdout } = await promisify(execFile)(TSX, [runner, mode, list, String(threads)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(stdout);
}

describe('scanPages', () => {
  it('a worker thread finds what this thread finds: links, anchors, parse errors, skipped files', async () => {
    const files = writePages('worker', Object.keys(PAGES).length);
    const { reply, here } = (await runScan('worker', files)) as { reply: { id: number; results: unknown[] }; here: Array<{ status: string }> };
    expect(reply.id).toBe(7);
    expect(reply.results).toEqual(here);
    expect(here.map((page) => page.status)).toEqual(['ok', 'ok', 'ok', 'failed', 'skipped', 'skipped']);
  });

  it('gives the same pages, in the same order, in one, two or three threads', async () => {
    const files = writePages('many', 360);
    const one = (await runScan('scan', files, 1)) as { threads: number; pages: Array<{ file: string }> };
    expect(one.threads).toBe(1);
    expect(one.pages.map((page) => page.file)).toEqual(files);
    for (const threads of [2, 3]) {
      const result = (await runScan('scan', files, threads)) as { threads: number; pages: unknown[] };
      expect(result.pages).toEqual(one.pages);
      expect(result.threads).toBeGreaterThanOrEqual(1);
      expect(result.threads).toBeLessThanOrEqual(threads);
    }
  });
});
