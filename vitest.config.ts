import { defineConfig } from 'vitest/config';

// Database tests create their own PGlite instance (and, with DATABASE_URL, their own PostgreSQL database),
// so test files may run in parallel; two cores limit the useful parallelism.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
