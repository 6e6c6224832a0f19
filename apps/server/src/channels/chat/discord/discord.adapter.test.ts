import { type DiscordFake, startDiscordFake } from '@iris/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage, ProviderError } from '../../channel';
import type { ChatWebhookProvider } from '../chat-provider';
import { discordProviderModule } from './discord.adapter';

const signal = () => AbortSignal.timeout(5000);
const CHANNEL = '1200000000000000001';
const outbound = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'msg_01abcdefghjkmnpqrstvwxyz012',
  tenantId: 'ten_1',
  channel: 'discord',
  from: 'discord:1100000000000000001',
  to: CHANNEL,
  body: 'Hello from IRIS',
  media: [],
  content: {},
  callbackBaseUrl: 'http://iris.test/hooks/chat',
  ...overrides,
});

describe('discord adapter against the Discord fake', () => {
  let fake: DiscordFake;
  let discord: ChatWebhookProvider;
  const create = () =>
    discordProviderModule.create({
      instanceId: 'discord-main',
      credentials: discordProviderModule.credentialsSchema.parse(fake.credentials()),
      runtime: {} as never,
    }) as ChatWebhookProvider;

  beforeAll(async () => {
    fake = await startDiscordFake({ rateLimit: { limit: 3, windowMs: 60_000 } });
  });
  // A fresh adapter per test: each starts with no learned buckets.
  beforeEach(() => {
    discord = create();
  });
  afterAll(() => fake.close());

  it('creates a message with the bot token, user agent, nonce and no mass mentions', async () => {
    const embeds = [{ title: 'Ticket #12' }];
    const result = await discord.send(outbound({ content: { embeds, replyTo: '1300000000000000009' } }), {
      signal: signal(),
    });
    const request = fake.server.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/api/v10/channels/${CHANNEL}/messages`);
    expect(request.headers.authorization).toBe(`Bot ${fake.botToken}`);
    expect(request.headers['user-agent']).toBe('DiscordBot (https://iris.dev, 1.0)');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      content: 'Hello from IRIS',
      embeds,
      message_reference: { message_id: '1300000000000000009', fail_if_not_exists: false },
      allowed_mentions: { parse: [] },
      nonce: '01abcdefghjkmnpqrstvwxyz0',
      enforce_nonce: true,
    });
    expect(result).toEqual({ providerMessageId: (fake.created.at(-1) as { id: string }).id, status: 'sent' });
  });

  it('a resend of the same message (same nonce) returns the first message, not a second one', async () => {
    const message = outbound({ messageId: 'msg_01resend0000000000000000000', to: '1200000000000000077' });
    const first = await discord.send(message, { signal: signal() });
    const again = await discord.send(message, { signal: signal() });
    expect(again.providerMessageId).toBe(first.providerMessageId);
  });

  it("waits out an exhausted bucket without calling Discord, per channel (the route's major parameter)", async () => {
    const channel = '1200000000000000002';
    for (let i = 0; i < 3; i++)
      await discord.send(outbound({ to: channel, messageId: `msg_bucket${i}` }), { signal: signal() });
    const before = fake.server.requests.length;
    const error = (await discord
      .send(outbound({ to: channel, messageId: 'msg_bucket3' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(fake.server.requests.length).toBe(before);
    // Another channel has its own bucket.
    await discord.send(outbound({ to: '1200000000000000003', messageId: 'msg_other' }), { signal: signal() });
    expect(fake.server.requests.length).toBe(before + 1);
  });

  it('honours a 429 retry_after: retryable with the wait, and the next send waits it out', async () => {
    const channel = '1200000000000000004';
    fake.rateLimitNext(0.3);
    const error = (await discord
      .send(outbound({ to: channel, messageId: 'msg_429a' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 300 });
    const limited = fake.server.requests.at(-1)!;
    await discord.send(outbound({ to: channel, messageId: 'msg_429b' }), { signal: signal() });
    const next = fake.server.requests.at(-1)!;
    expect(next.at - limited.at).toBeGreaterThanOrEqual(250);
  });

  it('a global 429 holds every channel', async () => {
    fake.rateLimitNext(30, true);
    await discord.send(outbound({ to: '1200000000000000005' }), { signal: signal() }).catch(() => undefined);
    const before = fake.server.requests.length;
    const error = (await discord
      .send(outbound({ to: '1200000000000000006' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(fake.server.requests.length).toBe(before);
  });

  it('maps Discord error codes: unknown channel and invalid form body are permanent, 5xx retryable', async () => {
    const unknown = (await discord
      .send(outbound({ to: 'abc' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(unknown).toMatchObject({ code: 'recipient_not_found', retryable: false });
    const long = (await discord
      .send(outbound({ body: 'x'.repeat(2001), to: '1200000000000000010' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(long).toMatchObject({ code: 'content_rejected', retryable: false });
    fake.server.inject({ kind: 'status', status: 502 });
    const down = (await discord
      .send(outbound({ to: '1200000000000000011' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(down).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('describes its account as discord:<application id>', async () => {
    expect(await discord.describeAccount({ signal: signal() })).toEqual({
      address: `discord:${fake.applicationId}`,
      label: 'IRIS Fake App',
    });
  });
});
