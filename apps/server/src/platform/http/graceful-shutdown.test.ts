import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitOf, spawnTs, waitForLine } from '../../testing/child-process';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function startSlowServer(shutdownTimeoutMs: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-shutdown-'));
  dirs.push(dataDir);
  const child = spawnTs('src/testing/fixtures/slow-server.ts', {
    env: { IRIS_DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs), DATABASE_URL: undefined },
  });
  const url = (await waitForLine(child, /^LISTENING /)).split(' ')[1]!;
  return { child, url };
}

/** Waits until the server has started `count` slow requests (each prints SLOW-START). */
async function inFlight(child: ReturnType<typeof spawnTs>, count: number) {
  await waitForLine(child, /^SLOW-START$/);
  const deadline = Date.now() + 10_000;
  while (
    child
      .output()
      .split('\n')
      .filter((l) => l === 'SLOW-START').length < count
  ) {
    if (Date.now() > deadline) throw new Error(`only some requests started:\n${child.output()}`);
    await new Promise((resolve) => child.stdout!.once('data', resolve));
  }
}

describe('SIGTERM during a burst of requests', () => {
  it('lets every in-flight request finish before the deadline, refuses new ones, then exits 0', async () => {
    const { child, url } = await startSlowServer(10_000);
    const burst = Array.from({ length: 25 }, () =>
      fetch(`${url}/test/slow?ms=1500`).then(async (r) => ({ status: r.status, body: await r.json() })),
    );
    await inFlight(child, 25);
    child.kill('SIGTERM');
    await waitForLine(child, /^SIGTERM-RECEIVED$/);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    const results = await Promise.all(burst);
    expect(results).toHaveLength(25);
    for (const result of results) expect(result).toEqual({ status: 200, body: { finished: true } });
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(child.output()).toContain('STOPPED');
  }, 30_000);

  it('cuts requests still running at the deadline and exits', async () => {
    const { child, url } = await startSlowServer(500);
    const slow = fetch(`${url}/test/slow?ms=20000`).then(
      (r) => r.status,
      (error: Error) => error.name,
    );
    await inFlight(child, 1);
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await slow).toBe('TypeError'); // fetch failed: the connection was closed at the deadline
  }, 30_000);
});
