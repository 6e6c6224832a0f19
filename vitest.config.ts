import { defineConfig } from 'vitest/config';

// One test command for the whole monorepo: each workspace with a vitest.config.ts is a project.
export default defineConfig({
  test: {
    projects: ['apps/*/vitest.config.ts', 'packages/*/vitest.config.ts', 'e2e/vitest.config.*ts'],
  },
});
