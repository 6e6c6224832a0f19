import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startSippUas } from '../calls/fixtures/sipp-uas';

const CALLER = join(import.meta.dirname, 'fixtures/uac-speak-until-bye.xml');
const SCENARIOS = join(import.meta.dirname, '../../../../../e2e/sip/scenarios');

/** Built-in inbound flows (no tenant app): sipp as the carrier calls a tenant number (PGlite). */
describe('built-in inbound flows', () => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  const dir = mkdtempSync(join(tmpdir(), 'iris-flows-'));
  beforeAll(async () => {
    const rtpMin = 50_000 + 2 * Math.floor(Math.random() * 400);
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
    });
    admin = await t.signup('Flows Co');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function numberWithFlow(address: string, flow: unknown) {
    const number = await t.request('/v1/numbers', {
      token: admin.token,
      body: { kind: 'phone_number', address, capabilities: ['voice'], provider: 'sandbox' },
    });
    expect(number.status, JSON.stringify(number.body)).toBe(201);
    const settings = await t.request(`/v1/voice/numbers/${number.body.id}`, {
      token: admin.token,
      method: 'PUT',
      body: { flow },
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    return settings.body;
  }

  async function call(address: string, name: string) {
    const port = t.iris.voice!.sip.addresses()[0]!.port;
    const caller = await startSippUas({
      dir,
      name,
      scenario: CALLER,
      remote: `127.0.0.1:${port}`,
      service: address.slice(1),
    });
    // The scenario ends only on IRIS's BYE: exit 0 means the flow hung up by itself.
    expect(await caller.exitCode(40_000), caller.output()).toBe(0);
    const list = await t.request(`/v1/calls?direction=inbound&to=${encodeURIComponent(address)}`, {
      token: admin.token,
    });
    expect(list.body.data).toHaveLength(1);
    return waitFor(async () => {
      const cdr = (await t.request(`/v1/calls/${list.body.data[0].id}`, { token: admin.token })).body;
      expect(cdr.status).toBe('completed');
      return cdr;
    });
  }

  it('validates the settings: a flow or a URL, not both, and a known flow', async () => {
    const number = await t.request('/v1/numbers', {
      token: admin.token,
      body: { kind: 'phone_number', address: '+447400100001', capabilities: ['voice'], provider: 'sandbox' },
    });
    const put = (body: unknown) =>
      t.request(`/v1/voice/numbers/${number.body.id}`, { token: admin.token, method: 'PUT', body });
    expect((await put({ voiceUrl: 'https://example.com/a', flow: { type: 'say', text: 'x' } })).status).toBe(
      422,
    );
    expect((await put({})).status).toBe(422);
    expect((await put({ flow: { type: 'dance' } })).status).toBe(422);
    expect((await put({ flow: { type: 'forward', to: 'not a number' } })).status).toBe(422);
    const forward = await put({ flow: { type: 'forward', to: '+15551230000' } });
    expect(forward.status).toBe(200);
    expect(forward.body).toMatchObject({
      voiceUrl: null,
      flow: { type: 'forward', to: '+15551230000', timeout: 30 },
    });
  });

  it('say: speaks the text, hangs up, and writes the CDR', async () => {
    const saved = await numberWithFlow('+447400100002', {
      type: 'say',
      text: 'This number is no longer in use.',
    });
    expect(saved).toMatchObject({ voiceUrl: null, flow: { type: 'say' } });
    const cdr = await call('+447400100002', 'say');
    expect(cdr).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      from: '+15557654321',
      hangupCause: { by: 'iris' },
    });
    expect(cdr.errorCode ?? null).toBeNull();
    // The spoken text takes about two seconds of audio: the call lasted at least that long.
    expect(cdr.billableSeconds).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('voicemail: greeting, beep, the caller’s message recorded, recording.completed, hang-up', async () => {
    await numberWithFlow('+447400100003', { type: 'voicemail', greeting: 'Leave a message.', maxLength: 3 });
    const cdr = await call('+447400100003', 'voicemail');
    expect(cdr).toMatchObject({ status: 'completed', hangupCause: { by: 'iris' } });
    const list = await t.request(`/v1/recordings?callId=${cdr.id}`, { token: admin.token });
    expect(list.body.data).toHaveLength(1);
    const recording = list.body.data[0];
    expect(recording).toMatchObject({ callId: cdr.id, status: 'completed', contentType: 'audio/wav' });
    expect(recording.durationSeconds).toBeGreaterThanOrEqual(2);
    expect(recording.durationSeconds).toBeLessThanOrEqual(4);
    const media = await fetch(`${t.url}/v1/recordings/${recording.id}/media`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(media.status).toBe(200);
    const wav = join(dir, 'voicemail.wav');
    writeFileSync(wav, Buffer.from(await media.arrayBuffer()));
    // sipp's g711a.pcap is speech: the message is far above silence.
    const stat = spawnSync('sox', [wav, '-n', 'stat'], { encoding: 'utf8' }).stderr;
    expect(Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1]), stat).toBeGreaterThan(0.01);
    const events = await t.iris.database.executeSql(
      `select type from events where tenant_id = $1 and type = 'recording.completed'`,
      [admin.tenantId],
    );
    expect(events.rows).toHaveLength(1);
  }, 60_000);

  it('forward: dials the number through the tenant’s trunk and bridges the caller to it', async () => {
    const callee = await startSippUas({ dir, name: 'callee', scenario: join(SCENARIOS, 'uas-media.xml') });
    const trunk = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: {
        name: 'callee carrier',
        host: '127.0.0.1',
        port: callee.port,
        prefixes: ['+1555'],
        cpsLimit: 50,
      },
    });
    expect(trunk.status).toBe(201);
    await numberWithFlow('+447400100004', { type: 'forward', to: '+15550009999', timeout: 20 });
    const port = t.iris.voice!.sip.addresses()[0]!.port;
    // This caller speaks and sends digits for about 2 s, then hangs up itself.
    const caller = await startSippUas({
      dir,
      name: 'forward-caller',
      scenario: join(SCENARIOS, 'uac-dtmf.xml'),
      remote: `127.0.0.1:${port}`,
      service: '447400100004',
    });
    expect(await caller.exitCode(40_000), caller.output()).toBe(0);
    // The forwarded leg got IRIS's BYE when the caller hung up.
    expect(await callee.exitCode(20_000), callee.output()).toBe(0);
    const inbound = (
      await t.request(`/v1/calls?direction=inbound&to=${encodeURIComponent('+447400100004')}`, {
        token: admin.token,
      })
    ).body.data[0];
    const legs = await waitFor(async () => {
      const list = await t.request(`/v1/calls?parentCallId=${inbound.id}`, { token: admin.token });
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0].status).toBe('completed');
      return list.body.data;
    });
    expect(legs[0]).toMatchObject({ direction: 'outbound-dial', to: '+15550009999', trunkId: trunk.body.id });
    await waitFor(async () => {
      const cdr = (await t.request(`/v1/calls/${inbound.id}`, { token: admin.token })).body;
      expect(cdr).toMatchObject({ status: 'completed', hangupCause: { by: 'remote' } });
    });
  }, 90_000);
});
