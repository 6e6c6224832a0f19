import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOGIN_ROUTE_BUDGET_BYTES, measureLoginRoute } from '../../apps/web/scripts/bundle-budget';

// Reads the build the browser tests run against (apps/web/dist, built before the e2e project).
describe('web app bundle', () => {
  it('keeps the login route initial JavaScript under 300 kB gzip', () => {
    const { files, gzipBytes } = measureLoginRoute(
      join(import.meta.dirname, '..', '..', 'apps', 'web', 'dist'),
    );
    expect(files.some((file) => file.startsWith('assets/index-'))).toBe(true);
    // Lazy pages must stay out of it: the chart library is the biggest of them.
    expect(files.some((file) => file.includes('channel-chart'))).toBe(false);
    expect(gzipBytes).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThan(LOGIN_ROUTE_BUDGET_BYTES);
  });
});
