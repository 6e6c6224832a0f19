import { z } from 'zod';

const RAW_ED25519_KEY = (value: string) => Buffer.from(value, 'base64').length === 32;

/**
 * A Telnyx account: the API key (v2, Bearer) and the account's webhook public key (base64 of the
 * raw 32-byte Ed25519 key, as the portal shows it). `messagingProfileId` is sent with each message
 * when given (required by Telnyx for number-pool and alphanumeric senders).
 */
export const TelnyxCredentialsSchema = z.object({
  apiKey: z.string().min(1),
  publicKey: z.string().refine(RAW_ED25519_KEY, 'base64 of a raw 32-byte Ed25519 public key'),
  messagingProfileId: z.string().optional(),
  baseUrl: z.url().default('https://api.telnyx.com'),
  /** How old (or early) a webhook's telnyx-timestamp may be; Telnyx's SDKs use 300 s. */
  timestampToleranceSeconds: z.number().int().min(1).default(300),
});
export type TelnyxCredentials = z.infer<typeof TelnyxCredentialsSchema>;

const AddressSchema = z.object({ phone_number: z.string(), status: z.string().optional() });
const ErrorItemSchema = z.object({
  code: z.union([z.string(), z.number()]).transform(String),
  title: z.string().optional(),
  detail: z.string().optional(),
});

/** The message object, in send responses and in webhook payloads. */
export const TelnyxMessageSchema = z.looseObject({
  id: z.string(),
  direction: z.string().optional(),
  type: z.string().optional(),
  from: AddressSchema.partial().optional(),
  to: z.array(AddressSchema).default([]),
  text: z.string().nullable().optional(),
  media: z
    .array(z.object({ url: z.string(), content_type: z.string().nullable().optional() }).loose())
    .default([]),
  errors: z.array(ErrorItemSchema).default([]),
  received_at: z.string().nullable().optional(),
});

export const TelnyxSendResponseSchema = z.object({ data: TelnyxMessageSchema });
export const TelnyxErrorResponseSchema = z.object({ errors: z.array(ErrorItemSchema).min(1) });

/** The webhook envelope: `data.id` is the event's id (the same on every delivery of the event). */
export const TelnyxWebhookSchema = z.object({
  data: z.object({
    record_type: z.string().optional(),
    id: z.string(),
    event_type: z.string(),
    occurred_at: z.string(),
    payload: TelnyxMessageSchema,
  }),
  meta: z.object({ attempt: z.number().optional(), delivered_to: z.string().optional() }).optional(),
});
