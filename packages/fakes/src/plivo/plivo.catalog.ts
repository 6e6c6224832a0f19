import type { CatalogEntry } from '../catalog';
import { startPlivoFake } from './plivo.fake';

/** `iris fakes` entry for Plivo: signed callbacks and inbound messages to the local IRIS's /hooks/sms/<id>. */
export const plivoCatalogEntry: CatalogEntry = {
  name: 'plivo',
  kind: 'sms',
  async start({ host, port, hooksUrl }) {
    const fake = await startPlivoFake({
      host,
      port,
      authId: 'MAIRISLOCALPLIVO0001',
      authToken: 'iris-local-plivo-auth-token',
      inboundUrl: `${hooksUrl}/inbound`,
    });
    const inboundExample = { from: '+14155550100', to: '+12015550133', body: 'Hello from the Plivo fake' };
    return { server: fake, provider: 'plivo', credentials: fake.credentials, inboundExample };
  },
};
