import { z } from 'zod';

export const MailgunCredentialsSchema = z.object({
  apiKey: z.string().min(1),
  /** The sending domain: sends go to `/v3/{domain}/messages`. */
  domain: z.string().min(1),
  /** `https://api.eu.mailgun.net` for EU domains; a fake's URL in tests. */
  baseUrl: z.string().url().default('https://api.mailgun.net'),
  /** The HTTP webhook signing key (signs event webhooks and route forwards). */
  webhookSigningKey: z.string().min(1),
  /** Signed timestamps older (or further in the future) than this are refused as replays. */
  webhookMaxAgeSeconds: z.number().int().positive().default(900),
});
export type MailgunCredentials = z.infer<typeof MailgunCredentialsSchema>;

export const MailgunSignatureSchema = z.object({
  timestamp: z.union([z.string(), z.number()]).transform(String),
  token: z.string().min(1),
  signature: z.string().min(1),
});

/** `event-data`: Mailgun adds fields without notice, so only what we read is declared. */
export const MailgunEventDataSchema = z.looseObject({
  event: z.string(),
  id: z.string().min(1),
  timestamp: z.number(),
  recipient: z.string().optional(),
  severity: z.string().optional(),
  reason: z.string().optional(),
  url: z.string().optional(),
  ip: z.string().optional(),
  message: z
    .looseObject({ headers: z.looseObject({ 'message-id': z.string().optional() }).optional() })
    .optional(),
  'delivery-status': z
    .looseObject({
      description: z.string().optional(),
      message: z.string().optional(),
      code: z.number().optional(),
    })
    .optional(),
  'client-info': z.looseObject({ 'user-agent': z.string().optional() }).optional(),
});
export type MailgunEventData = z.infer<typeof MailgunEventDataSchema>;

export const MailgunWebhookSchema = z.object({
  signature: MailgunSignatureSchema,
  'event-data': MailgunEventDataSchema,
});
