// Quick syntax check while writing pages: `pnpm exec tsx scripts/check-mdx.ts <file.md>...`
// compiles each page with Docusaurus's own MDX pipeline and this site's markdown settings, and
// prints `path:line:column: message` for each page that would not compile; exit 1 if any.
import fs from 'node:fs';
import path from 'node:path';
import { compileWithDocusaurus, MdxCompileError } from './lib/docusaurus-mdx';
import { findSiteRoot, UsageError } from './lib/site-root';
import { runMain, EXIT_OK, EXIT_PROBLEMS } from './lib/cli';

const USAGE = 'usage: tsx scripts/check-mdx.ts <file.md>...';

runMain(async (files) => {
  if (files.length === 0) throw new UsageError('name at least one page');
  const siteDir = findSiteRoot(process.cwd());
  let bad = 0;
  for (const file of files) {
    try {
      await compileWithDocusaurus(fs.readFileSync(file, 'utf8'), { filePath: path.resolve(file), siteDir });
    } catch (error) {
      if (!(error instanceof MdxCompileError)) throw error;
      bad++;
      console.log(`${file}:${error.line}:${error.column}: ${error.reason}`);
    }
  }
  console.log(`${files.length - bad} of ${files.length} page(s) compile`);
  return bad ? EXIT_PROBLEMS : EXIT_OK;
}, USAGE);
