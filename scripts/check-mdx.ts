// Quick syntax check while writing pages: `pnpm exec tsx scripts/check-mdx.ts <file.md>...`
// prints `path:line:column: message` for each page that would not compile, exit 1 if any.
import fs from 'node:fs';
import { findMdxProblem } from './lib/mdx-compile';
import { runMain, EXIT_OK, EXIT_PROBLEMS } from './lib/cli';

runMain(async (files) => {
  let bad = 0;
  for (const file of files) {
    const problem = await findMdxProblem(fs.readFileSync(file, 'utf8'));
    if (problem) {
      bad++;
      console.log(`${file}:${problem.line}:${problem.column}: ${problem.message}`);
    }
  }
  console.log(`${files.length - bad} of ${files.length} page(s) compile`);
  return bad ? EXIT_PROBLEMS : EXIT_OK;
}, 'usage: tsx scripts/check-mdx.ts <file.md>...');
