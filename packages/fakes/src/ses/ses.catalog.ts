import type { CatalogEntry } from '../catalog';
import { startSesFake } from './ses.fake';

/** `iris fakes` entry: SigV4-checked sends answered with an SNS-signed `Delivery` notification. */
export const sesCatalogEntry: CatalogEntry = {
  name: 'ses',
  kind: 'email',
  async start({ host, port, hooksUrl }) {
    const fake = await startSesFake({
      host,
      port,
      accessKeyId: 'AKIAIRISFAKESSES0001',
      secretAccessKey: 'iris-fakes-ses-secret-access-key',
      eventsUrl: `${hooksUrl}/status`,
    });
    // SES inbound (receipt rules) is not emulated: no inbound example.
    return { server: fake, provider: 'ses', credentials: fake.credentials };
  },
};
