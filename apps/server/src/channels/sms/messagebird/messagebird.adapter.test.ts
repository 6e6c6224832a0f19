import { type MessageBirdFake, startMessageBirdFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { type HookHarness, startHookHarness } from '../vonage/hook-harness';
import vectors from './fixtures/signature-jwt-vectors.json';
import { messageBirdProviderModule } from './messagebird.adapter';
import { verifyMessageBirdSignature } from './messagebird.inbound';
import { MessageBirdCredentialsSchema } from './messagebird.schema';

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'msg_01bird',
  tenantId: 'ten_1',
  channel: 'sms',
  from: '+31970000001',
  to: '+31612345678',
  body: 'Hallo from IRIS',
  media: [],
  callbackBaseUrl: 'https://iris.example/hooks/sms',
  ...overrides,
});

describe("MessageBird-Signature-JWT against MessageBird's reference vectors", () => {
  const now = Date.parse(vectors.timestamp);
  for (const vector of vectors.cases)
    it(`${vector.valid ? 'accepts' : 'refuses'}: ${vector.name}`, async () => {
      const verified = verifyMessageBirdSignature(
        'mb',
        vectors.secret,
        {
          url: vector.url,
          headers: new Headers({ 'MessageBird-Signature-JWT': vector.token }),
          body: vector.payload,
        },
        now,
      );
      if (vector.valid) await expect(verified).resolves.toBeUndefined();
      else
        await expect(verified).rejects.toMatchObject({
          code: 'invalid_signature',
          message: expect.stringContaining(`(${(vector as { refusedFor?: string }).refusedFor})`),
        });
    });
});

describe('messagebird adapter against the MessageBird fake', () => {
  let fake: MessageBirdFake;
  let provider: SmsProvider;
  let hooks: HookHarness;
  const send = (m = message()) => provider.send(m, { signal: AbortSignal.timeout(2000) });

  beforeAll(async () => {
    fake = await startMessageBirdFake({ callbacks: 'none' });
    provider = messageBirdProviderModule.create({
      instanceId: 'bird',
      credentials: MessageBirdCredentialsSchema.parse(fake.credentials),
      runtime: {} as ProviderRuntime,
    });
    hooks = await startHookHarness(provider);
  });
  afterAll(async () => {
    await fake?.close();
    await hooks?.close();
  });

  it('sends an SMS as POST /messages with the access key, our id as reference and a per-message report URL', async () => {
    const result = await send();
    const request = fake.requests.at(-1)!;
    expect([request.method, request.path]).toEqual(['POST', '/messages']);
    expect(request.headers.authorization).toBe(`AccessKey ${fake.credentials.accessKey}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      originator: '31970000001',
      recipients: ['31612345678'],
      reference: 'msg_01bird',
      body: 'Hallo from IRIS',
      reportUrl: 'https://iris.example/hooks/sms/bird/status',
    });
    expect(result).toEqual({ providerMessageId: [...fake.sent.keys()].at(-1), status: 'sent' });
  });

  it('sends an MMS as POST /mms with mediaUrls', async () => {
    await send(
      message({ channel: 'mms', media: ['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg'] }),
    );
    const request = fake.requests.at(-1)!;
    expect([request.method, request.path]).toEqual(['POST', '/mms']);
    expect(JSON.parse(request.body)).toEqual({
      originator: '31970000001',
      recipients: ['31612345678'],
      reference: 'msg_01bird',
      body: 'Hallo from IRIS',
      mediaUrls: ['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg'],
    });
  });

  it('classifies failures: bad key and bad recipient are permanent, 429 and 5xx retryable', async () => {
    const wrong = messageBirdProviderModule.create({
      instanceId: 'bird-wrong',
      credentials: MessageBirdCredentialsSchema.parse({ ...fake.credentials, accessKey: 'test_wrong' }),
      runtime: {} as ProviderRuntime,
    });
    await expect(wrong.send(message(), { signal: AbortSignal.timeout(2000) })).rejects.toMatchObject({
      retryable: false,
      code: 'provider_rejected',
      message: expect.stringContaining('code 2: Request not allowed (incorrect access_key) (access_key)'),
    });
    await expect(send(message({ to: 'nobody' }))).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('HTTP 422 code 9: no (correct) recipients found'),
    });
    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 3 });
    await expect(send()).rejects.toMatchObject({ retryable: true, retryAfterMs: 3000 });
    fake.inject({ kind: 'status', status: 500 });
    await expect(send()).rejects.toMatchObject({ retryable: true, code: 'provider_unavailable' });
  });

  it('accepts signed status reports (GET, data in the query) and maps statuses and errors', async () => {
    const [id] = [...fake.sent.keys()];
    const responses = await fake.sendStatus(hooks.at('status'), [
      { id: id!, status: 'buffered', statusDatetime: '2026-01-02T03:04:05+00:00' },
      { id: id!, status: 'delivery_failed', statusErrorCode: 104, statusReason: 'unknown subscriber' },
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(hooks.captured.slice(-2).map((r) => new URL(r.url).searchParams.get('reference'))).toEqual([
      'msg_01bird',
      'msg_01bird',
    ]);
    expect(hooks.parsed.slice(-2)).toEqual([
      [
        {
          provider: 'bird',
          providerMessageId: id,
          status: 'sent',
          eventKey: `bird:${id}:31612345678:buffered:2026-01-02T03:04:05+00:00`,
          occurredAt: new Date('2026-01-02T03:04:05Z'),
        },
      ],
      [
        expect.objectContaining({
          status: 'undelivered',
          errorCode: 'messagebird_104',
          errorMessage: 'unknown subscriber',
        }),
      ],
    ]);
  });

  it('refuses forged, unsigned, expired and re-pointed reports with 401', async () => {
    const before = hooks.parsed.length;
    const report = [{ id: 'abc', status: 'delivered' as const, recipient: '31612345678', reference: 'r' }];
    for (const faults of [{ badSignature: true }, { unsigned: true }, { staleSeconds: 120 }]) {
      const [response] = await fake.sendStatus(hooks.at('status'), report, faults);
      expect(response!.status).toBe(401);
    }
    // A genuine report replayed with an edited query: url_hash no longer matches.
    await fake.sendStatus(hooks.at('capture'), report);
    const captured = hooks.captured.at(-1)!;
    const edited = captured.url.replace('/capture?', '/status?').replace('delivered', 'expired');
    const replay = await fetch(edited, {
      headers: { 'messagebird-signature-jwt': captured.headers.get('messagebird-signature-jwt')! },
    });
    expect(replay.status).toBe(401);
    expect(hooks.parsed.length).toBe(before);
  });

  it('gives a redelivered report the same event key', async () => {
    const before = hooks.parsed.length;
    await fake.sendStatus(
      hooks.at('status'),
      [
        {
          id: 'dup',
          status: 'delivered',
          recipient: '31612345678',
          reference: 'r',
          statusDatetime: '2026-01-02T03:04:05+00:00',
        },
      ],
      { duplicate: true },
    );
    const keys = hooks.parsed.slice(before).map((p) => (p as { eventKey: string }[])[0]!.eventKey);
    expect(keys).toEqual([
      'bird:dup:31612345678:delivered:2026-01-02T03:04:05+00:00',
      'bird:dup:31612345678:delivered:2026-01-02T03:04:05+00:00',
    ]);
  });

  it('parses a signed inbound SMS (form-encoded, payload_hash over the body)', async () => {
    const [response] = await fake.sendInbound(hooks.at('inbound'), {
      from: '+31612345678',
      to: '+31970000001',
      text: 'Hoi & bye',
      id: 'inb1',
    });
    expect(response!.status).toBe(200);
    expect(hooks.parsed.at(-1)).toEqual([
      {
        provider: 'bird',
        providerMessageId: 'inb1',
        channel: 'sms',
        from: '+31612345678',
        to: '+31970000001',
        body: 'Hoi & bye',
        media: [],
        receivedAt: expect.any(Date),
      },
    ]);
    const [tampered] = await fake.sendInbound(
      hooks.at('inbound'),
      { from: '1', to: '2', text: 'x' },
      { badSignature: true },
    );
    expect(tampered!.status).toBe(401);
  });
});
