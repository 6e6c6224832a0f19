import type { CatalogEntry } from '../catalog';
import { startPostmarkFake } from './postmark.fake';

/** `iris fakes` entry: sends answer with a `Delivery` webhook (Basic credentials, as Postmark does). */
export const postmarkCatalogEntry: CatalogEntry = {
  name: 'postmark',
  kind: 'email',
  async start({ host, port, hooksUrl }) {
    const fake = await startPostmarkFake({
      host,
      port,
      serverToken: 'iris-fakes-postmark-server-token',
      webhookPassword: 'iris-fakes-postmark-webhook-password',
      eventsUrl: `${hooksUrl}/status`,
      inboundUrl: `${hooksUrl}/inbound`,
    });
    return {
      server: fake,
      provider: 'postmark',
      credentials: fake.credentials,
      inboundExample: {
        from: 'ana@example.org',
        to: 'support@example.com',
        body: 'Hello from the Postmark fake',
      },
    };
  },
};
