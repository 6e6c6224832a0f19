import { type FakeServer, startFakeServer, startTwilioFake, type TwilioFake } from '@iris/fakes';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OutboundMessage, ProviderError, type RawWebhook } from '../../channel';
import { createTwilioProvider } from './twilio.adapter';
import { twilioSignature, verifyTwilioWebhook } from './twilio.inbound';
import { TwilioCredentialsSchema } from './twilio.schema';

/** What a receiver got, as the webhook route hands it to the adapter. */
function captured(receiver: FakeServer, index = -1): RawWebhook {
  const request = receiver.requests.at(index)!;
  const query = new URLSearchParams(request.query).toString();
  return {
    url: `${receiver.url}${request.path}${query ? `?${query}` : ''}`,
    headers: new Headers(request.headers),
    body: request.body,
  };
}

describe('Twilio signature', () => {
  it("passes the worked example of Twilio's webhook security documentation", () => {
    const params = new URLSearchParams({
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    });
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    // The same request as it reaches us: form-encoded, params in another order.
    const credentials = TwilioCredentialsSchema.parse({
      accountSid: `AC${'1'.repeat(32)}`,
      authToken: '12345',
    });
    const request = (signature: string, body: string): RawWebhook => ({
      url,
      headers: new Headers({ 'x-twilio-signature': signature }),
      body,
    });
    const body =
      'To=%2B18005551212&CallSid=CA1234567890ABCDE&Digits=1234&From=%2B12349013030&Caller=%2B12349013030';
    expect(
      verifyTwilioWebhook('tw', credentials, request('0/KCTR6DLpKmkAf8muzZqo1nDgQ=', body)).get('Digits'),
    ).toBe('1234');
    const tampered = body.replace('Digits=1234', 'Digits=9999');
    expect(() =>
      verifyTwilioWebhook('tw', credentials, request('0/KCTR6DLpKmkAf8muzZqo1nDgQ=', tampered)),
    ).toThrow(expect.objectContaining({ code: 'invalid_signature' }));
  });

  it('accepts a signature made with or without the default port, on https behind a proxy, or on the configured origin', () => {
    const credentials = TwilioCredentialsSchema.parse({
      accountSid: `AC${'1'.repeat(32)}`,
      authToken: 'secret',
      webhookOrigin: 'https://iris.example.com',
    });
    const body = 'MessageSid=SM1&MessageStatus=sent';
    const params = new URLSearchParams(body);
    const verify = (receivedAt: string, signedFor: string) =>
      verifyTwilioWebhook('tw', credentials, {
        url: receivedAt,
        headers: new Headers({ 'x-twilio-signature': twilioSignature('secret', signedFor, params) }),
        body,
      });
    expect(
      verify('https://a.test:443/hooks/sms/tw/status', 'https://a.test/hooks/sms/tw/status').get(
        'MessageSid',
      ),
    ).toBe('SM1');
    expect(
      verify('https://a.test/hooks/sms/tw/status', 'https://a.test:443/hooks/sms/tw/status').get(
        'MessageSid',
      ),
    ).toBe('SM1');
    expect(
      verify('http://a.test/hooks/sms/tw/status', 'https://a.test/hooks/sms/tw/status').get('MessageSid'),
    ).toBe('SM1');
    expect(
      verify('http://10.0.0.5:3000/hooks/sms/tw/status', 'https://iris.example.com/hooks/sms/tw/status').get(
        'MessageSid',
      ),
    ).toBe('SM1');
    expect(() => verify('https://a.test/hooks/sms/tw/status', 'https://b.test/hooks/sms/tw/status')).toThrow(
      ProviderError,
    );
  });

  it('verifies JSON webhooks by bodySHA256 in the signed URL', () => {
    const credentials = TwilioCredentialsSchema.parse({
      accountSid: `AC${'1'.repeat(32)}`,
      authToken: '12345',
    });
    // Twilio's own JSON example (api-snippets, signature_validation_json).
    const url =
      'https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9';
    const body = '{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}';
    const signature = twilioSignature('12345', url, new URLSearchParams());
    const headers = new Headers({ 'x-twilio-signature': signature });
    expect(verifyTwilioWebhook('tw', credentials, { url, headers, body }).get('CallSid')).toBe(
      'CA1234567890ABCDE',
    );
    expect(() =>
      verifyTwilioWebhook('tw', credentials, { url, headers, body: body.replace('CA1', 'CA9') }),
    ).toThrow(expect.objectContaining({ code: 'invalid_signature' }));
  });
});

describe('Twilio adapter against the Twilio fake', () => {
  let fake: TwilioFake;
  let receiver: FakeServer;
  let provider: ReturnType<typeof createTwilioProvider>;
  let counter = 0;

  beforeAll(async () => {
    fake = await startTwilioFake({ outcome: 'none' });
    receiver = await startFakeServer({ app: new Hono().all('*', (c) => c.text('', 200)) });
    provider = createTwilioProvider(
      'twilio-us',
      TwilioCredentialsSchema.parse({ ...fake.credentials, baseUrl: fake.credentials.baseUrl }),
    );
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await fake?.close();
    await receiver?.close();
  });

  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: `msg_tw${++counter}`,
    tenantId: 'ten_1',
    channel: 'sms',
    from: '+15005550006',
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

  it('sends the exact request Twilio documents: form body, Basic auth, StatusCallback per message', async () => {
    const result = await send({
      channel: 'mms',
      body: 'look: ünïcode & more',
      media: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.png'],
    });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${fake.credentials.accountSid}/Messages.json`);
    expect(request.headers).toMatchObject({
      authorization: `Basic ${Buffer.from(`${fake.credentials.accountSid}:${fake.credentials.authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    expect(request.body).toBe(
      'To=%2B14155550100&From=%2B15005550006&Body=look%3A+%C3%BCn%C3%AFcode+%26+more' +
        '&MediaUrl=https%3A%2F%2Fcdn.example.com%2Fa.jpg&MediaUrl=https%3A%2F%2Fcdn.example.com%2Fb.png' +
        '&StatusCallback=https%3A%2F%2Firis.example.com%2Fhooks%2Fsms%2Ftwilio-us%2Fstatus',
    );
    expect(result.providerMessageId).toMatch(/^MM[0-9a-f]{32}$/);
    expect(result.status).toBe('queued');
    expect(fake.sent.get(result.providerMessageId)?.form.getAll('MediaUrl')).toHaveLength(2);
  });

  it("maps Twilio's error codes: the message's own problems are permanent, the account's and Twilio's are retryable", async () => {
    expect(await failure(send({ to: '+15005550001' }))).toMatchObject({
      code: 'invalid_recipient',
      retryable: false,
    });
    expect(await failure(send({ to: '+15005550004' }))).toMatchObject({
      code: 'recipient_opted_out',
      retryable: false,
    });
    expect(await failure(send({ to: '+15005550003' }))).toMatchObject({
      code: 'destination_not_permitted',
      retryable: false,
    });
    expect(await failure(send({ body: 'x'.repeat(1601) }))).toMatchObject({
      code: 'invalid_content',
      retryable: false,
    });
    const wrongToken = createTwilioProvider(
      'twilio-us',
      TwilioCredentialsSchema.parse({ ...fake.credentials, authToken: 'wrong' }),
    );
    expect(await failure(wrongToken.send(message(), { signal: AbortSignal.timeout(2000) }))).toMatchObject({
      code: 'provider_auth_failed',
      retryable: true,
    });
    fake.inject({ kind: 'status', status: 503 });
    expect(await failure(send())).toMatchObject({ code: 'provider_unavailable', retryable: true });
    fake.inject({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 7,
      body: { code: 20429, message: 'Too Many Requests' },
    });
    expect(await failure(send())).toMatchObject({
      code: 'provider_rate_limited',
      retryable: true,
      retryAfterMs: 7000,
    });
    fake.inject({ kind: 'timeout' });
    const started = Date.now();
    expect(await failure(provider.send(message(), { signal: AbortSignal.timeout(300) }))).toMatchObject({
      code: 'provider_timeout',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('parses signed status callbacks into our statuses, with one event key per status', async () => {
    const { providerMessageId: sid } = await send();
    await fake.sendStatus(`${receiver.url}/hooks/sms/twilio-us/status`, [
      { messageSid: sid, status: 'sent' },
      { messageSid: sid, status: 'undelivered', errorCode: 30003 },
    ]);
    const sent = await provider.parseStatusWebhook!(captured(receiver, -2));
    const undelivered = await provider.parseStatusWebhook!(captured(receiver, -1));
    expect(sent).toEqual([
      expect.objectContaining({
        provider: 'twilio-us',
        providerMessageId: sid,
        status: 'sent',
        eventKey: `twilio-us:${sid}:sent`,
      }),
    ]);
    expect(undelivered).toEqual([
      expect.objectContaining({
        status: 'undelivered',
        eventKey: `twilio-us:${sid}:undelivered`,
        errorCode: 'unreachable',
        errorMessage: 'Twilio error 30003',
      }),
    ]);
    // A redelivery is the same event.
    await fake.sendStatus(`${receiver.url}/hooks/sms/twilio-us/status`, [
      { messageSid: sid, status: 'sent' },
    ]);
    expect((await provider.parseStatusWebhook!(captured(receiver)))[0]!.eventKey).toBe(sent[0]!.eventKey);
  });

  it('refuses unsigned and wrongly signed callbacks before parsing them', async () => {
    const url = `${receiver.url}/hooks/sms/twilio-us/status`;
    await fake.sendStatus(url, [{ messageSid: 'SMx', status: 'delivered' }], { unsigned: true });
    await expect(provider.parseStatusWebhook!(captured(receiver))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await fake.sendStatus(url, [{ messageSid: 'SMx', status: 'delivered' }], { badSignature: true });
    await expect(provider.parseStatusWebhook!(captured(receiver))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    // Signed for another URL (a replay to another instance's path).
    await fake.sendStatus(`${receiver.url}/hooks/sms/other/status`, [
      { messageSid: 'SMx', status: 'delivered' },
    ]);
    const replayed = captured(receiver);
    replayed.url = url;
    await expect(provider.parseStatusWebhook!(replayed)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('parses an inbound MMS and downloads its media with the account credentials', async () => {
    const picture = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await fake.sendInbound(`${receiver.url}/hooks/sms/twilio-us/inbound`, {
      from: '+14155550199',
      to: '+15005550006',
      body: 'see this',
      media: [{ body: picture, contentType: 'image/jpeg' }],
    });
    const [inbound] = await provider.parseInboundWebhook!(captured(receiver));
    expect(inbound).toMatchObject({
      provider: 'twilio-us',
      channel: 'mms',
      from: '+14155550199',
      to: '+15005550006',
      body: 'see this',
    });
    expect(inbound!.providerMessageId).toMatch(/^MM/);
    expect(inbound!.media).toEqual([
      expect.stringMatching(
        new RegExp(`^${fake.url}/2010-04-01/Accounts/AC\\w+/Messages/MM\\w+/Media/ME\\w+$`),
      ),
    ]);
    const media = await provider.fetchMedia!(inbound!.media[0]!, { signal: AbortSignal.timeout(2000) });
    expect(media).toEqual({ body: Buffer.from(picture), contentType: 'image/jpeg' });
    expect(fake.requests.at(-1)!.headers.authorization).toMatch(/^Basic /);
    expect(provider.inboundAck).toEqual({
      contentType: 'text/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
    });
  });

  it('ignores a webhook for another account', async () => {
    const other = await startTwilioFake({ authToken: fake.credentials.authToken });
    try {
      await other.sendStatus(`${receiver.url}/s`, [{ messageSid: 'SMy', status: 'delivered' }]);
      expect(await provider.parseStatusWebhook!(captured(receiver))).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
