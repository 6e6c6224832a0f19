import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundSocketsOf } from './fixtures/sockets-of.js';
import { openTestCall, startTestRtpengine } from './fixtures/test-rtpengine.js';
import { startRtpengine } from './supervisor.js';

const silent = pino({ level: 'silent' });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startRtpengine (real daemon)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'iris-rtpengine-sup-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts rtpengine listening on loopback only, restarts it after SIGKILL, and stops it', async () => {
    const engine = await startTestRtpengine();
    const firstPid = engine.media.process.pid as number;
    try {
      expect(firstPid).toBeGreaterThan(0);
      await engine.media.ng.ping();

      const call = await openTestCall(engine.media.ng);
      const sockets = await boundSocketsOf(firstPid);
      expect(sockets.map((s) => s.port)).toContain(engine.media.ngHost.port);
      expect(sockets.map((s) => s.port)).toContain(call.portForA);
      expect(sockets.filter((s) => s.address !== '127.0.0.1')).toEqual([]);
      await call.close();

      const restarting = once(engine.media.process, 'restarting');
      const restarted = once(engine.media.process, 'ready');
      process.kill(firstPid, 'SIGKILL');
      expect((await restarting)[0]).toEqual({ inMs: 50, attempt: 1 });
      const [{ pid, restarts }] = (await restarted) as [{ pid: number; restarts: number }];
      expect(restarts).toBe(1);
      expect(pid).not.toBe(firstPid);
      expect(isAlive(firstPid)).toBe(false);
      await engine.media.ng.ping();

      // A second crash soon after doubles the delay before the next restart.
      const restartingAgain = once(engine.media.process, 'restarting');
      const restartedAgain = once(engine.media.process, 'ready');
      process.kill(pid, 'SIGKILL');
      expect((await restartingAgain)[0]).toEqual({ inMs: 100, attempt: 2 });
      expect((await restartedAgain)[0]).toMatchObject({ restarts: 2 });
      await engine.media.ng.ping();
    } finally {
      await engine.close();
    }
    const lastPid = engine.media.process.pid;
    expect(lastPid).toBeUndefined();
    expect(isAlive(firstPid)).toBe(false);
  });

  it('leaves no child process behind after stop()', async () => {
    const engine = await startTestRtpengine();
    const pid = engine.media.process.pid as number;
    expect(isAlive(pid)).toBe(true);
    await engine.close();
    expect(isAlive(pid)).toBe(false);
    await expect(engine.media.ng.ping()).rejects.toMatchObject({ code: 'closed' });
  });

  it('reports unavailable when the binary is not installed', async () => {
    const result = await startRtpengine({
      binaryPath: join(dataDir, 'no-such-rtpengine'),
      interface: '127.0.0.1',
      dataDir,
      portMin: 40_000,
      portMax: 40_100,
      logger: silent,
    });
    expect(result).toEqual({ status: 'unavailable', reason: expect.stringContaining('no-such-rtpengine') });
  });

  it('fails to start, leaving nothing running, when its ng port is taken', async () => {
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', resolve));
    try {
      const start = startRtpengine({
        interface: '127.0.0.1',
        dataDir,
        portMin: 40_000,
        portMax: 40_100,
        ngPort: squatter.address().port,
        logger: silent,
      });
      await expect(start).rejects.toThrow(/did not become ready/);
    } finally {
      squatter.close();
    }
  });

  it('sends SIGKILL when the child ignores SIGTERM past the deadline', async () => {
    const result = await startRtpengine({
      binaryPath: fileURLToPath(new URL('./fixtures/stubborn-rtpengine.mjs', import.meta.url)),
      interface: '127.0.0.1',
      dataDir,
      portMin: 40_000,
      portMax: 40_100,
      logger: silent,
      stopTimeoutMs: 200,
    });
    if (result.status !== 'ready') throw new Error(result.reason);
    const pid = result.process.pid as number;
    const exited = once(result.process, 'exit');
    await result.stop();
    const [{ signal }] = (await exited) as [{ signal: string }];
    expect(signal).toBe('SIGKILL');
    expect(isAlive(pid)).toBe(false);
  });
});
