import type { ChannelProvider } from '../channel';

/** The one adapter contract for SMS and MMS carriers (Twilio, Telnyx, …). */
export type SmsProvider = ChannelProvider<'sms'>;
