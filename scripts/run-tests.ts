// `pnpm test`: every check of the project, in order, and one summary line at the end.
//
// Steps: typecheck (tsc), unit (vitest), lint (lint:docs), samples (check:samples),
// build (docusaurus build, strict link checks), e2e (browser tests on the build).
// Vitest steps count their own tests; every other step counts as one test.
// Options: --skip <step,...> / --only <step,...>. The last line is `tests: N passed, N failed`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findSiteRoot } from './lib/site-root';
import { EXIT_OK, EXIT_PROBLEMS, runMain } from './lib/cli';

const USAGE = `usage: pnpm test [-- --skip <step,...> | --only <step,...>]
steps: typecheck, unit, lint, samples, build, e2e`;

interface Step {
  name: string;
  command: string[];
  /** Vitest writes a JSON report here, from which its own test counts are read. */
  vitestReport?: string;
  /** Steps that must have passed for this one to run. */
  needs?: string[];
}

interface Outcome {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
  note?: string;
}

function run(command: string[], cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd, stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`cannot run ${command[0]}: ${error.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function readVitestCounts(report: string): { passed: number; failed: number } | undefined {
  if (!fs.existsSync(report)) return undefined;
  const data = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults?: Array<{ status: string; assertionResults: unknown[] }>;
  };
  // A test file that fails to load has no assertions; count it as one failure so it is not lost.
  const brokenFiles = (data.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  return { passed: data.numPassedTests, failed: data.numFailedTests + brokenFiles };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { skip: { type: 'string' }, only: { type: 'string' } },
    strict: true,
  });
  const root = findSiteRoot(process.cwd());
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-tests-'));
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  const steps: Step[] = [
    { name: 'typecheck', command: [bin('tsc'), '-p', root] },
    {
      name: 'unit',
      command: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reports, 'unit.json')}`],
      vitestReport: path.join(reports, 'unit.json'),
    },
    { name: 'lint', command: [bin('tsx'), path.join(root, 'scripts', 'lint-docs.ts')] },
    { name: 'samples', command: [bin('tsx'), path.join(root, 'scripts', 'check-samples.ts')] },
    { name: 'build', command: [bin('docusaurus'), 'build', root] },
    {
      name: 'e2e',
      command: [
        bin('vitest'),
        'run',
        '--config',
        path.join(root, 'e2e', 'vitest.config.mts'),
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${path.join(reports, 'e2e.json')}`,
      ],
      vitestReport: path.join(reports, 'e2e.json'),
      needs: ['build'],
    },
  ];
  const names = new Set(steps.map((s) => s.name));
  const pick = (list: string | undefined, option: string) => {
    const picked = (list ?? '').split(',').filter(Boolean);
    for (const name of picked) {
      if (!names.has(name)) throw Object.assign(new Error(`--${option} ${name}: no such step`), { code: 'ERR_PARSE_ARGS_INVALID' });
    }
    return new Set(picked);
  };
  const only = pick(values.only, 'only');
  const skip = pick(values.skip, 'skip');

  const outcomes: Outcome[] = [];
  const failedSteps = new Set<string>();
  for (const step of steps) {
    if ((only.size && !only.has(step.name)) || skip.has(step.name)) continue;
    const blocker = step.needs?.find((n) => failedSteps.has(n));
    if (blocker) {
      outcomes.push({ name: step.name, passed: 0, failed: 1, seconds: 0, note: `not run: ${blocker} failed` });
      failedSteps.add(step.name);
      continue;
    }
    process.stdout.write(`\n=== ${step.name}: ${step.command.map((c) => path.relative(root, c) || c).join(' ')}\n`);
    const started = Date.now();
    const code = await run(step.command, root);
    const seconds = (Date.now() - started) / 1000;
    const counts = step.vitestReport ? readVitestCounts(step.vitestReport) : undefined;
    const outcome: Outcome = counts
      ? { name: step.name, ...counts, seconds }
      : { name: step.name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, seconds };
    // A runner that exits non-zero with no failed test (a crash, a config error) still fails.
    if (code !== 0 && outcome.failed === 0) {
      outcome.failed = 1;
      outcome.note = `exit code ${code}`;
    }
    if (outcome.failed) failedSteps.add(step.name);
    outcomes.push(outcome);
  }
  fs.rmSync(reports, { recursive: true, force: true });

  process.stdout.write('\n');
  for (const o of outcomes) {
    process.stdout.write(
      `${o.failed ? 'FAIL' : 'ok  '} ${o.name.padEnd(10)} ${String(o.passed).padStart(4)} passed ${String(o.failed).padStart(3)} failed  ${o.seconds.toFixed(1)}s${o.note ? `  (${o.note})` : ''}\n`,
    );
  }
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  return failed ? EXIT_PROBLEMS : EXIT_OK;
}

runMain(main, USAGE);
