import { z } from '@hono/zod-openapi';

/** Header values go onto the wire as-is: no line breaks (header injection), no control characters. */
const headerValue = z
  .string()
  .max(998)
  .regex(/^[^\r\n\0]*$/, 'must not contain line breaks');
const address = z.email().max(254);

/** Custom headers a tenant may add: `X-…` only, so none can forge routing, threading or authentication. */
export const CustomHeadersSchema = z
  .record(z.string().regex(/^X-[A-Za-z0-9-]{1,74}$/, 'custom headers are X- headers'), headerValue)
  .refine((headers) => Object.keys(headers).length <= 50, 'at most 50 custom headers')
  .openapi({ description: 'Custom X- headers', example: { 'X-Campaign': 'spring' } });

export const TrackingSchema = z
  .object({ opens: z.boolean().optional(), clicks: z.boolean().optional() })
  .openapi('EmailTracking', { description: 'Unset flags take the installation default' });

export const AttachmentRefSchema = z.object({
  filename: z.string().min(1).max(255),
  contentType: z.string().min(1).max(255),
  storageKey: z.string().min(1),
  size: z.number().int().min(0),
  contentId: z.string().max(255).optional(),
});

/**
 * What a caller of createOutboundMessage passes as `content` for channel email (and what
 * /v1/messages builds from its `html` and `email` fields). The send step turns it into the channel's
 * EmailContent: Message-ID, tracking and List-Unsubscribe are ours to add, never the caller's.
 */
export const EmailDraftSchema = z.object({
  html: z.string().max(5_000_000).optional(),
  fromName: headerValue.max(200).optional(),
  cc: z.array(address).max(50).optional(),
  bcc: z.array(address).max(50).optional(),
  replyTo: address.optional(),
  headers: CustomHeadersSchema.optional(),
  attachments: z.array(AttachmentRefSchema).max(20).optional(),
  inReplyTo: headerValue.optional(),
  references: z.array(headerValue).max(100).optional(),
  tags: z.array(z.string().min(1).max(100)).max(10).optional(),
  tracking: TrackingSchema.optional(),
  /** List-Unsubscribe (RFC 8058 one-click): on for bulk sends, off for one-to-one replies. */
  unsubscribe: z.boolean().optional(),
});
export type EmailDraft = z.infer<typeof EmailDraftSchema>;

/** The email-only fields of POST /v1/messages (`channel: email`). */
export const MessageEmailFieldsSchema = EmailDraftSchema.omit({ html: true, attachments: true }).openapi(
  'MessageEmailFields',
);
