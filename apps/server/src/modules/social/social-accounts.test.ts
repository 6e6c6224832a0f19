import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { type SocialIris, startSocialIris } from './social.test-kit';

describe.each(databaseKinds())('social accounts, sends and messages on %s', (kind) => {
  let t: SocialIris;
  let alpha: { token: string; tenantId: string };
  let bravo: { token: string; tenantId: string };
  const outbound = async (token: string, query = '') =>
    (await t.call(token, `/v1/social/messages?direction=outbound${query}`)).body.data as Json[];
  const settled = (token: string, id: string, status: string) =>
    waitFor(async () => {
      const row = (await t.call(token, `/v1/messages/${id}`)).body;
      expect(row.status).toBe(status);
      return row;
    });

  beforeAll(async () => {
    t = await startSocialIris(kind);
    alpha = await t.signup('Alpha Social');
    bravo = await t.signup('Bravo Social');
  }, 120_000);
  afterAll(() => t?.close());

  it('adds a Slack account by asking Slack who the bot is, and lists it with the URL to configure', async () => {
    const created = await t.call(alpha.token, '/v1/social/accounts', {
      body: { platform: 'slack', provider: 'slack-main' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      platform: 'slack',
      address: 'slack:T0FAKE',
      provider: 'slack-main',
      label: 'Fake Workspace',
      webhookUrl: `${t.publicUrl}/v1/social/webhook/slack`,
    });
    const listed = await t.call(alpha.token, '/v1/social/accounts');
    expect(listed.body.data).toEqual([created.body]);
  });

  it('refuses a provider instance of another platform, or none, with 422', async () => {
    for (const provider of ['discord-main', 'nope', 'sandbox']) {
      const refused = await t.call(alpha.token, '/v1/social/accounts', {
        body: { platform: 'slack', provider },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ path: 'provider', message: expect.any(String) }]);
    }
  });

  it('gives a bot to one tenant only: 409 for the second', async () => {
    const taken = await t.call(bravo.token, '/v1/social/accounts', {
      body: { platform: 'slack', provider: 'slack-main' },
    });
    expect(taken.status).toBe(409);
  });

  it('sends through /v1/social/send: queued, posted to Slack with blocks in the thread, then sent', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Order shipped*' } }];
    const sent = await t.call(alpha.token, '/v1/social/send', {
      body: {
        platform: 'slack',
        to: 'C0GENERAL',
        text: 'Order shipped',
        blocks,
        threadId: '1700000000.000100',
      },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      platform: 'slack',
      direction: 'outbound',
      status: 'queued',
      from: 'slack:T0FAKE',
      to: 'C0GENERAL',
      threadId: '1700000000.000100',
    });
    const row = await settled(alpha.token, sent.body.id, 'sent');
    const posted = t.slack.posted.find((p) => p.args.text === 'Order shipped')!;
    expect(posted.args).toMatchObject({ channel: 'C0GENERAL', blocks, thread_ts: '1700000000.000100' });
    expect(row).toMatchObject({ provider: 'slack-main', providerMessageId: `C0GENERAL:${posted.ts}` });
  });

  it('sends `channel: slack` through /v1/messages as well', async () => {
    const sent = await t.call(alpha.token, '/v1/messages', {
      body: { channel: 'slack', to: 'C0GENERAL', body: 'via the messages API' },
    });
    expect(sent.status).toBe(201);
    await settled(alpha.token, sent.body.id, 'sent');
    expect(t.slack.posted.some((p) => p.args.text === 'via the messages API')).toBe(true);
  });

  it('fails the message with our code when Slack answers channel_not_found', async () => {
    const sent = await t.call(alpha.token, '/v1/social/send', {
      body: { platform: 'slack', to: 'nowhere', text: 'lost' },
    });
    const row = await settled(alpha.token, sent.body.id, 'failed');
    expect(row.errorCode).toBe('recipient_not_found');
  });

  it('checks platform fields at the edge, naming each', async () => {
    const cases: [unknown, string][] = [
      [{ platform: 'telegram', to: '1', text: 'x', blocks: [{ type: 'divider' }] }, 'blocks'],
      [{ platform: 'slack', to: 'C1', text: 'x', threadId: 'yesterday' }, 'threadId'],
      [{ platform: 'slack', to: 'C1' }, 'text'],
      [{ platform: 'discord', to: '1', text: 'x', content: { embeds: 'not a list' } }, 'content.embeds'],
    ];
    for (const [body, path] of cases) {
      const refused = await t.call(alpha.token, '/v1/social/send', { body });
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((e: Json) => e.path)).toContain(path);
    }
    const noAccount = await t.call(bravo.token, '/v1/social/send', {
      body: { platform: 'slack', to: 'C1', text: 'x' },
    });
    expect(noAccount.status).toBe(422);
  });

  it('lists chat messages newest first, filtered by platform and direction, a page at a time', async () => {
    const first = await t.call(alpha.token, '/v1/social/messages?platform=slack&direction=outbound&limit=1');
    expect(first.body.data).toHaveLength(1);
    expect(first.body.nextCursor).toBe(first.body.data[0].id);
    const second = await t.call(
      alpha.token,
      `/v1/social/messages?platform=slack&direction=outbound&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data[0].id < first.body.data[0].id).toBe(true);
    expect((await outbound(alpha.token, '&platform=discord')).length).toBe(0);
    expect(await outbound(bravo.token)).toEqual([]);
  });

  it('sets the Telegram webhook on demand, and says where the console-configured ones go', async () => {
    const telegram = await t.call(alpha.token, '/v1/social/accounts', {
      body: { platform: 'telegram', provider: 'telegram-main', registerWebhook: false },
    });
    expect(telegram.body.address).toBe(`telegram:${t.telegram.botId}`);
    expect(t.telegram.webhook()).toBeUndefined();
    const registered = await t.call(alpha.token, `/v1/social/accounts/${telegram.body.id}/webhook`, {
      method: 'POST',
    });
    expect(registered.body).toMatchObject({ registered: true, webhookUrl: telegram.body.webhookUrl });
    expect(t.telegram.webhook()?.url).toBe(`${t.publicUrl}/v1/social/webhook/telegram/${t.telegram.botId}`);

    const slack = (await t.call(alpha.token, '/v1/social/accounts')).body.data.find(
      (a: Json) => a.platform === 'slack',
    );
    const manual = await t.call(alpha.token, `/v1/social/accounts/${slack.id}/webhook`, { method: 'POST' });
    expect(manual.body).toMatchObject({
      registered: false,
      webhookUrl: `${t.publicUrl}/v1/social/webhook/slack`,
    });
  });

  it('removes an account: its inbound is dropped from then on', async () => {
    const account = (await t.call(alpha.token, '/v1/social/accounts')).body.data.find(
      (a: Json) => a.platform === 'telegram',
    );
    expect(
      (await t.call(alpha.token, `/v1/social/accounts/${account.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect(
      (await t.call(alpha.token, `/v1/social/accounts/${account.id}`, { method: 'DELETE' })).status,
    ).toBe(404);
    const response = await t.telegram.deliver(t.telegram.textUpdate(4242, 'anyone?'));
    expect(await response.json()).toEqual({ received: 0 });
  });

  if (kind !== 'pglite') return;

  it('Discord: a 429 holds the send for its retry_after, then it goes out', async () => {
    await t.call(alpha.token, '/v1/social/accounts', {
      body: { platform: 'discord', provider: 'discord-main' },
    });
    t.discord.rateLimitNext(1);
    const sent = await t.call(alpha.token, '/v1/social/send', {
      body: {
        platform: 'discord',
        to: '1200000000000000042',
        text: 'after the limit',
        content: { embeds: [{ title: 'T' }] },
      },
    });
    const row = await settled(alpha.token, sent.body.id, 'sent');
    expect(row.routing.map((d: Json) => d.code ?? d.outcome)).toEqual(['rate_limited', 'sent']);
    const [limited, accepted] = t.discord.server.requests.filter((r) =>
      r.path.endsWith('/1200000000000000042/messages'),
    );
    expect(accepted!.at - limited!.at).toBeGreaterThanOrEqual(1000);
  });

  it('Teams and Telegram: replies go out through the pipeline to the right endpoints', async () => {
    await t.call(alpha.token, '/v1/social/accounts', { body: { platform: 'teams', provider: 'teams-main' } });
    const teams = await t.call(alpha.token, '/v1/social/send', {
      body: {
        platform: 'teams',
        to: 'a:1conv',
        text: 'We are on it',
        content: { serviceUrl: t.teams.serviceUrl },
      },
    });
    expect(teams.status).toBe(201);
    await settled(alpha.token, teams.body.id, 'sent');
    expect(t.teams.activities.at(-1)).toMatchObject({
      conversationId: 'a:1conv',
      activity: { text: 'We are on it' },
    });

    await t.call(alpha.token, '/v1/social/accounts', {
      body: { platform: 'telegram', provider: 'telegram-main' },
    });
    const telegram = await t.call(alpha.token, '/v1/social/send', {
      body: { platform: 'telegram', to: '31337', text: 'Fixed!', content: { parseMode: 'HTML' } },
    });
    await settled(alpha.token, telegram.body.id, 'sent');
    expect(t.telegram.sent.at(-1)!.params).toEqual({ chat_id: '31337', text: 'Fixed!', parse_mode: 'HTML' });
  });
});
