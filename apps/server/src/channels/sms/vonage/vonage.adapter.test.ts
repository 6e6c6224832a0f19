import { createPublicKey } from 'node:crypto';
import { startVonageFake, type VonageFake } from '@iris/fakes';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { type HookHarness, startHookHarness } from './hook-harness';
import { vonageProviderModule } from './vonage.adapter';
import { VonageCredentialsSchema } from './vonage.schema';

const runtime = {} as ProviderRuntime;
const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'msg_01vonage',
  tenantId: 'ten_1',
  channel: 'sms',
  from: '+447700900001',
  to: '+447700900000',
  body: 'Hello from IRIS',
  media: [],
  callbackBaseUrl: 'https://iris.example/hooks/sms',
  ...overrides,
});
const send = (provider: SmsProvider, m = message()) =>
  provider.send(m, { signal: AbortSignal.timeout(2000) });

describe('vonage adapter against the Vonage fake', () => {
  let fake: VonageFake;
  let provider: SmsProvider;
  let hooks: HookHarness;

  beforeAll(async () => {
    fake = await startVonageFake({ callbacks: 'none' });
    provider = vonageProviderModule.create({
      instanceId: 'vonage-uk',
      credentials: VonageCredentialsSchema.parse(fake.credentials),
      runtime,
    });
    hooks = await startHookHarness(provider);
  });
  afterAll(async () => {
    await fake?.close();
    await hooks?.close();
  });

  it('takes JWT or Basic credentials, a real private key, and a signature secret', () => {
    const issues = (input: Record<string, unknown>) =>
      VonageCredentialsSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ signatureSecret: 'x'.repeat(16) })).toEqual([
      ': give applicationId and privateKey (JWT auth), or apiKey and apiSecret (Basic auth)',
    ]);
    expect(
      issues({ applicationId: 'a', privateKey: 'not a key', signatureSecret: 'x'.repeat(16) }),
    ).toContain('privateKey: must be the PEM RSA private key of the application');
    expect(VonageCredentialsSchema.parse(fake.credentials).baseUrl).toBe(fake.url);
    expect(VonageCredentialsSchema.parse({ ...fake.credentials, baseUrl: undefined }).baseUrl).toBe(
      'https://api.nexmo.com',
    );
  });

  it('sends an SMS as POST /v1/messages with an application JWT and the exact JSON body', async () => {
    const result = await send(provider);
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      to: '447700900000',
      from: '447700900001',
      client_ref: 'msg_01vonage',
      webhook_url: 'https://iris.example/hooks/sms/vonage-uk/status',
      message_type: 'text',
      channel: 'sms',
      text: 'Hello from IRIS',
    });
    // The bearer token is an RS256 JWT of the application, verifiable with its public key.
    const token = request.headers.authorization!.replace(/^Bearer /, '');
    const { payload, protectedHeader } = await jwtVerify(token, createPublicKey(fake.credentials.privateKey));
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      application_id: fake.credentials.applicationId,
      jti: expect.any(String),
    });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(result).toEqual({ providerMessageId: [...fake.sent.keys()].at(-1), status: 'queued' });
  });

  it('sends an MMS on the mms channel with the attachment URL and the text as its caption', async () => {
    await send(provider, message({ channel: 'mms', media: ['https://cdn.example/cat.jpg'] }));
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({
      to: '447700900000',
      from: '447700900001',
      client_ref: 'msg_01vonage',
      webhook_url: 'https://iris.example/hooks/sms/vonage-uk/status',
      message_type: 'image',
      channel: 'mms',
      image: { url: 'https://cdn.example/cat.jpg', caption: 'Hello from IRIS' },
    });
    await expect(
      send(
        provider,
        message({ channel: 'mms', media: ['https://a.example/1.jpg', 'https://a.example/2.jpg'] }),
      ),
    ).rejects.toMatchObject({ retryable: false, code: 'too_many_media' });
  });

  it('authenticates with Basic key:secret when no application is configured', async () => {
    const basic = vonageProviderModule.create({
      instanceId: 'vonage-basic',
      credentials: VonageCredentialsSchema.parse({
        baseUrl: fake.url,
        apiKey: fake.credentials.apiKey,
        apiSecret: fake.credentials.apiSecret,
        signatureSecret: fake.credentials.signatureSecret,
      }),
      runtime,
    });
    await send(basic);
    const expected = Buffer.from(`${fake.credentials.apiKey}:${fake.credentials.apiSecret}`).toString(
      'base64',
    );
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Basic ${expected}`);
    expect([...fake.sent.values()].at(-1)!.auth).toBe('basic');
  });

  it('classifies failures: rejections are permanent, 429 carries Retry-After, 5xx and timeouts are retryable', async () => {
    const wrong = vonageProviderModule.create({
      instanceId: 'vonage-wrong',
      credentials: VonageCredentialsSchema.parse({
        ...fake.credentials,
        apiKey: undefined,
        applicationId: 'nope',
      }),
      runtime,
    });
    await expect(send(wrong)).rejects.toMatchObject({ retryable: false, code: 'provider_rejected' });
    await expect(send(provider, message({ to: 'not-a-number' }))).rejects.toMatchObject({
      retryable: false,
      code: 'provider_rejected',
      message: expect.stringContaining('Invalid params'),
    });
    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    await expect(send(provider)).rejects.toMatchObject({
      retryable: true,
      code: 'provider_rate_limited',
      retryAfterMs: 2000,
    });
    fake.inject({ kind: 'status', status: 503 });
    await expect(send(provider)).rejects.toMatchObject({ retryable: true, code: 'provider_unavailable' });
    fake.inject({ kind: 'timeout' });
    await expect(provider.send(message(), { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
      retryable: true,
      code: 'provider_timeout',
    });
  });

  it('accepts signed status webhooks and maps Vonage statuses and errors to ours', async () => {
    const { messageUuid } = [...fake.sent.values()][0]!;
    const responses = await fake.sendStatus(hooks.at('status'), [
      { messageUuid, status: 'submitted' },
      { messageUuid, status: 'undeliverable', errorCode: 1320 },
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(hooks.parsed.slice(-2)).toEqual([
      [
        {
          provider: 'vonage-uk',
          providerMessageId: messageUuid,
          status: 'sent',
          eventKey: `vonage-uk:${messageUuid}:submitted`,
          occurredAt: expect.any(Date),
        },
      ],
      [
        {
          provider: 'vonage-uk',
          providerMessageId: messageUuid,
          status: 'undelivered',
          eventKey: `vonage-uk:${messageUuid}:undeliverable`,
          occurredAt: expect.any(Date),
          errorCode: 'vonage_1320',
          errorMessage: 'The message could not be delivered.',
        },
      ],
    ]);
  });

  it('gives a redelivered status the same event key', async () => {
    const before = hooks.parsed.length;
    await fake.sendStatus(hooks.at('status'), [{ messageUuid: 'm-1', status: 'delivered' }], {
      duplicate: true,
    });
    const keys = hooks.parsed.slice(before).map((p) => (p as { eventKey: string }[])[0]!.eventKey);
    expect(keys).toEqual(['vonage-uk:m-1:delivered', 'vonage-uk:m-1:delivered']);
  });

  it('refuses forged, unsigned, stale and tampered webhooks with 401', async () => {
    const before = hooks.parsed.length;
    const event = [{ messageUuid: 'm-2', status: 'delivered' as const }];
    for (const faults of [{ badSignature: true }, { unsigned: true }, { staleSeconds: 600 }]) {
      const [response] = await fake.sendStatus(hooks.at('status'), event, faults);
      expect(response!.status).toBe(401);
    }
    // A genuine token replayed over another body: payload_hash no longer matches.
    const [genuine] = await fake.sendStatus(hooks.at('capture'), event);
    expect(genuine!.status).toBe(200);
    const captured = hooks.captured.at(-1)!;
    const replay = await fetch(hooks.at('status'), {
      method: 'POST',
      headers: { authorization: captured.headers.get('authorization')!, 'content-type': 'application/json' },
      body: captured.body.replace('delivered', 'rejected'),
    });
    expect(replay.status).toBe(401);
    expect(hooks.parsed.length).toBe(before);
  });

  it('parses signed inbound SMS and MMS, numbers as E.164', async () => {
    await fake.sendInbound(hooks.at('inbound'), { from: '+447700900123', to: '+447700900001', text: 'hi' });
    await fake.sendInbound(hooks.at('inbound'), {
      from: '447700900123',
      to: '447700900001',
      text: 'look',
      imageUrl: 'https://api.nexmo.com/v3/media/abc',
    });
    expect(hooks.parsed.slice(-2)).toEqual([
      [
        expect.objectContaining({
          provider: 'vonage-uk',
          channel: 'sms',
          from: '+447700900123',
          to: '+447700900001',
          body: 'hi',
          media: [],
        }),
      ],
      [
        expect.objectContaining({
          channel: 'mms',
          body: 'look',
          media: ['https://api.nexmo.com/v3/media/abc'],
        }),
      ],
    ]);
  });

  it('downloads inbound media with the application JWT from Vonage hosts only', async () => {
    const url = fake.hostMedia(new Uint8Array([1, 2, 3]), 'image/png');
    const media = await provider.fetchMedia!(url, { signal: AbortSignal.timeout(2000) });
    expect(media).toEqual({ body: new Uint8Array([1, 2, 3]), contentType: 'image/png' });
    expect(fake.requests.at(-1)!.headers.authorization).toMatch(/^Bearer /);
    // Elsewhere no credentials are sent (the harness records what it receives).
    await provider.fetchMedia!(hooks.at('media'), { signal: AbortSignal.timeout(2000) });
    expect(hooks.captured.at(-1)!.headers.get('authorization')).toBeNull();
  });
});
