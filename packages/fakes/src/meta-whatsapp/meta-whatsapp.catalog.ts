import type { CatalogEntry } from '../catalog';
import { startMetaWhatsAppFake } from './meta-whatsapp.fake';

/**
 * `iris fakes` entry for WhatsApp on Meta's Cloud API. Meta has one callback URL per app: its
 * webhooks go to the local IRIS's /v1/whatsapp/webhook (not /hooks/whatsapp/<id>), which finds the
 * instance by phone number id. Fixed credentials, so the printed config stays valid across restarts;
 * register +16505550142 as a WhatsApp number on this instance to receive its messages.
 */
export const metaWhatsAppCatalogEntry: CatalogEntry = {
  name: 'meta-whatsapp',
  kind: 'whatsapp',
  async start({ host, port, hooksUrl }) {
    const irisUrl = hooksUrl.replace(/\/hooks\/.*$/, '');
    const fake = await startMetaWhatsAppFake({
      host,
      port,
      accessToken: 'iris-local-meta-access-token',
      appSecret: 'iris-local-meta-app-secret',
      verifyToken: 'iris-local-meta-verify-token',
      displayPhoneNumber: '16505550142',
      webhookUrl: `${irisUrl}/v1/whatsapp/webhook`,
    });
    const inboundExample = { from: '+14155550100', to: '+16505550142', body: 'Hello from the WhatsApp fake' };
    return { server: fake, provider: 'meta', credentials: fake.credentials, inboundExample };
  },
};
