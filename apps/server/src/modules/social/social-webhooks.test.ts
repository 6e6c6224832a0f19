import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { type SocialIris, startSocialIris, TELEGRAM_SECRET } from './social.test-kit';

/**
 * Inbound from each platform through HTTP into a tenant: signed deliveries stored once and handed to
 * the conversation hook with the normalized sender; forged, stale or mis-addressed ones refused
 * with 401 and nothing stored. Slack runs on every database; the others on PGlite (CPU).
 */
describe.each(databaseKinds())('chat platform webhooks on %s', (kind) => {
  let t: SocialIris;
  let alpha: { token: string; tenantId: string };
  const hook = (platform: string) => `${t.url}/v1/social/webhook/${platform}`;
  const inbound = async (platform: string): Promise<Json[]> =>
    (await t.call(alpha.token, `/v1/social/messages?platform=${platform}&direction=inbound`)).body.data;

  beforeAll(async () => {
    t = await startSocialIris(kind);
    alpha = await t.signup('Alpha Chat');
    for (const [platform, provider] of [
      ['slack', 'slack-main'],
      ['discord', 'discord-main'],
      ['telegram', 'telegram-main'],
      ['teams', 'teams-main'],
    ]) {
      const created = await t.call(alpha.token, '/v1/social/accounts', { body: { platform, provider } });
      if (created.status !== 201) throw new Error(`${platform} account: ${JSON.stringify(created.body)}`);
    }
    // Four fakes and a whole IRIS: generous on a machine shared with other suites.
  }, 120_000);
  afterAll(() => t?.close());

  describe('slack', () => {
    it('answers url_verification with the challenge', async () => {
      const response = await t.slack.postUrlVerification(hook('slack'), 'challenge-3eZbrw1aBm');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ challenge: 'challenge-3eZbrw1aBm' });
    });

    it('stores a signed message once, even when Slack retries it, and hands it to the conversation hook', async () => {
      const envelope = t.slack.messageEvent({ user: 'U0CUSTOMER', text: 'Where is my order?' });
      const first = await t.slack.postEvent(hook('slack'), envelope);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ received: 1 });
      const retry = await t.slack.postEvent(hook('slack'), envelope, { retryNum: 1 });
      expect(await retry.json()).toEqual({ received: 0 });
      const rows = (await inbound('slack')).filter((m) => m.text === 'Where is my order?');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        from: 'slack:T0FAKE:U0CUSTOMER',
        to: 'slack:T0FAKE',
        status: 'received',
      });
      expect(t.hooked).toContainEqual({
        tenantId: alpha.tenantId,
        channel: 'slack',
        from: 'slack:T0FAKE:U0CUSTOMER',
        to: 'slack:T0FAKE',
        body: 'Where is my order?',
      });
    });

    it('refuses a forged, unsigned or stale request with 401 and stores nothing', async () => {
      const before = (await inbound('slack')).length;
      const forged = await t.slack.postEvent(
        hook('slack'),
        t.slack.messageEvent({ user: 'U1', text: 'forged' }),
        {
          secret: 'not-the-signing-secret',
        },
      );
      const unsigned = await t.slack.postEvent(
        hook('slack'),
        t.slack.messageEvent({ user: 'U1', text: 'bare' }),
        {
          unsigned: true,
        },
      );
      const stale = await t.slack.postEvent(
        hook('slack'),
        t.slack.messageEvent({ user: 'U1', text: 'replayed' }),
        {
          timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
        },
      );
      for (const response of [forged, unsigned, stale]) {
        expect(response.status).toBe(401);
        expect(((await response.json()) as Json).code).toBe('unauthorized');
      }
      expect(await inbound('slack')).toHaveLength(before);
    });

    it('stores a button click (interactivity payload) as an inbound message', async () => {
      const response = await t.slack.postInteraction(
        hook('slack'),
        t.slack.blockAction({ user: 'U0CUSTOMER', actionId: 'csat', value: 'great' }),
      );
      expect(response.status).toBe(200);
      expect(await inbound('slack')).toContainEqual(
        expect.objectContaining({ from: 'slack:T0FAKE:U0CUSTOMER', text: 'great' }),
      );
    });

    it('acknowledges, but stores nothing for, a workspace no tenant registered', async () => {
      const envelope = { ...t.slack.messageEvent({ user: 'U1', text: 'nobody home' }), team_id: 'T0NOBODY' };
      const response = await t.slack.postEvent(hook('slack'), envelope);
      expect(await response.json()).toEqual({ received: 0 });
    });
  });

  // The other platforms share this pipeline: PGlite alone proves their wire handling.
  if (kind !== 'pglite') return;

  describe('discord', () => {
    it('answers PING with PONG', async () => {
      const response = await t.discord.postInteraction(hook('discord'), t.discord.ping());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ type: 1 });
    });

    it('stores a slash command once (a redelivery is dropped) with sender discord:<user id>', async () => {
      const command = t.discord.command({
        user: '1400000000000000001',
        channelId: '1200000000000000001',
        guildId: '1500000000000000001',
        name: 'support',
        options: [{ name: 'issue', type: 3, value: 'cannot log in' }],
      });
      const first = await t.discord.postInteraction(hook('discord'), command);
      expect(((await first.json()) as Json).type).toBe(4);
      await t.discord.postInteraction(hook('discord'), command);
      const rows = (await inbound('discord')).filter((m) => m.text === '/support issue:cannot log in');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        from: 'discord:1400000000000000001',
        to: `discord:${t.discord.applicationId}`,
      });
      expect(t.hooked).toContainEqual(
        expect.objectContaining({ channel: 'discord', from: 'discord:1400000000000000001' }),
      );
    });

    it('refuses a bad or missing signature with 401 and stores nothing', async () => {
      const before = (await inbound('discord')).length;
      const click = t.discord.component({
        user: '1400000000000000002',
        channelId: '1200000000000000001',
        customId: 'x',
      });
      expect((await t.discord.postInteraction(hook('discord'), click, { badSignature: true })).status).toBe(
        401,
      );
      expect((await t.discord.postInteraction(hook('discord'), click, { unsigned: true })).status).toBe(401);
      expect(
        (await t.discord.postInteraction(hook('discord'), t.discord.ping(), { badSignature: true })).status,
      ).toBe(401);
      expect(await inbound('discord')).toHaveLength(before);
    });
  });

  describe('telegram', () => {
    it('set its webhook at account creation: our URL with the bot id, and the secret token', () => {
      expect(t.telegram.webhook()).toMatchObject({
        url: `${t.publicUrl}/v1/social/webhook/telegram/${t.telegram.botId}`,
        secretToken: TELEGRAM_SECRET,
      });
    });

    it('stores an update once (same update_id again is dropped) with sender telegram:<user id>', async () => {
      const update = t.telegram.textUpdate(31337, 'hello bot');
      expect(await (await t.telegram.deliver(update)).json()).toEqual({ received: 1 });
      expect(await (await t.telegram.deliver(update)).json()).toEqual({ received: 0 });
      const rows = (await inbound('telegram')).filter((m) => m.text === 'hello bot');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ from: 'telegram:31337', to: `telegram:${t.telegram.botId}` });
      expect(t.hooked).toContainEqual(
        expect.objectContaining({ channel: 'telegram', from: 'telegram:31337' }),
      );
    });

    it('refuses a wrong or missing secret token, and an unknown bot in the path, storing nothing', async () => {
      const before = (await inbound('telegram')).length;
      const update = t.telegram.textUpdate(31338, 'sneaky');
      expect((await t.telegram.deliver(update, { secret: 'wrong-secret' })).status).toBe(401);
      expect((await t.telegram.deliver(update, { secret: null })).status).toBe(401);
      expect(
        (await t.telegram.deliver(update, { url: `${t.url}/v1/social/webhook/telegram/999` })).status,
      ).toBe(401);
      expect(await inbound('telegram')).toHaveLength(before);
    });

    it('stores a photo, then replaces its file reference with our stored copy', async () => {
      const fileId = t.telegram.addFile('photos/file_7.jpg', new Uint8Array([255, 216, 255, 224]));
      await t.telegram.deliver(t.telegram.photoUpdate(31339, [fileId], 'the damage'));
      const stored = await waitFor(async () => {
        const row = (await inbound('telegram')).find((m) => m.text === 'the damage');
        expect(row.media[0]).toMatch(new RegExp(`^${t.publicUrl}/v1/messages/msg_\\w+/media/med_`));
        return row;
      });
      const download = await fetch(stored.media[0], { headers: { authorization: `Bearer ${alpha.token}` } });
      expect(download.status).toBe(200);
      expect([...new Uint8Array(await download.arrayBuffer())]).toEqual([255, 216, 255, 224]);
    });
  });

  describe('teams', () => {
    it('stores an activity with a valid Bot Framework token once, sender teams:<aad object id>', async () => {
      const activity = t.teams.messageActivity({ aadObjectId: 'aad-0001', text: 'VPN is down' });
      expect(await (await t.teams.postActivity(hook('teams'), activity)).json()).toEqual({ received: 1 });
      expect(await (await t.teams.postActivity(hook('teams'), activity)).json()).toEqual({ received: 0 });
      const rows = (await inbound('teams')).filter((m) => m.text === 'VPN is down');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        from: 'teams:aad-0001',
        to: `teams:${t.teams.appId}`,
        content: { serviceUrl: t.teams.serviceUrl, conversationId: 'a:1personalchat' },
      });
      expect(t.hooked).toContainEqual(expect.objectContaining({ channel: 'teams', from: 'teams:aad-0001' }));
    });

    it.each([
      ['a key the OpenID document does not list', { foreignKey: true }],
      ['another audience', { aud: 'another-bot' }],
      ['an expired token', { expiresIn: -900 }],
      ['no token', { authorization: null }],
    ] as const)('refuses %s with 401 and stores nothing', async (_name, options) => {
      const before = (await inbound('teams')).length;
      const activity = t.teams.messageActivity({ aadObjectId: 'aad-0002', text: 'forged' });
      expect((await t.teams.postActivity(hook('teams'), activity, options)).status).toBe(401);
      expect(await inbound('teams')).toHaveLength(before);
    });
  });
});
