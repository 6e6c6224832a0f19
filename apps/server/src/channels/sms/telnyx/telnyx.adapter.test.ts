import { generateKeyPairSync, sign } from 'node:crypto';
import { type FakeServer, startFakeServer, startTelnyxFake, type TelnyxFake } from '@iris/fakes';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, ProviderError, RawWebhook } from '../../channel';
import { createTelnyxProvider } from './telnyx.adapter';
import { verifyTelnyxWebhook } from './telnyx.inbound';
import { TelnyxCredentialsSchema } from './telnyx.schema';

function captured(receiver: FakeServer, index = -1): RawWebhook {
  const request = receiver.requests.at(index)!;
  return { url: `${receiver.url}${request.path}`, headers: new Headers(request.headers), body: request.body };
}

describe('Telnyx signature (Ed25519 over timestamp|body)', () => {
  const keys = generateKeyPairSync('ed25519');
  const publicKey = keys.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  const credentials = TelnyxCredentialsSchema.parse({ apiKey: 'k', publicKey });
  const body = '{"data":{"id":"e1"}}';
  const request = (timestamp: string, signed = `${timestamp}|${body}`): RawWebhook => ({
    url: 'https://iris.example.com/hooks/sms/telnyx/status',
    headers: new Headers({
      'telnyx-timestamp': timestamp,
      'telnyx-signature-ed25519': sign(null, Buffer.from(signed), keys.privateKey).toString('base64'),
    }),
    body,
  });
  const now = 1_700_000_000_000;

  it('accepts a signature by the configured key over the raw bytes, with a fresh timestamp', () => {
    expect(() => verifyTelnyxWebhook('tx', credentials, request('1700000000'), undefined, now)).not.toThrow();
    expect(() => verifyTelnyxWebhook('tx', credentials, request('1699999800'), undefined, now)).not.toThrow();
  });

  it('refuses a stale or future timestamp, a signature over other bytes, and a missing header', () => {
    for (const bad of [
      request('1699999699'),
      request('1700000301'),
      request('1700000000', `1700000000|${body} `),
      request('1700000000', `1700000001|${body}`),
    ])
      expect(() => verifyTelnyxWebhook('tx', credentials, bad, undefined, now)).toThrow(
        expect.objectContaining({ code: 'invalid_signature' }),
      );
    const unsigned = request('1700000000');
    unsigned.headers.delete('telnyx-signature-ed25519');
    expect(() => verifyTelnyxWebhook('tx', credentials, unsigned, undefined, now)).toThrow(
      expect.objectContaining({ code: 'invalid_signature' }),
    );
  });

  it('takes the public key as the portal shows it, and nothing else', () => {
    expect(TelnyxCredentialsSchema.safeParse({ apiKey: 'k', publicKey: 'dG9vIHNob3J0' }).success).toBe(false);
  });
});

describe('Telnyx adapter against the Telnyx fake', () => {
  let fake: TelnyxFake;
  let receiver: FakeServer;
  let provider: ReturnType<typeof createTelnyxProvider>;
  let counter = 0;

  beforeAll(async () => {
    fake = await startTelnyxFake({ outcome: 'none' });
    receiver = await startFakeServer({ app: new Hono().all('*', (c) => c.text('', 200)) });
    provider = createTelnyxProvider(
      'telnyx-1',
      TelnyxCredentialsSchema.parse({ ...fake.credentials, messagingProfileId: 'prof-1' }),
    );
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await fake?.close();
    await receiver?.close();
  });

  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: `msg_tx${++counter}`,
    tenantId: 'ten_1',
    channel: 'sms',
    from: '+15550001111',
    to: '+14155550100',
    body: 'hello',
    media: [],
    callbackBaseUrl: 'https://iris.example.com/hooks/sms',
    ...overrides,
  });
  const send = (overrides: Partial<OutboundMessage> = {}) =>
    provider.send(message(overrides), { signal: AbortSignal.timeout(2000) });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as ProviderError,
    );

  it('sends the exact request: Bearer key, JSON with media_urls and the per-message webhook_url', async () => {
    const result = await send({
      channel: 'mms',
      body: 'pic',
      subject: 'Hi',
      media: ['https://cdn.example.com/a.jpg'],
    });
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/v2/messages' });
    expect(request.headers).toMatchObject({
      authorization: `Bearer ${fake.credentials.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(request.body).toBe(
      JSON.stringify({
        from: '+15550001111',
        to: '+14155550100',
        text: 'pic',
        media_urls: ['https://cdn.example.com/a.jpg'],
        subject: 'Hi',
        type: 'MMS',
        webhook_url: 'https://iris.example.com/hooks/sms/telnyx-1/status',
        use_profile_webhooks: false,
        messaging_profile_id: 'prof-1',
      }),
    );
    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' });
    expect(fake.sent.has(result.providerMessageId)).toBe(true);
  });

  it('maps errors: a bad number is permanent, a bad key, throttling (with Retry-After) and outages retryable', async () => {
    expect(await failure(send({ to: '4155550100' }))).toMatchObject({
      code: 'invalid_recipient',
      retryable: false,
    });
    const wrongKey = createTelnyxProvider(
      'telnyx-1',
      TelnyxCredentialsSchema.parse({ ...fake.credentials, apiKey: 'nope' }),
    );
    expect(await failure(wrongKey.send(message(), { signal: AbortSignal.timeout(2000) }))).toMatchObject({
      code: 'provider_auth_failed',
      retryable: true,
    });
    fake.inject({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 3,
      body: { errors: [{ code: '10011', title: 'Too many requests' }] },
    });
    expect(await failure(send())).toMatchObject({
      code: 'provider_rate_limited',
      retryable: true,
      retryAfterMs: 3000,
    });
    fake.inject({ kind: 'status', status: 502 });
    expect(await failure(send())).toMatchObject({ code: 'provider_unavailable', retryable: true });
    fake.inject({ kind: 'reset' });
    expect(await failure(send())).toMatchObject({ code: 'provider_unreachable', retryable: true });
  });

  it('parses message.sent and message.finalized, keyed by event id, with delivery errors mapped', async () => {
    const { providerMessageId: id } = await send();
    const url = `${receiver.url}/hooks/sms/telnyx-1/status`;
    await fake.sendStatus(url, [
      { messageId: id, eventType: 'message.sent', status: 'sent', eventId: 'ev-1' },
      {
        messageId: id,
        eventType: 'message.finalized',
        status: 'delivery_failed',
        errorCode: '40300',
        eventId: 'ev-2',
      },
    ]);
    expect(await provider.parseStatusWebhook!(captured(receiver, -2))).toEqual([
      expect.objectContaining({ providerMessageId: id, status: 'sent', eventKey: 'telnyx-1:ev-1' }),
    ]);
    expect(await provider.parseStatusWebhook!(captured(receiver, -1))).toEqual([
      expect.objectContaining({
        status: 'undelivered',
        eventKey: 'telnyx-1:ev-2',
        errorCode: 'recipient_opted_out',
        errorMessage: 'Telnyx error 40300: Blocked due to STOP message',
      }),
    ]);
  });

  it('refuses unsigned, wrongly signed and stale webhooks', async () => {
    const url = `${receiver.url}/hooks/sms/telnyx-1/status`;
    const event = { messageId: 'm', eventType: 'message.sent' as const, status: 'sent' as const };
    for (const faults of [{ unsigned: true }, { badSignature: true }, { staleSeconds: 301 }]) {
      await fake.sendStatus(url, [event], faults);
      await expect(provider.parseStatusWebhook!(captured(receiver))).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    }
  });

  it('parses an inbound MMS and downloads its media', async () => {
    const picture = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]);
    await fake.sendInbound(`${receiver.url}/hooks/sms/telnyx-1/inbound`, {
      from: '+14155550199',
      to: '+15550001111',
      text: 'look',
      media: [{ body: picture, contentType: 'image/png' }],
    });
    const [inbound] = await provider.parseInboundWebhook!(captured(receiver));
    expect(inbound).toMatchObject({
      provider: 'telnyx-1',
      channel: 'mms',
      from: '+14155550199',
      to: '+15550001111',
      body: 'look',
    });
    const media = await provider.fetchMedia!(inbound!.media[0]!, { signal: AbortSignal.timeout(2000) });
    expect(media).toEqual({ body: Buffer.from(picture), contentType: 'image/png' });
    // Inbound webhooks are not status updates, and the other way round.
    expect(await provider.parseStatusWebhook!(captured(receiver))).toEqual([]);
  });
});
