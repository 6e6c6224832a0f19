import type { CatalogEntry } from '../catalog';
import { startTwilioFake } from './twilio.fake';

/** `iris fakes` entry for Twilio: signed callbacks and inbound messages to the local IRIS's /hooks/sms/<id>. */
export const twilioCatalogEntry: CatalogEntry = {
  name: 'twilio',
  kind: 'sms',
  async start({ host, port, hooksUrl }) {
    // Fixed credentials: the printed config stays valid across restarts. Status callbacks go where
    // each send asks (its StatusCallback); inbound goes to the number's messaging URL.
    const fake = await startTwilioFake({
      host,
      port,
      accountSid: 'AC0000000000000000000000000000f4e1',
      authToken: 'iris-local-twilio-auth-token',
      inboundUrl: `${hooksUrl}/inbound`,
    });
    const inboundExample = { from: '+14155550100', to: '+15005550006', body: 'Hello from the Twilio fake' };
    return { server: fake, provider: 'twilio', credentials: fake.credentials, inboundExample };
  },
};
