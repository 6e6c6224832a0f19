import { defineConfig } from 'vitest/config';

// One test command for the whole monorepo: each workspace with a vitest.config.ts is a project.
export default defineConfig({
  test: {
    // Verbose: the output names each backend a suite ran on (PGlite/PostgreSQL, in-process/NATS).
    reporters: ['verbose'],
    projects: ['apps/*/vitest.config.ts', 'packages/*/vitest.config.ts', 'e2e/vitest.config.*ts'],
  },
});
