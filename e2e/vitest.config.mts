import { defineConfig } from 'vitest/config';

// Browser tests against the production build in build/ (run `pnpm build` first; `pnpm test` does).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
