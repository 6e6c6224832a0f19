import type { ChannelProvider } from '../channel';

/** The one adapter contract for email senders (SendGrid, Mailgun, SMTP, …). */
export type EmailProvider = ChannelProvider<'email'>;
