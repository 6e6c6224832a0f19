import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

/** Whether a PEM parses as a private key (PKCS #8 as Vonage issues it, or PKCS #1). */
function isPrivateKey(pem: string) {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

/**
 * A Vonage account for the Messages API. JWT auth (an application's id and private key) is what
 * Vonage recommends and what signed webhooks and per-message webhook URLs belong to; key and secret
 * (Basic auth) also send. `signatureSecret` verifies the webhooks Vonage signs.
 */
export const VonageCredentialsSchema = z
  .object({
    baseUrl: z.url().default('https://api.nexmo.com'),
    applicationId: z.string().min(1).optional(),
    /** PEM (PKCS #8) private key of the application, as the dashboard downloads it. */
    privateKey: z
      .string()
      .refine(isPrivateKey, 'must be the PEM RSA private key of the application')
      .optional(),
    apiKey: z.string().min(1).optional(),
    apiSecret: z.string().min(1).optional(),
    signatureSecret: z.string().min(16),
  })
  .refine((c) => (c.applicationId && c.privateKey) || (c.apiKey && c.apiSecret), {
    message: 'give applicationId and privateKey (JWT auth), or apiKey and apiSecret (Basic auth)',
  });
export type VonageCredentials = z.infer<typeof VonageCredentialsSchema>;

/** 202 answer of `POST /v1/messages`. */
export const VonageSendResponseSchema = z.object({ message_uuid: z.string().min(1) });

/** RFC 7807 body of Vonage's error answers (`title` is a number in some webhook errors). */
export const VonageProblemSchema = z.object({
  type: z.string().optional(),
  title: z.union([z.string(), z.number()]).optional(),
  detail: z.string().optional(),
});

/** Message status webhook (Messages API v1); unknown statuses are acknowledged and ignored. */
export const VonageStatusWebhookSchema = z.object({
  message_uuid: z.string().min(1),
  to: z.string(),
  from: z.string().optional(),
  timestamp: z.iso.datetime({ offset: true }),
  status: z.string(),
  channel: z.string().optional(),
  client_ref: z.string().optional(),
  error: VonageProblemSchema.optional(),
});

const Attachment = z.object({ url: z.string().min(1), caption: z.string().optional() });

/** Inbound message webhook for the sms and mms channels. */
export const VonageInboundWebhookSchema = z.object({
  channel: z.enum(['sms', 'mms']),
  message_uuid: z.string().min(1),
  to: z.string().min(1),
  from: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  message_type: z.string(),
  text: z.string().optional(),
  image: Attachment.optional(),
  video: Attachment.optional(),
  audio: Attachment.optional(),
  vcard: Attachment.optional(),
  file: Attachment.optional(),
});

/** Claims of the HS256 JWT Vonage puts in `Authorization` of its webhooks. */
export const VonageWebhookClaimsSchema = z.object({
  iat: z.number(),
  payload_hash: z.string().regex(/^[0-9a-f]{64}$/i),
  api_key: z.string().optional(),
  application_id: z.string().optional(),
});
