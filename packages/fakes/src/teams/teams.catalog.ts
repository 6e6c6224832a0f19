import type { CatalogEntry } from '../catalog';
import { startTeamsFake } from './teams.fake';

/** `iris fakes` entry: the Bot Framework posts activities to IRIS's /v1/social/webhook/teams. */
export const teamsCatalogEntry: CatalogEntry = {
  name: 'teams',
  kind: 'chat',
  async start({ host, port, hooksUrl }) {
    const fake = await startTeamsFake({
      host,
      port,
      appPassword: 'iris-fakes-teams-app-password',
      webhookUrl: `${hooksUrl.replace(/\/hooks\/.*$/, '')}/v1/social/webhook/teams`,
    });
    return {
      server: fake.server,
      provider: 'teams',
      credentials: fake.credentials(),
      inboundExample: { from: 'aad-demo-user', to: 'a:1demo', body: 'Hello from the Teams fake' },
    };
  },
};
