import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from '../calls/fixtures/form-receiver';
import { type SippUas, startSippUas } from '../calls/fixtures/sipp-uas';
import { powerAt, ToneLeg, uacToToneLegXml } from '../conference/fixtures/tone-leg';

const XML = 'application/xml';
const CALLER_NUMBER = '+447400123481';
const AGENT_NUMBER = '+447400123482';

/**
 * A caller enqueued (hearing the default hold pulse), an agent's call dialing the queue: bridged,
 * each hearing the other; the caller's hang-up ends both, with QueueResult=bridged and
 * DialCallStatus=completed; then a Dial on the empty queue ends with no-answer (PGlite).
 */
describe('call queues', () => {
  let t: TestIris;
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  const tones: ToneLeg[] = [];
  const sipps: SippUas[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'iris-queue-'));
  beforeAll(async () => {
    const rtpMin = 48_000 + 2 * Math.floor(Math.random() * 400);
    app = await startFormReceiver((request) => {
      if (request.path === '/caller')
        return {
          type: XML,
          body: `<Response><Enqueue action="${app.url('/left')}">support</Enqueue></Response>`,
        };
      if (request.path === '/agent')
        return {
          type: XML,
          body: `<Response><Dial action="${app.url('/dialed')}"><Queue>support</Queue></Dial></Response>`,
        };
      return { type: XML, body: '<Response><Hangup/></Response>' };
    });
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
  }, 60_000);
  afterAll(async () => {
    for (const tone of tones) tone.close();
    for (const sipp of sipps) sipp.child.kill();
    await t?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('holds the caller, bridges the agent to it FIFO, and reports QueueResult=bridged', async () => {
    const admin = await t.signup('Queue Co');
    for (const [address, path] of [
      [CALLER_NUMBER, '/caller'],
      [AGENT_NUMBER, '/agent'],
    ] as const) {
      const number = await t.request('/v1/numbers', {
        token: admin.token,
        body: { kind: 'phone_number', address, capabilities: ['voice'], provider: 'sandbox' },
      });
      expect(number.status, JSON.stringify(number.body)).toBe(201);
      const settings = await t.request(`/v1/voice/numbers/${number.body.id}`, {
        token: admin.token,
        method: 'PUT',
        body: { voiceUrl: app.url(path) },
      });
      expect(settings.status).toBe(200);
    }
    const port = t.iris.voice!.sip.addresses()[0]!.port;
    const call = async (number: string, hz: number, law: 0 | 8) => {
      const tone = await ToneLeg.open(hz, law);
      tones.push(tone);
      const sipp = await startSippUas({
        dir,
        name: `call-${hz}`,
        scenario: uacToToneLegXml(tone.port, law),
        remote: `127.0.0.1:${port}`,
        service: number.slice(1),
      });
      sipps.push(sipp);
      return { tone, sipp };
    };

    const caller = await call(CALLER_NUMBER, 700, 8);
    const queue = await waitFor(
      async () => {
        const list = await t.request('/v1/voice/queues', { token: admin.token });
        expect(list.body.data).toMatchObject([{ name: 'support', size: 1 }]);
        return list.body.data[0];
      },
      { timeoutMs: 30_000 },
    );
    const members = await t.request('/v1/voice/queues/support/members', { token: admin.token });
    expect(members.body.data).toHaveLength(1);
    expect(members.body.data[0]).toMatchObject({ position: 1 });
    const callerId = members.body.data[0].callId as string;
    expect((await t.request(`/v1/voice/queues/${queue.id}/members`, { token: admin.token })).status).toBe(
      200,
    );
    // The hold pulse (440 Hz, 0.4 s in every 2 s) reaches the caller.
    await waitFor(
      async () => {
        expect(caller.tone.samples.length).toBeGreaterThan(16_000);
        const held = Int16Array.from(caller.tone.samples.slice(-16_000));
        expect(
          2 * powerAt(held.subarray(0, 8000), 440) + 2 * powerAt(held.subarray(8000), 440),
        ).toBeGreaterThan(0.002);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    const agent = await call(AGENT_NUMBER, 1200, 0);
    await waitFor(
      async () => {
        const heardByCaller = caller.tone.lastSecond()!;
        const heardByAgent = agent.tone.lastSecond();
        expect(heardByAgent).not.toBeNull();
        expect(2 * powerAt(heardByCaller, 1200)).toBeGreaterThan(0.005);
        expect(2 * powerAt(heardByCaller, 700)).toBeLessThan(0.0005);
        expect(2 * powerAt(heardByAgent!, 700)).toBeGreaterThan(0.005);
        expect(2 * powerAt(heardByAgent!, 1200)).toBeLessThan(0.0005);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const emptied = await t.request('/v1/voice/queues', { token: admin.token });
    expect(emptied.body.data).toMatchObject([{ name: 'support', size: 0, averageWaitSeconds: 0 }]);

    // The caller hangs up (through the API): the agent's Dial ends, both actions are told.
    const hangup = await t.request(`/v1/calls/${callerId}`, {
      token: admin.token,
      body: { status: 'completed' },
    });
    expect(hangup.status, JSON.stringify(hangup.body)).toBe(200);
    for (const sipp of sipps) expect(await sipp.exitCode(30_000), sipp.output()).toBe(0);
    const left = await waitFor(async () => {
      expect(app.on('/left')).toHaveLength(1);
      return app.on('/left')[0]!.params;
    });
    expect(left).toMatchObject({ CallSid: callerId, QueueResult: 'bridged', QueueSid: queue.id });
    const dialed = await waitFor(async () => {
      expect(app.on('/dialed')).toHaveLength(1);
      return app.on('/dialed')[0]!.params;
    });
    expect(dialed).toMatchObject({ DialCallStatus: 'completed', DialCallSid: callerId });

    // A Dial on the empty queue ends at once with no-answer (and its action hangs up).
    const late = await call(AGENT_NUMBER, 1300, 0);
    expect(await late.sipp.exitCode(30_000), late.sipp.output()).toBe(0);
    expect(app.on('/dialed').map((r) => r.params.DialCallStatus)).toEqual(['completed', 'no-answer']);
  }, 150_000);
});
