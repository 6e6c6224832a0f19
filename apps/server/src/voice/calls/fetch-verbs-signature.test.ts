import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchVerbs } from './fetch-verbs';
import { startFormReceiver } from './fixtures/form-receiver';
import { twilioSignature } from './twilio-signature';

/** The tenant's `twilioSignature` voice setting, as fetchVerbs applies it, against a real HTTP app. */
describe('verb fetches and X-Twilio-Signature', () => {
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  beforeAll(async () => {
    app = await startFormReceiver(() => ({
      type: 'application/xml',
      body: '<Response><Hangup/></Response>',
    }));
  });
  afterAll(() => app.close());
  const params = { CallSid: 'call_1', AccountSid: 'ten_1', From: '+15550001', To: '+15550002' };

  it('signs a POST with X-Twilio-Signature when the setting is on, besides the Standard Webhooks headers', async () => {
    const verbs = await fetchVerbs({
      url: app.url('/on'),
      method: 'POST',
      params,
      secrets: ['callback secret'],
      twilioSignature: true,
      allowPrivate: true,
    });
    expect(verbs).toEqual([{ verb: 'hangup' }]);
    const [request] = app.on('/on');
    expect(request!.headers['x-twilio-signature']).toBe(
      twilioSignature('callback secret', app.url('/on'), params),
    );
    expect(request!.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('leaves X-Twilio-Signature out when the setting is off, and keeps the Standard Webhooks signature', async () => {
    await fetchVerbs({
      url: app.url('/off'),
      method: 'GET',
      params,
      secrets: ['callback secret'],
      twilioSignature: false,
      allowPrivate: true,
    });
    const [request] = app.on('/off');
    expect(request!.params).toMatchObject(params);
    expect(request!.headers['x-twilio-signature']).toBeUndefined();
    expect(request!.headers['webhook-signature']).toMatch(/^v1,/);
  });
});
