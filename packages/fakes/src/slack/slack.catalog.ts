import type { CatalogEntry } from '../catalog';
import { startSlackFake } from './slack.fake';

/** `iris fakes` entry: Slack posts events to IRIS's /v1/social/webhook/slack (not /hooks). */
export const slackCatalogEntry: CatalogEntry = {
  name: 'slack',
  kind: 'chat',
  async start({ host, port, hooksUrl }) {
    const fake = await startSlackFake({
      host,
      port,
      // Fixed, so the printed configuration stays valid across restarts.
      botToken: 'xoxb-iris-fakes-slack',
      signingSecret: 'iris-fakes-slack-signing-secret',
      webhookUrl: `${hooksUrl.replace(/\/hooks\/.*$/, '')}/v1/social/webhook/slack`,
    });
    return {
      server: fake.server,
      provider: 'slack',
      credentials: fake.credentials(),
      inboundExample: { from: 'U0DEMO', to: 'C0DEMO', body: 'Hello from the Slack fake' },
    };
  },
};
