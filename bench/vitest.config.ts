import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Benchmarks run alone, without the test servers, and print their figures straight to the terminal.
export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('../shared', import.meta.url)) } },
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['bench/**/*.bench.ts'],
    pool: 'forks',
    disableConsoleIntercept: true,
    testTimeout: 300_000,
  },
});
