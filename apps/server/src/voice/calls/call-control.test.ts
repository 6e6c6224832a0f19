import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { type FormRequest, startFormReceiver } from './fixtures/form-receiver';
import { type SippUas, startSippUas } from './fixtures/sipp-uas';

const UAS_MEDIA = join(import.meta.dirname, '../../../../../e2e/sip/scenarios/uas-media.xml');
const XML = 'application/xml';

/** Verb documents from a tenant app, bad documents, API hang-up and the CPS limiter, on real calls (PGlite). */
describe('call control on real calls', () => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  const dir = mkdtempSync(join(tmpdir(), 'iris-call-control-'));
  const sipps: SippUas[] = [];
  const documents: Record<
    string,
    (request: FormRequest) => { type?: string; body?: string | Buffer; delayMs?: number }
  > = {
    '/tone.wav': () => ({ type: 'audio/wav', body: readFileSync(join(dir, 'tone.wav')) }),
    '/voice': () => ({
      type: XML,
      body: `<?xml version="1.0"?><Response><Say>Hi</Say><Redirect>${app.url('/next')}</Redirect><Say>never</Say></Response>`,
    }),
    '/next': () => ({
      type: 'application/json',
      body: JSON.stringify([{ verb: 'pause', length: 1 }, { verb: 'hangup' }]),
    }),
    '/invalid-xml': () => ({ type: XML, body: '<Response><Say>unclosed</Response>' }),
    '/unknown-verb': () => ({ type: XML, body: '<Response><Dance/></Response>' }),
    '/gather': () => ({
      type: XML,
      body: `<Response><Gather numDigits="3" timeout="8" action="${app.url('/digits')}"><Say>Enter your code</Say></Gather><Say>We did not get it</Say></Response>`,
    }),
    '/digits': () => ({ type: XML, body: '<Response><Say>Thank you</Say><Hangup/></Response>' }),
    '/slow': () => ({ type: XML, body: '<Response><Hangup/></Response>', delayMs: 12_000 }),
  };

  beforeAll(async () => {
    // A 1 s 440 Hz tone at 16 kHz stereo: Play must convert it to the call's 8 kHz mono.
    spawnSync('sox', ['-n', '-r', '16000', '-c', '2', join(dir, 'tone.wav'), 'synth', '1', 'sine', '440']);
    const rtpMin = 54_000 + 2 * Math.floor(Math.random() * 400);
    app = await startFormReceiver((request) => documents[request.path]?.(request) ?? {});
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 300),
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    admin = await t.signup('Control Co');
    const main = await startSippUas({ dir, name: 'main', scenario: UAS_MEDIA, calls: 7 });
    const limited = await startSippUas({ dir, name: 'limited', scenario: UAS_MEDIA, calls: 3 });
    const dtmf = await startSippUas({
      dir,
      name: 'dtmf',
      scenario: join(import.meta.dirname, 'fixtures/uas-dtmf-123.xml'),
    });
    sipps.push(main, limited, dtmf);
    for (const [name, sipp, prefix, cpsLimit] of [
      ['main', main, '+1555', 50],
      ['limited', limited, '+1666', 1],
      ['dtmf', dtmf, '+1777', 50],
    ] as const) {
      const trunk = await t.request('/v1/voice/trunks', {
        token: admin.token,
        body: { name, host: '127.0.0.1', port: sipp.port, prefixes: [prefix], cpsLimit },
      });
      expect(trunk.status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    for (const sipp of sipps) sipp.child.kill('SIGKILL');
    await t?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (body: Record<string, unknown>) => {
    const created = await t.request('/v1/calls', {
      token: admin.token,
      body: {
        from: '+15550002222',
        statusCallback: app.url('/status'),
        statusCallbackEvents: ['answered', 'completed'],
        ...body,
      },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  /** Waits for the call's status callback (no API polling: reads are rate limited), then reads the CDR. */
  const callback = (id: string, status: string, timeoutMs: number) =>
    waitFor(
      async () => {
        const sent = app.on('/status').filter((r) => r.params.CallSid === id);
        expect(sent.map((r) => r.params.CallStatus)).toContain(status);
      },
      { timeoutMs },
    );
  const ended = async (id: string, timeoutMs = 30_000) => {
    await waitFor(
      async () => {
        const last = app
          .on('/status')
          .filter((r) => r.params.CallSid === id)
          .at(-1);
        expect(['completed', 'failed', 'busy', 'no-answer', 'canceled']).toContain(last?.params.CallStatus);
      },
      { timeoutMs },
    );
    return (await t.request(`/v1/calls/${id}`, { token: admin.token })).body;
  };

  it('fetches XML verbs with Twilio parameters and follows a Redirect to a JSON document', async () => {
    const id = await call({ to: '+15550001111', url: app.url('/voice') });
    const done = await ended(id);
    expect(done).toMatchObject({
      status: 'completed',
      errorCode: null,
      hangupCause: { sipCode: 200, q850: 16, by: 'iris' },
    });
    const [fetch] = app.on('/voice');
    expect(fetch!.params).toMatchObject({
      CallSid: id,
      From: '+15550002222',
      To: '+15550001111',
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
    });
    expect(fetch!.headers['x-twilio-signature']).toBeTruthy();
    expect(app.on('/next')).toHaveLength(1);
  }, 40_000);

  it('collects DTMF 1-2-3 with Gather (rtpengine digit events) and posts Digits to the action', async () => {
    const id = await call({ to: '+17770001111', url: app.url('/gather') });
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'completed', errorCode: null });
    expect(app.on('/digits').map((r) => [r.params.CallSid, r.params.Digits])).toEqual([[id, '123']]);
    expect(await sipps[2]!.exitCode()).toBe(0);
  }, 40_000);

  it('plays audio from a URL (converted with sox) and hangs up', async () => {
    const id = await call({
      to: '+15550001111',
      verbs: [{ verb: 'play', url: app.url('/tone.wav'), loop: 2 }, { verb: 'hangup' }],
    });
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'completed', errorCode: null });
    expect(app.on('/tone.wav')).toHaveLength(1); // fetched once, then played from the cache
    expect(done.billableSeconds).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('ends calls with a bad verb document cleanly: failed, with the reason, and call.failed', async () => {
    const cases = [
      ['/invalid-xml', 'verb_document_invalid'],
      ['/unknown-verb', 'verb_document_invalid'],
      ['/slow', 'verb_fetch_failed'],
    ] as const;
    const ids = await Promise.all(cases.map(([path]) => call({ to: '+15550001111', url: app.url(path) })));
    ids.push(await call({ to: '+15550001111', url: 'http://127.0.0.1:9/unreachable' }));
    const done = await Promise.all(ids.map((id) => ended(id, 40_000)));
    expect(done.map((row) => [row.status, row.errorCode])).toEqual([
      ['failed', 'verb_document_invalid'],
      ['failed', 'verb_document_invalid'],
      ['failed', 'verb_fetch_failed'],
      ['failed', 'verb_fetch_failed'],
    ]);
    for (const row of done) expect(row.hangupCause.by).toBe('iris');
    const events = await waitFor(async () => {
      const list = await t.request('/v1/events?type=call.failed', { token: admin.token });
      const failed = list.body.data.filter((event: { data: { call: { id: string } } }) =>
        ids.includes(event.data.call.id),
      );
      expect(failed).toHaveLength(4);
      return failed;
    });
    expect(events[0].type).toBe('call.failed');
  }, 60_000);

  it('hangs up a live call from the API', async () => {
    const id = await call({ to: '+15550001111', verbs: [{ verb: 'pause', length: 60 }] });
    await callback(id, 'in-progress', 15_000);
    const hangup = await t.request(`/v1/calls/${id}`, { token: admin.token, body: { status: 'completed' } });
    expect(hangup.status).toBe(200);
    const done = await ended(id, 10_000);
    expect(done).toMatchObject({ status: 'completed', hangupCause: { by: 'api' } });
    expect(done.durationSeconds).toBeLessThan(30);
  }, 30_000);

  it('queues calls beyond the trunk CPS limit instead of dropping them', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(() => call({ to: '+16660001111', verbs: [{ verb: 'hangup' }] })),
    );
    const done = await Promise.all(ids.map((id) => ended(id)));
    expect(done.map((row) => row.status)).toEqual(['completed', 'completed', 'completed']);
    const initiated = done
      .map((row) =>
        new Date(row.history.find((h: { status: string }) => h.status === 'initiated').at).getTime(),
      )
      .sort((a, b) => a - b);
    // One call per second on this trunk: the third starts about two seconds after the first.
    expect(initiated[1]! - initiated[0]!).toBeGreaterThanOrEqual(900);
    expect(initiated[2]! - initiated[1]!).toBeGreaterThanOrEqual(900);
    expect(await sipps[1]!.exitCode()).toBe(0);
  }, 40_000);

  it('reports the voice node, rtpengine health and active calls to platform admins only', async () => {
    const ops = await t.signup('Platform Ops');
    await t.iris.database.executeSql('update users set is_platform_admin = true where id = $1', [ops.userId]);
    const login = await t.request('/v1/auth/login', { body: { email: ops.email, password: ops.password } });
    const status = await t.request('/v1/admin/voice/status', { token: login.body.accessToken });
    expect(status.status).toBe(200);
    const [node] = status.body.nodes;
    expect(node.sip.map((a: { port: number }) => a.port)).toContain(t.iris.voice!.sip.addresses()[0]!.port);
    expect(node.media.mode).toBe('local');
    expect(node.media.hosts.length).toBeGreaterThan(0);
    expect(node.media.hosts.every((h: { ok: boolean }) => h.ok)).toBe(true);
    expect(status.body).toMatchObject({
      activeCalls: expect.any(Number),
      registrations: { supported: true, count: 0 },
    });
    expect((await t.request('/v1/admin/voice/status', { token: admin.token })).status).toBe(403);
  });
});
