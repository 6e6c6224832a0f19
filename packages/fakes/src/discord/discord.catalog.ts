import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from '../catalog';
import { startDiscordFake } from './discord.fake';

/** `iris fakes` entry: Discord posts interactions to IRIS's /v1/social/webhook/discord. */
export const discordCatalogEntry: CatalogEntry = {
  name: 'discord',
  kind: 'chat',
  async start({ host, port, hooksUrl, stateDir }) {
    // The application key is kept, so the printed public key stays valid across restarts.
    const keyFile = stateDir && join(stateDir, 'discord-application-key.pem');
    const fake = await startDiscordFake({
      host,
      port,
      botToken: 'iris-fakes-discord-bot-token',
      privateKey: keyFile && existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : undefined,
      webhookUrl: `${hooksUrl.replace(/\/hooks\/.*$/, '')}/v1/social/webhook/discord`,
    });
    if (keyFile && stateDir && !existsSync(keyFile)) {
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(keyFile, fake.privateKeyPem, { mode: 0o600 });
    }
    return {
      server: fake.server,
      provider: 'discord',
      credentials: fake.credentials(),
      inboundExample: {
        from: '1400000000000000001',
        to: '1200000000000000001',
        body: 'Hello from the Discord fake',
      },
    };
  },
};
