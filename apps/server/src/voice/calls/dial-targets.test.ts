import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from './fixtures/form-receiver';
import { refusingUasXml, type SippUas, startSippUas } from './fixtures/sipp-uas';

const SCENARIOS = join(import.meta.dirname, '../../../../../e2e/sip/scenarios');
const XML = 'application/xml';

/** Dial Number (least-cost trunks with failover), Sip in parallel, and an unregistered Client (PGlite). */
describe('Dial to numbers, SIP URIs and clients', () => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  const sipps: Record<string, SippUas> = {};
  const dir = mkdtempSync(join(tmpdir(), 'iris-dial-targets-'));
  beforeAll(async () => {
    const rtpMin = 46_000 + 2 * Math.floor(Math.random() * 1000);
    app = await startFormReceiver((request) =>
      request.path.startsWith('/dialed')
        ? { type: XML, body: '<Response><Say>Back from the dial</Say><Hangup/></Response>' }
        : {},
    );
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    admin = await t.signup('Dial Targets Co');
    sipps.caller = await startSippUas({
      dir,
      name: 'caller',
      scenario: join(SCENARIOS, 'uas-media.xml'),
      calls: 2,
    });
    sipps.down = await startSippUas({
      dir,
      name: 'down',
      scenario: refusingUasXml(503, 'Service Unavailable'),
    });
    sipps.callee = await startSippUas({ dir, name: 'callee', scenario: join(SCENARIOS, 'uas-media.xml') });
    sipps.ringing = await startSippUas({ dir, name: 'ringing', scenario: join(SCENARIOS, 'uas-cancel.xml') });
    for (const [name, prefix, price] of [
      ['caller', '+1555', 0],
      ['down', '+1888', 1000],
      ['callee', '+1888', 2000],
    ] as const) {
      const trunk = await t.request('/v1/voice/trunks', {
        token: admin.token,
        body: {
          name,
          host: '127.0.0.1',
          port: sipps[name]!.port,
          prefixes: [prefix],
          cpsLimit: 50,
          costPerMinute: { amountMicros: price, currency: 'USD' },
        },
      });
      expect(trunk.status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    for (const sipp of Object.values(sipps)) sipp.child.kill('SIGKILL');
    await t?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const children = async (parentId: string) => {
    const { rows } = await t.iris.database.executeSql(
      'select id, "to", status from calls where parent_call_id = $1 order by id',
      [parentId],
    );
    return rows as { id: string; to: string; status: string }[];
  };
  const cdr = async (id: string) => (await t.request(`/v1/calls/${id}`, { token: admin.token })).body;

  it('rings a Number (trunk failover) and a Sip URI at once, bridges the Number, CANCELs the Sip', async () => {
    const created = await t.request('/v1/calls', {
      token: admin.token,
      body: {
        from: '+15550003333',
        to: '+15550004444',
        verbs: [
          {
            verb: 'dial',
            timeout: 20,
            callerId: '+15550009999',
            action: app.url('/dialed-number'),
            targets: [
              { type: 'number', number: '+18885550100' },
              { type: 'sip', uri: `sip:desk@127.0.0.1:${sipps.ringing!.port}` },
            ],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const a = created.body.id as string;
    // The Number's leg answers (second trunk, after the cheaper one's 503); the Sip leg is CANCELed.
    const [numberLeg, sipLeg] = await waitFor(
      async () => {
        const legs = await children(a);
        expect(legs.map((leg) => leg.status)).toEqual(['in-progress', 'canceled']);
        return legs;
      },
      { timeoutMs: 30_000 },
    );
    expect(await sipps.ringing!.exitCode(), sipps.ringing!.output()).toBe(0);
    // The callee's leg is hung up through the API: the Dial ends and A's document goes on (the action).
    const hangup = await t.request(`/v1/calls/${numberLeg!.id}`, {
      token: admin.token,
      body: { status: 'completed' },
    });
    expect(hangup.status).toBe(200);
    const [dialed] = await waitFor(async () => {
      const sent = app.on('/dialed-number');
      expect(sent).toHaveLength(1);
      return sent;
    });
    expect(dialed!.params).toMatchObject({
      CallSid: a,
      DialCallStatus: 'completed',
      DialCallSid: numberLeg!.id,
    });
    const done = await waitFor(async () => {
      const row = await cdr(a);
      expect(row.status).toBe('completed');
      return row;
    });
    expect(done).toMatchObject({ direction: 'outbound-api', errorCode: null, hangupCause: { by: 'iris' } });
    const number = await cdr(numberLeg!.id);
    expect(number).toMatchObject({
      direction: 'outbound-dial',
      parentCallId: a,
      status: 'completed',
      from: '+15550009999',
      to: '+18885550100',
      hangupCause: { by: 'api' },
    });
    expect(number.attempts.map((x: { sipCode: number }) => x.sipCode)).toEqual([503, 200]);
    expect(number.price.amountMicros).toBeGreaterThan(0); // the answering trunk's price
    const sip = await cdr(sipLeg!.id);
    expect(sip).toMatchObject({ status: 'canceled', to: `sip:desk@127.0.0.1:${sipps.ringing!.port}` });
    expect(sip.hangupCause).toMatchObject({ sipCode: 487, by: 'iris' });
  }, 60_000);

  it('tells the action no-answer for a Client with no registered phone, then goes on', async () => {
    const created = await t.request('/v1/calls', {
      token: admin.token,
      body: {
        from: '+15550003333',
        to: '+15550004445',
        verbs: [
          {
            verb: 'dial',
            timeout: 5,
            action: app.url('/dialed-client'),
            targets: [{ type: 'client', identity: 'nobody' }],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const [dialed] = await waitFor(
      async () => {
        const sent = app.on('/dialed-client');
        expect(sent).toHaveLength(1);
        return sent;
      },
      { timeoutMs: 30_000 },
    );
    expect(dialed!.params).toMatchObject({ CallSid: created.body.id, DialCallStatus: 'no-answer' });
    expect(dialed!.params.DialCallSid).toBeUndefined();
    const done = await waitFor(async () => {
      const row = await cdr(created.body.id);
      expect(row.status).toBe('completed');
      return row;
    });
    expect(done.errorCode).toBeNull();
    expect(await children(created.body.id)).toEqual([]);
    expect(await sipps.caller!.exitCode(), sipps.caller!.output()).toBe(0);
  }, 60_000);
});
