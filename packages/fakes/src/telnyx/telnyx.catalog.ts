import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from '../catalog';
import { startTelnyxFake } from './telnyx.fake';

/** `iris fakes` entry for Telnyx: signed callbacks and inbound messages to the local IRIS's /hooks/sms/<id>. */
export const telnyxCatalogEntry: CatalogEntry = {
  name: 'telnyx',
  kind: 'sms',
  async start({ host, port, hooksUrl, stateDir }) {
    const keyFile = stateDir && join(stateDir, 'telnyx-signing-key.pem');
    const fake = await startTelnyxFake({
      host,
      port,
      apiKey: 'KEYIRISLOCALTELNYX',
      privateKeyPem: keyFile && existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : undefined,
      inboundUrl: `${hooksUrl}/inbound`,
    });
    if (keyFile && !existsSync(keyFile)) {
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(keyFile, fake.privateKeyPem, { mode: 0o600 });
    }
    const inboundExample = { from: '+14155550100', to: '+12015550111', body: 'Hello from the Telnyx fake' };
    return { server: fake, provider: 'telnyx', credentials: fake.credentials, inboundExample };
  },
};
