import { type SinchFake, startSinchFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { type HookHarness, startHookHarness } from '../vonage/hook-harness';
import { sinchProviderModule } from './sinch.adapter';
import { verifySinchSignature } from './sinch.inbound';
import { SinchCredentialsSchema } from './sinch.schema';

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'msg_01sinch',
  tenantId: 'ten_1',
  channel: 'sms',
  from: '+12025550111',
  to: '+12025550100',
  body: 'Hello from IRIS',
  media: [],
  callbackBaseUrl: 'https://iris.example/hooks/sms',
  ...overrides,
});

describe('Sinch callback HMAC', () => {
  // The vector of Sinch's .NET SDK tests (Sinch.Tests.Conversation.WebhooksTests.ValidateRequest):
  // the same body.nonce.timestamp scheme its SDKs apply to SMS callbacks.
  const body =
    '{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}';
  const headers = new Headers({
    'x-sinch-webhook-signature-nonce': '01FJA8B4A7BM43YGWSG9GBV067',
    'x-sinch-webhook-signature-timestamp': '1634579353',
    'x-sinch-webhook-signature': '6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=',
  });
  const at = 1634579353 * 1000;

  it("verifies Sinch's own example", () => {
    expect(() =>
      verifySinchSignature('s', 'foo_secret1234', { url: 'https://x/', headers, body }, at),
    ).not.toThrow();
  });
  it('refuses another secret, another body, and the same request ten minutes later', () => {
    expect(() =>
      verifySinchSignature('s', 'foo_secret1235', { url: 'https://x/', headers, body }, at),
    ).toThrow(/mismatch/);
    expect(() =>
      verifySinchSignature('s', 'foo_secret1234', { url: 'https://x/', headers, body: `${body} ` }, at),
    ).toThrow(/mismatch/);
    expect(() =>
      verifySinchSignature('s', 'foo_secret1234', { url: 'https://x/', headers, body }, at + 600_000),
    ).toThrow(/stale timestamp/);
  });
});

describe('sinch adapter against the Sinch fake', () => {
  let fake: SinchFake;
  let provider: SmsProvider;
  let hooks: HookHarness;
  const send = (m = message()) => provider.send(m, { signal: AbortSignal.timeout(2000) });

  beforeAll(async () => {
    fake = await startSinchFake({ callbacks: 'none' });
    provider = sinchProviderModule.create({
      instanceId: 'sinch-us',
      credentials: SinchCredentialsSchema.parse(fake.credentials),
      runtime: {} as ProviderRuntime,
    });
    hooks = await startHookHarness(provider);
  });
  afterAll(async () => {
    await fake?.close();
    await hooks?.close();
  });

  it('sends an SMS as one batch with the Bearer token, per-recipient reports and our id as client_reference', async () => {
    const result = await send();
    const request = fake.requests.at(-1)!;
    expect([request.method, request.path]).toEqual([
      'POST',
      `/xms/v1/${fake.credentials.servicePlanId}/batches`,
    ]);
    expect(request.headers.authorization).toBe(`Bearer ${fake.credentials.apiToken}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      from: '+12025550111',
      to: ['+12025550100'],
      delivery_report: 'per_recipient',
      callback_url: 'https://iris.example/hooks/sms/sinch-us/status',
      client_reference: 'msg_01sinch',
      type: 'mt_text',
      body: 'Hello from IRIS',
    });
    expect(result).toEqual({ providerMessageId: [...fake.sent.keys()].at(-1), status: 'queued' });
    expect(result.providerMessageId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('sends an MMS as an mt_media batch: the URL and the text as its message', async () => {
    await send(message({ channel: 'mms', media: ['https://cdn.example/cat.jpg'] }));
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({
      from: '+12025550111',
      to: ['+12025550100'],
      delivery_report: 'per_recipient',
      callback_url: 'https://iris.example/hooks/sms/sinch-us/status',
      client_reference: 'msg_01sinch',
      type: 'mt_media',
      body: { url: 'https://cdn.example/cat.jpg', message: 'Hello from IRIS' },
    });
  });

  it('classifies failures: bad token and bad batch are permanent, 429 and 5xx retryable', async () => {
    const wrong = sinchProviderModule.create({
      instanceId: 'sinch-wrong',
      credentials: SinchCredentialsSchema.parse({ ...fake.credentials, apiToken: 'nope' }),
      runtime: {} as ProviderRuntime,
    });
    await expect(wrong.send(message(), { signal: AbortSignal.timeout(2000) })).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('HTTP 401 unauthorized'),
    });
    await expect(send(message({ to: 'nobody' }))).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('HTTP 400 syntax_constraint_violation: to: invalid MSISDN'),
    });
    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 1 });
    await expect(send()).rejects.toMatchObject({ retryable: true, retryAfterMs: 1000 });
    fake.inject({ kind: 'status', status: 502 });
    await expect(send()).rejects.toMatchObject({ retryable: true, code: 'provider_unavailable' });
    fake.inject({ kind: 'reset' });
    await expect(send()).rejects.toMatchObject({ retryable: true, code: 'provider_unreachable' });
  });

  it('accepts signed delivery reports and maps statuses and codes', async () => {
    const [batchId] = [...fake.sent.keys()];
    const responses = await fake.sendStatus(hooks.at('status'), [
      { batchId: batchId!, status: 'Dispatched', at: '2026-01-02T03:04:05.000Z' },
      { batchId: batchId!, status: 'Failed', code: 404 },
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(hooks.parsed.slice(-2)).toEqual([
      [
        {
          provider: 'sinch-us',
          providerMessageId: batchId,
          status: 'sent',
          eventKey: `sinch-us:${batchId}:12025550100:Dispatched:401`,
          occurredAt: new Date('2026-01-02T03:04:05Z'),
        },
      ],
      [expect.objectContaining({ status: 'undelivered', errorCode: 'sinch_404', errorMessage: 'Failed' })],
    ]);
  });

  it('refuses forged, unsigned and stale reports with 401; a redelivery has the same key', async () => {
    const before = hooks.parsed.length;
    const report = [{ batchId: 'B1', status: 'Delivered' as const }];
    for (const faults of [{ badSignature: true }, { unsigned: true }, { staleSeconds: 600 }]) {
      const [response] = await fake.sendStatus(hooks.at('status'), report, faults);
      expect(response!.status).toBe(401);
    }
    expect(hooks.parsed.length).toBe(before);
    await fake.sendStatus(hooks.at('status'), report, { duplicate: true });
    const keys = hooks.parsed.slice(before).map((p) => (p as { eventKey: string }[])[0]!.eventKey);
    expect(keys).toEqual(['sinch-us:B1:12025550100:Delivered:0', 'sinch-us:B1:12025550100:Delivered:0']);
  });

  it('parses signed inbound SMS (mo_text) and MMS (mo_media), numbers as E.164', async () => {
    await fake.sendInbound(hooks.at('inbound'), {
      from: '+12025550100',
      to: '+12025550111',
      text: 'hi',
      id: 'MO1',
    });
    await fake.sendInbound(hooks.at('inbound'), {
      from: '12025550100',
      to: '12025550111',
      text: 'look',
      mediaUrl: 'https://media.example/x.jpg',
    });
    expect(hooks.parsed.slice(-2)).toEqual([
      [
        {
          provider: 'sinch-us',
          providerMessageId: 'MO1',
          channel: 'sms',
          from: '+12025550100',
          to: '+12025550111',
          body: 'hi',
          media: [],
          receivedAt: expect.any(Date),
        },
      ],
      [expect.objectContaining({ channel: 'mms', body: 'look', media: ['https://media.example/x.jpg'] })],
    ]);
  });

  it('downloads media with the API token from the API host only', async () => {
    const url = fake.hostMedia(new Uint8Array([7, 8]), 'image/gif');
    expect(await provider.fetchMedia!(url, { signal: AbortSignal.timeout(2000) })).toEqual({
      body: new Uint8Array([7, 8]),
      contentType: 'image/gif',
    });
    await provider.fetchMedia!(hooks.at('media'), { signal: AbortSignal.timeout(2000) });
    expect(hooks.captured.at(-1)!.headers.get('authorization')).toBeNull();
  });
});
