import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCarrierIris } from '../../testing/fixtures/sms-carriers';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';

/**
 * The carrier plumbing every adapter relies on, end to end: inbound media copied into our store
 * with the carrier's credentials, 429 + Retry-After waited out, 5xx failed over by the router.
 */
describe.each(databaseKinds())('carrier media, throttling and failover on %s', (kind) => {
  let env: Awaited<ReturnType<typeof startCarrierIris>>;

  beforeAll(async () => {
    // +1202…: Twilio first, Telnyx behind it.
    env = await startCarrierIris(kind, [
      { kind: 'sms', prefixes: ['+1202'], providers: ['twilio-us', 'telnyx-1'] },
    ]);
  }, 90_000); // four fakes, a migrated database and a tenant: slow on a loaded machine
  afterAll(() => env?.close());

  const statusOf = (id: string, status: string, timeoutMs?: number) =>
    waitFor(
      async () => {
        const { body } = await env.call(`/v1/messages/${id}`);
        expect(body.status).toBe(status);
        return body;
      },
      { timeoutMs },
    );
  const twilioNumber = '+15005550006';
  const send = async (to: string, body: string) => {
    const sent = await env.call('/v1/messages', { body: { channel: 'sms', from: twilioNumber, to, body } });
    expect(sent.status).toBe(201);
    return sent.body as Json;
  };

  it("stores an inbound MMS's media (fetched with the carrier's auth) and points the message at our copies", async () => {
    const picture = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 64 }, (_, i) => i)]);
    const program = new TextEncoder().encode('MZ\x90\x00 not something we keep');
    const [ack] = await env.twilio.sendInbound(`${env.url}/hooks/sms/twilio-us/inbound`, {
      from: '+14155550166',
      to: twilioNumber,
      body: 'a picture',
      media: [
        { body: picture, contentType: 'image/jpeg' },
        { body: program, contentType: 'application/x-msdownload' },
      ],
    });
    // Acknowledged with Twilio's empty TwiML, before any download.
    expect(ack!.status).toBe(200);
    expect(ack!.headers.get('content-type')).toContain('text/xml');
    expect(await ack!.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    const message = await waitFor(async () => {
      const list = await env.call('/v1/messages?direction=inbound&from=%2B14155550166');
      const row = list.body.data[0];
      expect(row.media).toEqual([
        expect.stringMatching(new RegExp(`^${env.url}/v1/messages/${row.id}/media/med_`)),
      ]);
      return row as Json;
    });
    expect(message).toMatchObject({ channel: 'mms', body: 'a picture', provider: 'twilio-us' });
    const mediaFetches = env.twilio.requests.filter((r) => r.method === 'GET' && r.path.includes('/Media/'));
    expect(mediaFetches.length).toBeGreaterThanOrEqual(2);
    expect(mediaFetches.every((r) => r.headers.authorization?.startsWith('Basic '))).toBe(true);

    const items = (await env.call(`/v1/messages/${message.id}/media`)).body.data;
    expect(items).toEqual([
      expect.objectContaining({
        position: 0,
        status: 'stored',
        contentType: 'image/jpeg',
        sizeBytes: picture.length,
        url: message.media[0],
        error: null,
      }),
      expect.objectContaining({
        position: 1,
        status: 'refused',
        url: null,
        error: 'media type application/x-msdownload is not kept',
      }),
    ]);
    const download = await fetch(message.media[0], {
      headers: { authorization: `Bearer ${env.tenant.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(picture);

    const stranger = await env.t.signup('Stranger Tenant');
    const refused = await fetch(message.media[0], { headers: { authorization: `Bearer ${stranger.token}` } });
    expect(refused.status).toBe(404);
    const listed = await env.t.request(`/v1/messages/${message.id}/media`, { token: stranger.token });
    expect(listed.status).toBe(404);
    expect(JSON.stringify(listed.body)).not.toContain(message.media[0]);
    expect((await fetch(message.media[0])).status).toBe(401);
  });

  it('fails over to the next carrier of the route when the first answers 503', async () => {
    env.twilio.inject({ kind: 'status', status: 503 }, { path: /Messages\.json$/ });
    const sent = await send('+12025550123', 'failover-503');
    const delivered = await statusOf(sent.id, 'delivered');
    expect(delivered.provider).toBe('telnyx-1');
    expect(delivered.routing.map((d: Json) => [d.provider, d.outcome, d.code])).toEqual([
      ['twilio-us', 'retryable_error', 'provider_unavailable'],
      ['telnyx-1', 'sent', undefined],
    ]);
  });

  it('waits out a 429 with Retry-After: the next attempt comes no earlier than the carrier asked', async () => {
    env.twilio.inject(
      {
        kind: 'status',
        status: 429,
        retryAfterSeconds: 2,
        body: { code: 20429, message: 'Too Many Requests', status: 429 },
      },
      { path: /Messages\.json$/ },
    );
    const sent = await send('+14155550102', 'throttled-once');
    const delivered = await statusOf(sent.id, 'delivered', 20_000);
    const attempts = env.twilio.requests.filter(
      (r) => r.path.endsWith('/Messages.json') && r.body.includes('throttled-once'),
    );
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(delivered.routing).toEqual([
      expect.objectContaining({
        provider: 'twilio-us',
        outcome: 'retryable_error',
        code: 'provider_rate_limited',
        attempt: 1,
        retryAt: expect.any(String),
      }),
      expect.objectContaining({ provider: 'twilio-us', outcome: 'sent', attempt: 2 }),
    ]);
    expect(delivered.history.map((h: Json) => h.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });
});
