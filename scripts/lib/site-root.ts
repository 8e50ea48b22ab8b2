import fs from 'node:fs';
import path from 'node:path';

export const SITE_CONFIG_FILE = 'docusaurus.config.ts';

export class UsageError extends Error {}

/**
 * The docs site root: `explicitRoot` when given (it must hold docs/), else the nearest folder
 * upward from `cwd` that holds docusaurus.config.ts.
 */
export function findSiteRoot(cwd: string, explicitRoot?: string): string {
  if (explicitRoot !== undefined) {
    const root = path.resolve(cwd, explicitRoot);
    if (!fs.existsSync(path.join(root, 'docs')) && !fs.existsSync(path.join(root, SITE_CONFIG_FILE))) {
      throw new UsageError(`--root ${explicitRoot}: no docs/ folder or ${SITE_CONFIG_FILE} in ${root}`);
    }
    return root;
  }
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, SITE_CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new UsageError(
        `no ${SITE_CONFIG_FILE} found in ${path.resolve(cwd)} or any folder above it; run inside the docs site or pass --root <dir>`,
      );
    }
    dir = parent;
  }
}
