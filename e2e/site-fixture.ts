import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { serveBuild, type StaticServer } from '../scripts/lib/serve-build';
import { launchBrowser } from '../scripts/lib/browser';

export const SITE_ROOT = path.resolve(import.meta.dirname, '..');
export const BUILD_DIR = path.join(SITE_ROOT, 'build');
export const BASE_URL = '/docs/';

/** Starts a server for build/ and a browser for the test file; both are closed afterwards. */
export function useBuiltSite(): { origin: () => string; browser: () => Browser } {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(BUILD_DIR, 'index.html'))) {
      throw new Error(`no production build in ${BUILD_DIR}: run \`pnpm build\` first`);
    }
    server = await serveBuild(BUILD_DIR, BASE_URL);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    origin: () => server!.origin,
    browser: () => browser!,
  };
}
