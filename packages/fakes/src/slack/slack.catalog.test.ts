import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { discordCatalogEntry } from '../discord/discord.catalog';
import { startFakeServer } from '../fake-server';
import { teamsCatalogEntry } from '../teams/teams.catalog';
import { telegramCatalogEntry } from '../telegram/telegram.catalog';
import { slackCatalogEntry } from './slack.catalog';

/** The chat entries of `iris fakes`: each posts a signed message to IRIS's social webhook on /_fake/inbound. */
describe('chat fakes in the catalog', async () => {
  const iris = await startFakeServer({ app: new Hono().post('*', (c) => c.json({ received: 1 })) });
  const hooksUrl = (id: string) => `${iris.url}/hooks/chat/${id}`;
  afterAll(() => iris.close());

  it.each([
    ['slack', slackCatalogEntry, '/v1/social/webhook/slack', 'x-slack-signature'],
    ['discord', discordCatalogEntry, '/v1/social/webhook/discord', 'x-signature-ed25519'],
    ['teams', teamsCatalogEntry, '/v1/social/webhook/teams', 'authorization'],
  ] as const)('%s delivers a signed message to IRIS', async (name, entry, path, header) => {
    const fake = await entry.start({
      host: '127.0.0.1',
      port: 0,
      instanceId: `${name}-local`,
      hooksUrl: hooksUrl(`${name}-local`),
    });
    try {
      const response = await fetch(`${fake.server.url}/_fake/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fake.inboundExample),
      });
      expect(await response.json()).toEqual({ delivered: 200 });
      const delivered = iris.requests.at(-1)!;
      expect(delivered.path).toBe(path);
      expect(delivered.headers[header]).toBeTruthy();
      expect(delivered.body).toContain(
        name === 'discord' ? 'Hello from the Discord fake' : fake.inboundExample!.body,
      );
      expect(fake.provider).toBe(name);
    } finally {
      await fake.server.close();
    }
  });

  it('telegram delivers to the webhook set through its API, with the secret token', async () => {
    const fake = await telegramCatalogEntry.start({
      host: '127.0.0.1',
      port: 0,
      instanceId: 'tg',
      hooksUrl: hooksUrl('tg'),
    });
    try {
      const token = (fake.credentials as { botToken: string }).botToken;
      await fetch(`${fake.server.url}/bot${token}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `${iris.url}/v1/social/webhook/telegram/7000000001`,
          secret_token: 'sekret',
        }),
      });
      const response = await fetch(`${fake.server.url}/_fake/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fake.inboundExample),
      });
      expect(await response.json()).toEqual({ delivered: 200 });
      expect(iris.requests.at(-1)!.headers['x-telegram-bot-api-secret-token']).toBe('sekret');
    } finally {
      await fake.server.close();
    }
  });
});
