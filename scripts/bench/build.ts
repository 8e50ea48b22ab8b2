// `pnpm bench:build`: a clean production build with each bundler, one after the other —
// Rspack/SWC/Lightning CSS (@docusaurus/faster, the default) and classic webpack/Babel/Terser
// (DOCS_BUNDLER=webpack) — printing wall time, CPU time, peak memory and output size, and ratios.
// Output goes to temporary folders; build/ is left alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findSiteRoot } from '../lib/site-root';
import { EXIT_OK, EXIT_PROBLEMS, runMain } from '../lib/cli';

const USAGE = 'usage: pnpm bench:build [-- --root <site>]';

interface BuildFigures {
  bundler: string;
  wallSeconds: number;
  cpuSeconds: number;
  peakMiB: number;
  outputMiB: number;
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(full) : fs.statSync(full).size;
  }
  return total;
}

/** Runs one build under GNU time, which reports the peak RSS of the whole process tree's largest process. */
function timedBuild(root: string, bundler: 'faster' | 'webpack', outDir: string): Promise<BuildFigures> {
  const timeFile = path.join(outDir + '.time');
  const env = { ...process.env, DOCS_BUNDLER: bundler === 'webpack' ? 'webpack' : 'faster' };
  fs.rmSync(path.join(root, '.docusaurus'), { recursive: true, force: true });
  fs.rmSync(path.join(root, 'node_modules', '.cache'), { recursive: true, force: true });
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/usr/bin/time',
      ['-v', '-o', timeFile, path.join(root, 'node_modules', '.bin', 'docusaurus'), 'build', root, '--out-dir', outDir],
      { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('error', (error) => reject(new Error(`cannot run /usr/bin/time (apt-get install time): ${error.message}`)));
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const time = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, 'utf8') : '';
      if (code !== 0) return reject(new Error(`${bundler} build failed (exit ${code})`));
      const num = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(time)?.[1] ?? NaN);
      resolve({
        bundler,
        wallSeconds,
        cpuSeconds: num('User time \\(seconds\\)') + num('System time \\(seconds\\)'),
        peakMiB: num('Maximum resident set size \\(kbytes\\)') / 1024,
        outputMiB: dirSize(outDir) / 1024 / 1024,
      });
    });
  });
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv.filter((a) => a !== '--'), options: { root: { type: 'string' } }, strict: true });
  const root = findSiteRoot(process.cwd(), values.root);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-build-'));
  try {
    const results: BuildFigures[] = [];
    for (const bundler of ['faster', 'webpack'] as const) {
      process.stderr.write(`building with ${bundler === 'faster' ? 'Rspack (@docusaurus/faster)' : 'webpack'}...\n`);
      results.push(await timedBuild(root, bundler, path.join(scratch, bundler)));
    }
    const [fast, slow] = results as [BuildFigures, BuildFigures];
    const row = (label: string, f: (r: BuildFigures) => number, unit: string) =>
      `${label.padEnd(14)} ${f(fast).toFixed(1).padStart(9)} ${f(slow).toFixed(1).padStart(9)}  ${unit.padEnd(4)} ${(f(slow) / f(fast)).toFixed(2)}x`;
    console.log(`${''.padEnd(14)} ${'rspack'.padStart(9)} ${'webpack'.padStart(9)}  ${''.padEnd(4)} webpack / rspack`);
    console.log(row('wall time', (r) => r.wallSeconds, 's'));
    console.log(row('CPU time', (r) => r.cpuSeconds, 's'));
    console.log(row('peak memory', (r) => r.peakMiB, 'MiB'));
    console.log(row('output size', (r) => r.outputMiB, 'MiB'));
    return EXIT_OK;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return EXIT_PROBLEMS;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

runMain(main, USAGE);
