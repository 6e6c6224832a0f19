import { sandboxProviderModule } from '../sandbox/sandbox.adapter';
import { bandwidthProviderModule } from './bandwidth/bandwidth.adapter';
import { messageBirdProviderModule } from './messagebird/messagebird.adapter';
import { plivoProviderModule } from './plivo/plivo.adapter';
import { sinchProviderModule } from './sinch/sinch.adapter';
import { telnyxProviderModule } from './telnyx/telnyx.adapter';
import { twilioProviderModule } from './twilio/twilio.adapter';
import { vonageProviderModule } from './vonage/vonage.adapter';

/** Every sms provider IRIS can run: adding one is one folder and one line here. */
export const SMS_PROVIDERS = [
  sandboxProviderModule('sms'),
  vonageProviderModule,
  messageBirdProviderModule,
  sinchProviderModule,
  twilioProviderModule,
  telnyxProviderModule,
  bandwidthProviderModule,
  plivoProviderModule,
] as const;
