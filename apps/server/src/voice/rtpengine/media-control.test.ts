import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRtpengine, type TestRtpengine } from './fixtures/test-rtpengine.js';
import { pickFreeUdpPort } from './free-port.js';
import { connectRtpengine } from './media-control.js';

// External mode: IRIS drives rtpengine hosts it did not start (here, one it did, reached by address).
describe('connectRtpengine (real daemon as an external host)', () => {
  let engine: TestRtpengine;

  beforeAll(async () => {
    engine = await startTestRtpengine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('connects to configured hosts and reports the ones that do not answer', async () => {
    const deadPort = await pickFreeUdpPort('127.0.0.1');
    const warnings: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const media = await connectRtpengine({
      hosts: [`127.0.0.1:${engine.media.ngHost.port}`, `127.0.0.1:${deadPort}`],
      logger,
      attemptTimeoutMs: 50,
      retries: 0,
    });
    try {
      expect(media).toMatchObject({ status: 'ready', mode: 'external' });
      expect(media.ng.hosts).toHaveLength(2);
      await media.ng.ping(media.ng.hosts[0]);
      await expect(media.ng.ping(media.ng.hosts[1])).rejects.toMatchObject({ code: 'timeout' });
      expect(warnings).toEqual([
        expect.objectContaining({
          host: `127.0.0.1:${deadPort}`,
          msg: 'rtpengine: host does not answer ping yet',
        }),
      ]);
      expect(media.dtmf.port).toBeGreaterThan(0);
    } finally {
      await media.stop();
    }
  });
});
