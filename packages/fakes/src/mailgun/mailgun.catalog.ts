import type { CatalogEntry } from '../catalog';
import { startMailgunFake } from './mailgun.fake';

/** `iris fakes` entry: sends answer with a signed `delivered` event; fixed keys keep the config valid. */
export const mailgunCatalogEntry: CatalogEntry = {
  name: 'mailgun',
  kind: 'email',
  async start({ host, port, hooksUrl }) {
    const fake = await startMailgunFake({
      host,
      port,
      apiKey: 'key-iris-fakes-mailgun',
      domain: 'mg.example.com',
      signingKey: 'iris-fakes-mailgun-webhook-signing-key',
      eventsUrl: `${hooksUrl}/status`,
      inboundUrl: `${hooksUrl}/inbound`,
    });
    return {
      server: fake,
      provider: 'mailgun',
      credentials: fake.credentials,
      inboundExample: {
        from: 'ana@example.org',
        to: 'support@example.com',
        body: 'Hello from the Mailgun fake',
      },
    };
  },
};
