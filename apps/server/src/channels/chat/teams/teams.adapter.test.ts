import { startTeamsFake, type TeamsFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, ProviderError, RawWebhook } from '../../channel';
import type { ChatWebhookProvider } from '../chat-provider';
import { teamsProviderModule } from './teams.adapter';

const signal = () => AbortSignal.timeout(5000);

describe('teams adapter against the Bot Framework fake', () => {
  let fake: TeamsFake;
  let teams: ChatWebhookProvider;
  const outbound = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: 'msg_01teams',
    tenantId: 'ten_1',
    channel: 'teams',
    from: `teams:${fake.appId}`,
    to: 'a:1personalchat',
    body: 'Hello from IRIS',
    media: [],
    content: { serviceUrl: fake.serviceUrl },
    callbackBaseUrl: 'http://iris.test/hooks/chat',
    ...overrides,
  });
  const raw = (activity: unknown, authorization: string | null): RawWebhook => ({
    url: 'http://iris.test/v1/social/webhook/teams',
    headers: new Headers(authorization ? { authorization } : {}),
    body: JSON.stringify(activity),
  });

  beforeAll(async () => {
    fake = await startTeamsFake();
    teams = teamsProviderModule.create({
      instanceId: 'teams-main',
      credentials: teamsProviderModule.credentialsSchema.parse(fake.credentials()),
      runtime: {} as never,
    }) as ChatWebhookProvider;
  });
  afterAll(() => fake.close());

  it('gets a bot token by client credentials, then posts the activity to {serviceUrl}/v3/conversations/{id}/activities', async () => {
    const result = await teams.send(outbound(), { signal: signal() });
    const [tokenRequest, activityRequest] = fake.server.requests.slice(-2);
    expect(tokenRequest!.path).toBe('/botframework.com/oauth2/v2.0/token');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest!.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: fake.appId,
      client_secret: fake.appPassword,
      scope: 'https://api.botframework.com/.default',
    });
    expect(activityRequest!.method).toBe('POST');
    expect(activityRequest!.path).toBe('/v3/conversations/a%3A1personalchat/activities');
    expect(activityRequest!.headers.authorization).toMatch(/^Bearer .{20,}/);
    expect(JSON.parse(activityRequest!.body)).toEqual({ type: 'message', text: 'Hello from IRIS' });
    expect(result).toEqual({
      providerMessageId: `a:1personalchat/${fake.activities.at(-1)!.id}`,
      status: 'sent',
    });
  });

  it('reuses the cached token, replies in a thread and sends cards as attachments', async () => {
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard' },
    };
    const before = fake.server.requests.length;
    await teams.send(
      outbound({ content: { serviceUrl: fake.serviceUrl, replyToId: '1:parent', attachments: [card] } }),
      {
        signal: signal(),
      },
    );
    expect(fake.server.requests.length).toBe(before + 1);
    const request = fake.server.requests.at(-1)!;
    expect(request.path).toBe('/v3/conversations/a%3A1personalchat/activities/1%3Aparent');
    expect(JSON.parse(request.body)).toEqual({
      type: 'message',
      text: 'Hello from IRIS',
      attachments: [card],
      replyToId: '1:parent',
    });
  });

  it('never sends the bot token to a serviceUrl outside the allowed list', async () => {
    const before = fake.server.requests.length;
    const error = (await teams
      .send(outbound({ content: { serviceUrl: 'https://attacker.example.com/' } }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'provider_rejected', retryable: false });
    expect(fake.server.requests.length).toBe(before);
  });

  it('maps connector errors: 429 Retry-After and 5xx retryable', async () => {
    fake.server.inject({ kind: 'status', status: 429, retryAfterSeconds: 3 }, { path: /\/v3\// });
    const limited = (await teams.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(limited).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    fake.server.inject({ kind: 'status', status: 503 }, { path: /\/v3\// });
    const down = (await teams.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(down).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('fails permanently with a wrong app password', async () => {
    const wrong = teamsProviderModule.create({
      instanceId: 'teams-wrong',
      credentials: teamsProviderModule.credentialsSchema.parse({
        ...fake.credentials(),
        appPassword: 'nope',
      }),
      runtime: {} as never,
    });
    const error = (await wrong.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'provider_auth_failed', retryable: false });
  });

  it('accepts an activity with a valid Bot Framework token and normalizes the sender', async () => {
    const activity = fake.messageActivity({
      aadObjectId: 'aad-megan',
      text: '<at>IRIS</at> my laptop is broken',
    });
    const outcome = await teams.receiveWebhook(raw(activity, `Bearer ${fake.token()}`));
    expect(outcome.messages).toMatchObject([
      {
        provider: 'teams-main',
        providerMessageId: `a:1personalchat/${activity.id}`,
        from: 'teams:aad-megan',
        to: `teams:${fake.appId}`,
        body: 'my laptop is broken',
        content: {
          serviceUrl: fake.serviceUrl,
          conversationId: 'a:1personalchat',
          tenantId: 'tenant-contoso',
        },
      },
    ]);
  });

  it.each([
    ['no token', null],
    ['a key the OpenID document does not list', { foreignKey: true }],
    ['another audience', { aud: 'someone-else' }],
    ['another issuer', { iss: 'https://evil.example.com' }],
    ['an expired token', { expiresIn: -600 }],
    ['a serviceurl claim for another connector', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }],
    ['no serviceurl claim', { serviceUrl: null }],
  ] as const)('refuses an activity with %s', async (_name, options) => {
    const activity = fake.messageActivity({ text: 'hi' });
    const authorization = options === null ? null : `Bearer ${fake.token(options)}`;
    await expect(teams.receiveWebhook(raw(activity, authorization))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('drops conversation updates and the bot’s own activities', async () => {
    const update = { ...fake.messageActivity({ text: '' }), type: 'conversationUpdate' };
    expect((await teams.receiveWebhook(raw(update, `Bearer ${fake.token()}`))).messages).toEqual([]);
    const own = fake.messageActivity({ text: 'echo', userId: `28:${fake.appId}` });
    expect((await teams.receiveWebhook(raw(own, `Bearer ${fake.token()}`))).messages).toEqual([]);
  });
});
