import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from './fixtures/form-receiver';
import { startSippUas } from './fixtures/sipp-uas';

const UAC_DTMF = join(import.meta.dirname, '../../../../../e2e/sip/scenarios/uac-dtmf.xml');
const XML = 'application/xml';

/** sipp as the carrier calls a tenant number; IRIS fetches the number's verbs and gathers digits (PGlite). */
describe('inbound calls to a tenant number', () => {
  let t: TestIris;
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  const dir = mkdtempSync(join(tmpdir(), 'iris-inbound-'));
  beforeAll(async () => {
    const rtpMin = 56_000 + 2 * Math.floor(Math.random() * 400);
    app = await startFormReceiver((request) => {
      if (request.path === '/inbound')
        return {
          type: XML,
          body: `<Response><Gather finishOnKey="#" timeout="5" action="${app.url('/digits')}"><Say>Hi</Say></Gather></Response>`,
        };
      if (request.path === '/digits') return { type: XML, body: '<Response><Pause length="20"/></Response>' };
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
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers, runs the voice URL, posts Digits=19, and ends on the caller’s BYE with a CDR', async () => {
    const admin = await t.signup('Inbound Co');
    const number = await t.request('/v1/numbers', {
      token: admin.token,
      body: {
        kind: 'phone_number',
        address: '+447400123457',
        capabilities: ['sms', 'voice'],
        provider: 'sandbox',
      },
    });
    expect(number.status, JSON.stringify(number.body)).toBe(201);
    const settings = await t.request(`/v1/voice/numbers/${number.body.id}`, {
      token: admin.token,
      method: 'PUT',
      body: {
        voiceUrl: app.url('/inbound'),
        statusCallback: app.url('/status'),
        statusCallbackEvents: ['answered', 'completed'],
      },
    });
    expect(settings.status).toBe(200);

    const port = t.iris.voice!.sip.addresses()[0]!.port;
    const caller = await startSippUas({
      dir,
      name: 'caller',
      scenario: UAC_DTMF,
      remote: `127.0.0.1:${port}`,
      service: '447400123457',
    });
    expect(await caller.exitCode(30_000), caller.output()).toBe(0);

    const statuses = await waitFor(async () => {
      const sent = app.on('/status');
      expect(sent.map((r) => r.params.CallStatus)).toEqual(['in-progress', 'completed']);
      return sent;
    });
    const id = statuses[0]!.params.CallSid!;
    expect(app.on('/inbound')[0]!.params).toMatchObject({
      CallSid: id,
      To: '+447400123457',
      Direction: 'inbound',
      CallStatus: 'ringing',
    });
    expect(app.on('/digits').map((r) => r.params.Digits)).toEqual(['19']);
    const cdr = (await t.request(`/v1/calls/${id}`, { token: admin.token })).body;
    expect(cdr).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      to: '+447400123457',
      hangupCause: { by: 'remote' },
    });
    expect(cdr.billableSeconds).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
