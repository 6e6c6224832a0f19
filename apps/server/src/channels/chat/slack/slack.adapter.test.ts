import { type SlackFake, startSlackFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, ProviderError } from '../../channel';
import type { ChatWebhookProvider } from '../chat-provider';
import { slackProviderModule } from './slack.adapter';

const signal = () => AbortSignal.timeout(5000);
const outbound = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'msg_01slacktest',
  tenantId: 'ten_1',
  channel: 'slack',
  from: 'slack:T0FAKE',
  to: 'C0SUPPORT',
  body: 'Hello from IRIS',
  media: [],
  content: {},
  callbackBaseUrl: 'http://iris.test/hooks/chat',
  ...overrides,
});

describe('slack adapter against the Slack fake', () => {
  let fake: SlackFake;
  let slack: ChatWebhookProvider;

  beforeAll(async () => {
    fake = await startSlackFake();
    slack = slackProviderModule.create({
      instanceId: 'slack-main',
      credentials: slackProviderModule.credentialsSchema.parse(fake.credentials()),
      runtime: {} as never,
    }) as ChatWebhookProvider;
  });
  afterAll(() => fake.close());

  it('posts chat.postMessage with the bot token, JSON body, blocks and thread', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hi*' } }];
    const result = await slack.send(outbound({ content: { blocks, threadTs: '1503435956.000247' } }), {
      signal: signal(),
    });
    const request = fake.server.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/chat.postMessage');
    expect(request.headers.authorization).toBe(`Bearer ${fake.botToken}`);
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(request.body)).toEqual({
      channel: 'C0SUPPORT',
      text: 'Hello from IRIS',
      blocks,
      thread_ts: '1503435956.000247',
      metadata: { event_type: 'iris_message', event_payload: { message_id: 'msg_01slacktest' } },
    });
    const posted = fake.posted.at(-1)!;
    expect(result).toEqual({ providerMessageId: `C0SUPPORT:${posted.ts}`, status: 'sent' });
  });

  it('sends media as links after the text', async () => {
    await slack.send(outbound({ media: ['https://cdn.example.com/a.png'] }), { signal: signal() });
    expect(JSON.parse(fake.server.requests.at(-1)!.body).text).toBe(
      'Hello from IRIS\nhttps://cdn.example.com/a.png',
    );
  });

  it("maps Slack's HTTP-200 errors: channel_not_found is permanent", async () => {
    const error = (await slack
      .send(outbound({ to: 'nope' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'recipient_not_found', retryable: false });
    expect(error.message).toContain('channel_not_found');
  });

  it('refuses content that does not match the Slack content schema before calling Slack', async () => {
    const before = fake.server.requests.length;
    const error = (await slack
      .send(outbound({ content: { threadTs: 'yesterday' } }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'content_rejected', retryable: false });
    expect(fake.server.requests.length).toBe(before);
  });

  it('treats HTTP 429 as retryable and carries Retry-After', async () => {
    fake.server.inject({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 7,
      body: { ok: false, error: 'ratelimited' },
    });
    const error = (await slack.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000 });
  });

  it('treats 5xx as retryable', async () => {
    fake.server.inject({ kind: 'status', status: 503 });
    const error = (await slack.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('reports a bad token as a permanent auth failure', async () => {
    const broken = slackProviderModule.create({
      instanceId: 'slack-broken',
      credentials: {
        ...slackProviderModule.credentialsSchema.parse(fake.credentials()),
        botToken: 'xoxb-wrong',
      },
      runtime: {} as never,
    });
    const error = (await broken.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'provider_auth_failed', retryable: false });
  });

  it('describes its account from auth.test', async () => {
    expect(await slack.describeAccount({ signal: signal() })).toEqual({
      address: 'slack:T0FAKE',
      label: 'Fake Workspace',
    });
  });

  it('downloads private files with the bot token, and refuses other hosts', async () => {
    const file = fake.addFile('shot.png', new Uint8Array([1, 2, 3]), 'image/png');
    const media = await slack.fetchMedia!(file.url_private, { signal: signal() });
    expect([...media.body]).toEqual([1, 2, 3]);
    expect(media.contentType).toBe('image/png');
    expect(fake.server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${fake.botToken}`);
    await expect(slack.fetchMedia!('https://evil.example.com/x', { signal: signal() })).rejects.toThrow(
      /not a Slack file URL/,
    );
  });
});
