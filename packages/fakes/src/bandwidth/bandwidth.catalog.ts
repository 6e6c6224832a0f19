import type { CatalogEntry } from '../catalog';
import { startBandwidthFake } from './bandwidth.fake';

/** `iris fakes` entry for Bandwidth: signed callbacks and inbound messages to the local IRIS's /hooks/sms/<id>. */
export const bandwidthCatalogEntry: CatalogEntry = {
  name: 'bandwidth',
  kind: 'sms',
  async start({ host, port, hooksUrl }) {
    // One callback URL per Bandwidth application, for inbound and delivery events alike.
    const fake = await startBandwidthFake({
      host,
      port,
      accountId: '9900001',
      username: 'iris-local-api-user',
      password: 'iris-local-api-password',
      applicationId: '3c5b9d2e-7a41-4f08-b6e2-1d9c0a8f7e35',
      callbackPassword: 'iris-local-callback-password',
      callbackUrl: `${hooksUrl}/inbound`,
    });
    const inboundExample = {
      from: '+14155550100',
      to: '+12015550122',
      body: 'Hello from the Bandwidth fake',
    };
    return { server: fake, provider: 'bandwidth', credentials: fake.credentials, inboundExample };
  },
};
