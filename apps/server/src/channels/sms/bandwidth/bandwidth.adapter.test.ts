import { type BandwidthFake, type FakeServer, startBandwidthFake, startFakeServer } from '@iris/fakes';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, ProviderError, RawWebhook } from '../../channel';
import { createBandwidthProvider } from './bandwidth.adapter';
import { BandwidthCredentialsSchema } from './bandwidth.schema';

function captured(receiver: FakeServer, index = -1): RawWebhook {
  const request = receiver.requests.at(index)!;
  return { url: `${receiver.url}${request.path}`, headers: new Headers(request.headers), body: request.body };
}

describe('Bandwidth adapter against the Bandwidth fake', () => {
  let fake: BandwidthFake;
  let receiver: FakeServer;
  let provider: ReturnType<typeof createBandwidthProvider>;
  let counter = 0;

  beforeAll(async () => {
    receiver = await startFakeServer({ app: new Hono().all('*', (c) => c.text('', 200)) });
    fake = await startBandwidthFake({ outcome: 'none', callbackUrl: `${receiver.url}/hooks/sms/bw/inbound` });
    provider = createBandwidthProvider('bw', BandwidthCredentialsSchema.parse(fake.credentials));
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await fake?.close();
    await receiver?.close();
  });

  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: `msg_bw${++counter}`,
    tenantId: 'ten_1',
    channel: 'sms',
    from: '+15550002222',
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

  it('sends the exact request: Basic auth, JSON with the application, media, and our id as the tag', async () => {
    const m = message({ channel: 'mms', media: ['https://cdn.example.com/a.jpg'] });
    const result = await provider.send(m, { signal: AbortSignal.timeout(2000) });
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/api/v2/users/${fake.credentials.accountId}/messages`,
    });
    expect(request.headers).toMatchObject({
      authorization: `Basic ${Buffer.from(`${fake.credentials.username}:${fake.credentials.password}`).toString('base64')}`,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(request.body).toBe(
      JSON.stringify({
        to: ['+14155550100'],
        from: '+15550002222',
        text: 'hello',
        applicationId: fake.credentials.applicationId,
        media: ['https://cdn.example.com/a.jpg'],
        tag: m.messageId,
      }),
    );
    expect(result).toEqual({
      providerMessageId: expect.stringMatching(/^\d+[0-9a-f]{12}$/),
      status: 'queued',
    });
    expect(fake.sent.get(result.providerMessageId)?.request.tag).toBe(m.messageId);
  });

  it("maps errors: Bandwidth's field errors are permanent, credentials, throttling and outages retryable", async () => {
    expect(await failure(send({ to: '415555' }))).toMatchObject({
      code: 'invalid_recipient',
      retryable: false,
    });
    const wrong = createBandwidthProvider(
      'bw',
      BandwidthCredentialsSchema.parse({ ...fake.credentials, password: 'wrong-password' }),
    );
    expect(await failure(wrong.send(message(), { signal: AbortSignal.timeout(2000) }))).toMatchObject({
      code: 'provider_auth_failed',
      retryable: true,
    });
    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 2, body: { type: 'too-many-requests' } });
    expect(await failure(send())).toMatchObject({ code: 'provider_rate_limited', retryAfterMs: 2000 });
    fake.inject({ kind: 'status', status: 500 });
    expect(await failure(send())).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('takes delivery events and inbound messages from the one callback URL, each parser its own', async () => {
    const { providerMessageId: id } = await send({
      channel: 'mms',
      media: ['https://cdn.example.com/b.jpg'],
    });
    await fake.sendStatus(undefined, [
      { messageId: id, type: 'message-sending' },
      { messageId: id, type: 'message-failed', errorCode: 4775 },
    ]);
    expect(await provider.parseStatusWebhook!(captured(receiver, -2))).toEqual([
      expect.objectContaining({
        providerMessageId: id,
        status: 'queued',
        eventKey: `bw:${id}:message-sending`,
      }),
    ]);
    const failed = await provider.parseStatusWebhook!(captured(receiver, -1));
    expect(failed).toEqual([
      expect.objectContaining({
        status: 'undelivered',
        eventKey: `bw:${id}:message-failed`,
        errorCode: 'recipient_opted_out',
        errorMessage: 'Bandwidth error 4775: Carrier Rejected due to user opt out',
      }),
    ]);
    expect(await provider.parseInboundWebhook!(captured(receiver, -1))).toEqual([]);
    expect(provider.statusesOnInbound).toBe(true);

    const picture = new Uint8Array([0x47, 0x49, 0x46, 0x38]);
    await fake.sendInbound(undefined, {
      from: '+14155550199',
      to: '+15550002222',
      text: 'hi',
      media: [{ body: picture, contentType: 'image/gif', name: 'cat.gif' }],
    });
    expect(await provider.parseStatusWebhook!(captured(receiver))).toEqual([]);
    const [inbound] = await provider.parseInboundWebhook!(captured(receiver));
    expect(inbound).toMatchObject({
      provider: 'bw',
      channel: 'mms',
      from: '+14155550199',
      to: '+15550002222',
      body: 'hi',
    });
    expect(await provider.fetchMedia!(inbound!.media[0]!, { signal: AbortSignal.timeout(2000) })).toEqual({
      body: Buffer.from(picture),
      contentType: 'image/gif',
    });
  });

  it('refuses callbacks without or with the wrong callback credentials', async () => {
    for (const faults of [{ unsigned: true }, { badSignature: true }]) {
      await fake.sendStatus(undefined, [{ messageId: 'x', type: 'message-delivered' }], faults);
      await expect(provider.parseStatusWebhook!(captured(receiver))).rejects.toMatchObject({
        code: 'invalid_signature',
      });
      await expect(provider.parseInboundWebhook!(captured(receiver))).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    }
  });
});
