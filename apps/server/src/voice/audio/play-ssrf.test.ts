import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from '../calls/fixtures/form-receiver';
import { type SippUas, startSippUas } from '../calls/fixtures/sipp-uas';

const UAS_MEDIA = join(import.meta.dirname, '../../../../../e2e/sip/scenarios/uas-media.xml');

/**
 * Without IRIS_ALLOW_PRIVATE_WEBHOOKS, a Play URL or a Redirect to a loopback address is refused by
 * the SSRF guard at fetch time (the app never sees a request): the call plays the error prompt and
 * fails with `verb_fetch_failed`. (With private addresses allowed, call-control.test.ts plays a
 * loopback WAV.) PGlite.
 */
describe('SSRF guard on Play and verb documents', () => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  let sipp: SippUas;
  const dir = mkdtempSync(join(tmpdir(), 'iris-play-ssrf-'));
  beforeAll(async () => {
    spawnSync('sox', ['-n', '-r', '8000', '-c', '1', join(dir, 'tone.wav'), 'synth', '1', 'sine', '440']);
    app = await startFormReceiver((request) =>
      request.path === '/tone.wav'
        ? { type: 'audio/wav', body: readFileSync(join(dir, 'tone.wav')) }
        : { type: 'application/json', body: '[{"verb":"hangup"}]' },
    );
    const rtpMin = 42_000 + 2 * Math.floor(Math.random() * 400);
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
    });
    admin = await t.signup('SSRF Co');
    sipp = await startSippUas({ dir, name: 'carrier', scenario: UAS_MEDIA, calls: 2 });
    const trunk = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: { name: 'carrier', host: '127.0.0.1', port: sipp.port, cpsLimit: 50 },
    });
    expect(trunk.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    sipp?.child.kill('SIGKILL');
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(verbs: unknown[]) {
    const created = await t.request('/v1/calls', {
      token: admin.token,
      body: { from: '+15550001111', to: '+15550002222', verbs },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return waitFor(
      async () => {
        const call = await t.request(`/v1/calls/${created.body.id}`, { token: admin.token });
        expect(call.body.status).toBe('failed');
        return call.body;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }

  it('refuses a Play URL on loopback (by address) and a Redirect to localhost (by name)', async () => {
    const played = await run([{ verb: 'play', url: app.url('/tone.wav') }]);
    expect(played).toMatchObject({ errorCode: 'verb_fetch_failed', answeredAt: expect.any(String) });
    const port = new URL(app.url('/')).port;
    const redirected = await run([{ verb: 'redirect', url: `http://localhost:${port}/next` }]);
    expect(redirected.errorCode).toBe('verb_fetch_failed');
    expect(app.received).toEqual([]);
    expect(await sipp.exitCode()).toBe(0); // both calls were answered and hung up cleanly
  }, 60_000);
});
