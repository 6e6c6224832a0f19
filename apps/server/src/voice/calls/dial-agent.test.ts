import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { type BaresipAgent, startBaresipAgent } from './fixtures/baresip-agent';
import { startFormReceiver } from './fixtures/form-receiver';
import { startSippUas } from './fixtures/sipp-uas';

const XML = 'application/xml';

/**
 * Issue 11's first acceptance point, on loopback with real peers (PGlite): sipp as the carrier calls
 * a tenant number, Gather collects 1-2-3 from sipp's RFC 2833 pcaps, the action Dials a baresip
 * registered as an agent, both legs are bridged through rtpengine, sipp's BYE ends both legs.
 */
describe('Dial to a registered agent', () => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let agent: BaresipAgent | undefined;
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  const dir = mkdtempSync(join(tmpdir(), 'iris-dial-agent-'));
  beforeAll(async () => {
    const rtpMin = 50_000 + 2 * Math.floor(Math.random() * 1000);
    app = await startFormReceiver((request) => {
      if (request.path === '/inbound')
        return {
          type: XML,
          body: `<Response><Gather numDigits="3" timeout="10" action="${app.url('/digits')}"><Say>Enter your code</Say></Gather></Response>`,
        };
      if (request.path === '/digits')
        return {
          type: XML,
          body: `<Response><Dial timeout="20" action="${app.url('/dialed')}"><Client>support-desk</Client></Dial></Response>`,
        };
      if (request.path === '/dialed') return { type: XML, body: '<Response><Hangup/></Response>' };
      return {};
    });
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    admin = await t.signup('Dial Agent Co');
  }, 60_000);
  afterAll(async () => {
    await agent?.stop();
    await t?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gathers 123, dials the agent, bridges RTP both ways, ends both legs on BYE with CDRs', async () => {
    const sip = t.iris.voice!.sip.addresses()[0]!;
    const credential = await t.request('/v1/voice/sip-credentials', {
      token: admin.token,
      body: { username: '2001', identity: 'support-desk' },
    });
    expect(credential.status).toBe(201);
    agent = await startBaresipAgent({
      dir,
      username: '2001',
      authUsername: credential.body.authUsername,
      password: credential.body.password,
      registrar: sip,
    });
    await agent.printed(/2001@127\.0\.0\.1: .* 200 OK \(IRIS\) \[1 binding\]/);

    const number = await t.request('/v1/numbers', {
      token: admin.token,
      body: { kind: 'phone_number', address: '+447400555123', capabilities: ['voice'], provider: 'sandbox' },
    });
    expect(number.status, JSON.stringify(number.body)).toBe(201);
    const settings = await t.request(`/v1/voice/numbers/${number.body.id}`, {
      token: admin.token,
      method: 'PUT',
      body: {
        voiceUrl: app.url('/inbound'),
        statusCallback: app.url('/status'),
        statusCallbackEvents: ['initiated', 'ringing', 'answered', 'completed'],
      },
    });
    expect(settings.status).toBe(200);

    const carrier = await startSippUas({
      dir,
      name: 'carrier',
      scenario: join(import.meta.dirname, 'fixtures/uac-dtmf-123-talk.xml'),
      remote: `${sip.host}:${sip.port}`,
      service: '447400555123',
    });

    // The agent's phone rings and answers by itself; the bridge carries audio both ways.
    await agent.event('CALL_ESTABLISHED', 30_000);
    expect(app.on('/digits').map((r) => r.params.Digits)).toEqual(['123']);
    const legs = async () => {
      const { rows } = await t.iris.database.executeSql(
        'select id, parent_call_id, sip_call_id, direction from calls where tenant_id = $1 order by id',
        [admin.tenantId],
      );
      return {
        a: rows.find((r) => r.direction === 'inbound')!,
        b: rows.find((r) => r.direction === 'outbound-dial')!,
      };
    };
    const { a, b } = await waitFor(async () => {
      const found = await legs();
      expect(found.b?.sip_call_id).toBeTruthy();
      return found;
    });
    expect(b.parent_call_id).toBe(a.id);
    const ng = t.iris.voice!.media!.ng;
    /** Packets rtpengine received from each side of a leg: the far end, and IRIS's media sink. */
    const received = async (callId: string) => {
      const query = await ng.query({ callId });
      return Object.values(query.tags).map((tag) => {
        const stats = tag.medias[0]?.streams.find((s) => s.flags.includes('RTP'))?.stats;
        return stats ? stats.packets - stats.errors : 0; // relayed, not refused
      });
    };
    const counts = await waitFor(
      async () => {
        const legs = [await received(String(a.sip_call_id)), await received(String(b.sip_call_id))];
        for (const tags of legs) {
          expect(tags).toHaveLength(2);
          for (const packets of tags) expect(packets).toBeGreaterThan(20);
        }
        return legs;
      },
      { timeoutMs: 15_000 },
    );

    // The carrier hangs up: IRIS sends the agent its BYE.
    expect(await carrier.exitCode(40_000), carrier.output()).toBe(0);
    await agent.event('CALL_CLOSED', 15_000);
    const statuses = await waitFor(async () => {
      const sent = app.on('/status').filter((r) => r.params.CallSid === a.id);
      expect(sent.map((r) => r.params.CallStatus)).toEqual(['in-progress', 'completed']);
      return sent;
    });
    expect(statuses.map((r) => r.params.SequenceNumber)).toEqual(['0', '1']);
    const [dialed] = app.on('/dialed');
    expect(dialed!.params).toMatchObject({ CallSid: a.id, DialCallStatus: 'completed', DialCallSid: b.id });
    expect(Number(dialed!.params.DialCallDuration)).toBeGreaterThan(0);

    const aCdr = (await t.request(`/v1/calls/${a.id}`, { token: admin.token })).body;
    const bCdr = (await t.request(`/v1/calls/${b.id}`, { token: admin.token })).body;
    expect(aCdr).toMatchObject({ status: 'completed', direction: 'inbound', hangupCause: { by: 'remote' } });
    expect(bCdr).toMatchObject({
      status: 'completed',
      direction: 'outbound-dial',
      parentCallId: a.id,
      to: 'client:support-desk',
      from: aCdr.from,
      hangupCause: { sipCode: 200, by: 'iris' },
    });
    for (const cdr of [aCdr, bCdr]) {
      expect(cdr.durationSeconds).toBeGreaterThan(0);
      expect(cdr.billableSeconds).toBeGreaterThan(0);
    }
    expect(bCdr.history.map((h: { status: string }) => h.status)).toEqual([
      'queued',
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    const children = await t.request(`/v1/calls?parentCallId=${a.id}`, { token: admin.token });
    expect(children.body.data.map((c: { id: string }) => c.id)).toEqual([b.id]);
    console.log(
      `rtpengine: packets relayed per side of the A leg and of the B leg: ${JSON.stringify(counts)}`,
    );
    expect(counts.flat().every((n) => n > 20)).toBe(true);
  }, 120_000);
});
