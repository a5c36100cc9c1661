import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest leaves one core to its own process by default: on a 2-core CI machine that is one
    // test worker. The tests are deterministic in simulated time, so every core can run them
    // (286 s with one worker, 186 s with two, on this 2-core machine).
    maxWorkers: availableParallelism(),
  },
});
