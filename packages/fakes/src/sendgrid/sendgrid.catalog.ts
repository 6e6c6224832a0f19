import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from '../catalog';
import { startSendgridFake } from './sendgrid.fake';

/** `iris fakes` entry: sends answer with a signed `delivered` event; keys kept in the state folder. */
export const sendgridCatalogEntry: CatalogEntry = {
  name: 'sendgrid',
  kind: 'email',
  async start({ host, port, hooksUrl, stateDir }) {
    const keyFile = (name: string) => stateDir && join(stateDir, `sendgrid-${name}-key.pem`);
    const kept = (name: string) => {
      const file = keyFile(name);
      return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    };
    const fake = await startSendgridFake({
      host,
      port,
      apiKey: 'SG.iris-fakes.sendgrid-api-key',
      eventKeyPem: kept('events'),
      inboundKeyPem: kept('inbound'),
      eventsUrl: `${hooksUrl}/status`,
      inboundUrl: `${hooksUrl}/inbound`,
    });
    if (stateDir) {
      mkdirSync(stateDir, { recursive: true });
      for (const [name, pem] of Object.entries(fake.privateKeysPem))
        if (!kept(name)) writeFileSync(keyFile(name)!, pem, { mode: 0o600 });
    }
    return {
      server: fake,
      provider: 'sendgrid',
      credentials: fake.credentials,
      inboundExample: {
        from: 'ana@example.org',
        to: 'support@example.com',
        body: 'Hello from the SendGrid fake',
      },
    };
  },
};
