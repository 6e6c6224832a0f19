import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'fakes', include: ['src/**/*.test.ts'] },
});
