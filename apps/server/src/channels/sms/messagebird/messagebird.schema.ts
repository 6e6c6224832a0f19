import { z } from 'zod';

/**
 * A MessageBird (now Bird) account on the SMS REST API: the live access key sends; the signing key
 * (Dashboard → Developers → settings; not the access key) verifies the webhooks MessageBird signs.
 */
export const MessageBirdCredentialsSchema = z.object({
  baseUrl: z.url().default('https://rest.messagebird.com'),
  accessKey: z.string().min(1),
  signingKey: z.string().min(1),
});
export type MessageBirdCredentials = z.infer<typeof MessageBirdCredentialsSchema>;

/** 201 answer of `POST /messages` and `POST /mms` (the fields we read). */
export const MessageBirdSendResponseSchema = z.object({
  id: z.string().min(1),
  recipients: z.object({ items: z.array(z.object({ status: z.string() })).default([]) }).optional(),
});

/** Error answers: `{"errors": [{"code", "description", "parameter"}]}`. */
export const MessageBirdErrorsSchema = z.object({
  errors: z.array(z.object({ code: z.number(), description: z.string(), parameter: z.string().nullish() })),
});

/** A status report: query parameters of the GET MessageBird sends to the report URL. */
export const MessageBirdStatusReportSchema = z.object({
  id: z.string().min(1),
  reference: z.string().optional(),
  recipient: z.string().min(1),
  status: z.string().min(1),
  statusDatetime: z.iso.datetime({ offset: true }),
  statusReason: z.string().optional(),
  statusErrorCode: z.string().optional(),
});

/** An inbound SMS as Flow Builder's "Forward to URL" step posts it (form-encoded or JSON). */
export const MessageBirdInboundSchema = z.object({
  id: z.string().min(1),
  recipient: z.string().min(1),
  originator: z.string().min(1),
  payload: z.string().optional(),
  body: z.string().optional(),
  createdDatetime: z.iso.datetime({ offset: true }).optional(),
});

/** Claims of the `MessageBird-Signature-JWT` header. */
export const MessageBirdClaimsSchema = z.object({
  jti: z.string().min(1),
  url_hash: z.string().regex(/^[0-9a-f]{64}$/i),
  payload_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/i)
    .optional(),
});
