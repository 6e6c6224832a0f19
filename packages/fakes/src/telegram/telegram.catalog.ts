import type { CatalogEntry } from '../catalog';
import { startTelegramFake } from './telegram.fake';

/**
 * `iris fakes` entry: the bot's webhook is set when it is added as a social account
 * (POST /v1/social/accounts), which calls setWebhook on the fake with IRIS's URL and secret.
 */
export const telegramCatalogEntry: CatalogEntry = {
  name: 'telegram',
  kind: 'chat',
  async start({ host, port }) {
    const fake = await startTelegramFake({ host, port, botToken: '7000000001:AAFiris-fakes-telegram-token' });
    return {
      server: fake.server,
      provider: 'telegram',
      credentials: fake.credentials('iris-fakes-telegram-webhook-secret'),
      inboundExample: { from: '31337', to: String(fake.botId), body: 'Hello from the Telegram fake' },
    };
  },
};
