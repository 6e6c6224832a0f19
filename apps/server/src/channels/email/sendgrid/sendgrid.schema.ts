import { z } from 'zod';

export const SendgridCredentialsSchema = z.object({
  apiKey: z.string().min(1),
  /** `https://api.eu.sendgrid.com` for EU subusers; a fake's URL in tests. */
  baseUrl: z.string().url().default('https://api.sendgrid.com'),
  /** Event Webhook verification key (base64 DER or PEM of the ECDSA P-256 public key). */
  eventPublicKey: z.string().min(1).optional(),
  /** Inbound Parse security policy's public key; without it (or `inboundToken`) inbound posts are refused. */
  inboundPublicKey: z.string().min(1).optional(),
  /** Alternative for Parse settings with no security policy: a secret the Parse URL carries as `?token=`. */
  inboundToken: z.string().min(16).optional(),
  /** `mail_settings.sandbox_mode`: SendGrid validates and drops (no delivery). */
  sandboxMode: z.boolean().default(false),
});
export type SendgridCredentials = z.infer<typeof SendgridCredentialsSchema>;

/** One Event Webhook event; SendGrid adds fields over time (and custom_args at the top level), so extra keys pass. */
export const SendgridEventSchema = z.looseObject({
  event: z.string(),
  email: z.string(),
  timestamp: z.number(),
  sg_event_id: z.string().min(1),
  sg_message_id: z.string().optional(),
  reason: z.string().optional(),
  response: z.string().optional(),
  type: z.string().optional(),
  url: z.string().optional(),
  useragent: z.string().optional(),
  ip: z.string().optional(),
  status: z.string().optional(),
});
export type SendgridEvent = z.infer<typeof SendgridEventSchema>;
export const SendgridEventsSchema = z.array(SendgridEventSchema);
