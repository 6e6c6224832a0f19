import { z } from 'zod';

/**
 * A Plivo account (or subaccount): Auth ID and Auth Token — HTTP Basic for the API, and the key of
 * the webhook signatures. V2 signatures (X-Plivo-Signature-V2) cover only the URL and a nonce, not
 * the body: anyone holding one captured request could forge others, so they are refused unless
 * `acceptV2Signatures` says otherwise.
 */
export const PlivoCredentialsSchema = z.object({
  authId: z.string().min(1),
  authToken: z.string().min(1),
  /** Sent as `powerpack_uuid` (number pools). */
  powerpackUuid: z.string().optional(),
  baseUrl: z.url().default('https://api.plivo.com'),
  /** The origin Plivo calls us on, when a proxy in front of IRIS changes the URL we see. */
  webhookOrigin: z.url().optional(),
  acceptV2Signatures: z.boolean().default(false),
});
export type PlivoCredentials = z.infer<typeof PlivoCredentialsSchema>;

export const PlivoSendResponseSchema = z.object({
  api_id: z.string().optional(),
  message: z.string().optional(),
  message_uuid: z.array(z.string()).min(1),
});
export const PlivoErrorSchema = z.object({ api_id: z.string().optional(), error: z.unknown() });

/** A message status callback (form params). */
export const PlivoStatusCallbackSchema = z.looseObject({
  MessageUUID: z.string().min(1),
  Status: z.string().min(1),
  ErrorCode: z.string().optional(),
  To: z.string().optional(),
  From: z.string().optional(),
});

/** An incoming message (form params); MMS media as Media1..Media{MediaCount}. */
export const PlivoInboundSchema = z.looseObject({
  MessageUUID: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  Type: z.string().default('sms'),
  Text: z.string().optional(),
  Body: z.string().optional(),
  MediaCount: z.coerce.number().int().min(0).default(0),
});
