import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default in run mode is cores − 1: one file at a time on a 2-core machine. The heavy files train on one
    // wasm thread or wait on a CLI child process, so two at a time keep both cores busy (docs/benchmarks.md, "The test
    // suite's time"). Larger machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
