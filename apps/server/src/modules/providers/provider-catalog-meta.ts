import type { ChannelKind } from '../../channels/channel';

/** What the portal shows beside a provider's credentials schema: its name and which fields are secret. */
export type ProviderMeta = { displayName: string; secrets: string[] };

/**
 * Per provider module (by kind, then id). Secret fields are write-only through the API: answers show
 * `••••` and the last four characters. A module missing here is listed under its id, with no secrets
 * marked — so a new provider must be added here before tenants may store its credentials.
 */
export const PROVIDER_META: Record<ChannelKind, Record<string, ProviderMeta>> = {
  sms: {
    sandbox: { displayName: 'Sandbox (device simulator)', secrets: [] },
    twilio: { displayName: 'Twilio', secrets: ['authToken', 'apiKeySecret'] },
    telnyx: { displayName: 'Telnyx', secrets: ['apiKey'] },
    bandwidth: { displayName: 'Bandwidth', secrets: ['password', 'callbackPassword'] },
    plivo: { displayName: 'Plivo', secrets: ['authToken'] },
    vonage: { displayName: 'Vonage', secrets: ['privateKey', 'apiSecret', 'signatureSecret'] },
    sinch: { displayName: 'Sinch', secrets: ['apiToken', 'webhookSecret'] },
    messagebird: { displayName: 'MessageBird (Bird)', secrets: ['accessKey', 'signingKey'] },
  },
  email: {
    sandbox: { displayName: 'Sandbox (device simulator)', secrets: [] },
    sendgrid: { displayName: 'SendGrid', secrets: ['apiKey', 'inboundToken'] },
    mailgun: { displayName: 'Mailgun', secrets: ['apiKey', 'webhookSigningKey'] },
    postmark: { displayName: 'Postmark', secrets: ['serverToken', 'webhookPassword'] },
    ses: { displayName: 'Amazon SES', secrets: ['secretAccessKey', 'sessionToken'] },
    smtp: { displayName: 'SMTP relay', secrets: ['password', 'dkimKeys'] },
  },
  whatsapp: {
    sandbox: { displayName: 'Sandbox (device simulator)', secrets: [] },
    meta: { displayName: 'WhatsApp Cloud API (Meta)', secrets: ['accessToken', 'appSecret', 'verifyToken'] },
  },
  chat: {
    sandbox: { displayName: 'Sandbox (device simulator)', secrets: [] },
    slack: { displayName: 'Slack', secrets: ['botToken', 'signingSecret'] },
    discord: { displayName: 'Discord', secrets: ['botToken'] },
    telegram: { displayName: 'Telegram', secrets: ['botToken', 'webhookSecret'] },
    teams: { displayName: 'Microsoft Teams', secrets: ['appPassword'] },
  },
};

/** The docs page of each provider (docs/providers/<page>.md), where it differs from the module id. */
export const DOCS_PAGE: Record<string, string> = { meta: 'meta-whatsapp' };
