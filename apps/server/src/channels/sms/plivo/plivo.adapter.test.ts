import { type FakeServer, type PlivoFake, startFakeServer, startPlivoFake } from '@iris/fakes';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, ProviderError, RawWebhook } from '../../channel';
import { createPlivoProvider } from './plivo.adapter';
import { plivoV3Signature, verifyPlivoWebhook } from './plivo.inbound';
import { PlivoCredentialsSchema } from './plivo.schema';

function captured(receiver: FakeServer, index = -1): RawWebhook {
  const request = receiver.requests.at(index)!;
  const query = new URLSearchParams(request.query).toString();
  return {
    url: `${receiver.url}${request.path}${query ? `?${query}` : ''}`,
    headers: new Headers(request.headers),
    body: request.body,
  };
}

describe('Plivo V3 signature', () => {
  const params = new Map([
    ['To', ['14155550100']],
    ['From', ['15550003333']],
    ['Status', ['delivered']],
  ]);

  it('builds the signed string as the SDKs do: `?`, `.` between query and POST params, sorted key+value', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = (data: string) => createHmac('sha256', 'tok').update(data).digest('base64');
    expect(plivoV3Signature('tok', 'https://a.test/hooks/status', params, '42')).toBe(
      expected(
        'https://a.test/hooks/status?FromXXXStatusdeliveredTo14155550100.42'.replace('XXX', '15550003333'),
      ),
    );
    expect(plivoV3Signature('tok', 'https://a.test/hooks/status?b=2&a=1', params, '42')).toBe(
      expected('https://a.test/hooks/status?a=1&b=2.From15550003333StatusdeliveredTo14155550100.42'),
    );
    expect(plivoV3Signature('tok', 'https://a.test/hooks/status?a=1', new Map(), '42')).toBe(
      expected('https://a.test/hooks/status?a=1.42'),
    );
  });

  it('refuses V2 signatures unless told to accept them (they do not cover the body)', async () => {
    const fake = await startPlivoFake();
    const receiver = await startFakeServer({ app: new Hono().all('*', (c) => c.text('', 200)) });
    try {
      await fake.sendStatus(`${receiver.url}/s`, [{ messageUuid: 'u1', status: 'sent' }]);
      const request = captured(receiver);
      request.headers.delete('x-plivo-signature-v3');
      const strict = PlivoCredentialsSchema.parse(fake.credentials);
      expect(() => verifyPlivoWebhook('pl', strict, request)).toThrow(
        expect.objectContaining({ code: 'invalid_signature' }),
      );
      const lenient = PlivoCredentialsSchema.parse({ ...fake.credentials, acceptV2Signatures: true });
      expect(verifyPlivoWebhook('pl', lenient, request).get('MessageUUID')).toEqual(['u1']);
    } finally {
      await fake.close();
      await receiver.close();
    }
  });
});

describe('Plivo adapter against the Plivo fake', () => {
  let fake: PlivoFake;
  let receiver: FakeServer;
  let provider: ReturnType<typeof createPlivoProvider>;
  let counter = 0;

  beforeAll(async () => {
    fake = await startPlivoFake({ outcome: 'none' });
    receiver = await startFakeServer({ app: new Hono().all('*', (c) => c.text('', 200)) });
    provider = createPlivoProvider('plivo-1', PlivoCredentialsSchema.parse(fake.credentials));
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await fake?.close();
    await receiver?.close();
  });

  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: `msg_pl${++counter}`,
    tenantId: 'ten_1',
    channel: 'sms',
    from: '+15550003333',
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

  it('sends the exact request: Basic auth, the trailing slash, JSON with type, media_urls and the callback url', async () => {
    const result = await send({ channel: 'mms', body: 'pic', media: ['https://cdn.example.com/a.jpg'] });
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v1/Account/${fake.credentials.authId}/Message/`,
    });
    expect(request.headers).toMatchObject({
      authorization: `Basic ${Buffer.from(`${fake.credentials.authId}:${fake.credentials.authToken}`).toString('base64')}`,
      'content-type': 'application/json',
    });
    expect(request.body).toBe(
      JSON.stringify({
        src: '+15550003333',
        dst: '+14155550100',
        text: 'pic',
        type: 'mms',
        media_urls: ['https://cdn.example.com/a.jpg'],
        url: 'https://iris.example.com/hooks/sms/plivo-1/status',
        method: 'POST',
      }),
    );
    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' });
  });

  it('maps errors: a bad destination is permanent; credentials, throttling and outages retryable', async () => {
    expect(await failure(send({ to: 'not-a-number' }))).toMatchObject({
      code: 'invalid_recipient',
      retryable: false,
    });
    const wrong = createPlivoProvider(
      'plivo-1',
      PlivoCredentialsSchema.parse({ ...fake.credentials, authToken: 'x' }),
    );
    expect(await failure(wrong.send(message(), { signal: AbortSignal.timeout(2000) }))).toMatchObject({
      code: 'provider_auth_failed',
      retryable: true,
    });
    fake.inject({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 4,
      body: { api_id: 'x', error: 'too many requests' },
    });
    expect(await failure(send())).toMatchObject({ code: 'provider_rate_limited', retryAfterMs: 4000 });
    fake.inject({ kind: 'status', status: 500 });
    expect(await failure(send())).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('parses V3-signed status callbacks, one event per status, errors mapped', async () => {
    const { providerMessageId: uuid } = await send();
    const url = `${receiver.url}/hooks/sms/plivo-1/status?tenant=a`;
    await fake.sendStatus(url, [
      { messageUuid: uuid, status: 'sent' },
      { messageUuid: uuid, status: 'undelivered', errorCode: '200' },
    ]);
    expect(await provider.parseStatusWebhook!(captured(receiver, -2))).toEqual([
      expect.objectContaining({ providerMessageId: uuid, status: 'sent', eventKey: `plivo-1:${uuid}:sent` }),
    ]);
    expect(await provider.parseStatusWebhook!(captured(receiver, -1))).toEqual([
      expect.objectContaining({
        status: 'undelivered',
        errorCode: 'recipient_opted_out',
        errorMessage: 'Plivo error 200',
      }),
    ]);
  });

  it('refuses unsigned and wrongly signed callbacks, and one replayed to another URL', async () => {
    const url = `${receiver.url}/hooks/sms/plivo-1/status`;
    for (const faults of [{ unsigned: true }, { badSignature: true }]) {
      await fake.sendStatus(url, [{ messageUuid: 'u', status: 'sent' }], faults);
      await expect(provider.parseStatusWebhook!(captured(receiver))).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    }
    await fake.sendStatus(`${receiver.url}/hooks/sms/other/status`, [{ messageUuid: 'u', status: 'sent' }]);
    const replayed = captured(receiver);
    replayed.url = url;
    await expect(provider.parseStatusWebhook!(replayed)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('parses an inbound MMS (numbers back in E.164) and downloads its media with the account auth', async () => {
    const clip = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
    await fake.sendInbound(`${receiver.url}/hooks/sms/plivo-1/inbound`, {
      from: '+14155550199',
      to: '+15550003333',
      text: 'clip',
      media: [{ body: clip, contentType: 'video/mp4' }],
    });
    const [inbound] = await provider.parseInboundWebhook!(captured(receiver));
    expect(inbound).toMatchObject({
      provider: 'plivo-1',
      channel: 'mms',
      from: '+14155550199',
      to: '+15550003333',
      body: 'clip',
    });
    expect(await provider.fetchMedia!(inbound!.media[0]!, { signal: AbortSignal.timeout(2000) })).toEqual({
      body: Buffer.from(clip),
      contentType: 'video/mp4',
    });
  });
});
