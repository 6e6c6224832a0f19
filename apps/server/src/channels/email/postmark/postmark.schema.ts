import { z } from 'zod';

export const PostmarkCredentialsSchema = z.object({
  serverToken: z.string().min(1),
  baseUrl: z.string().url().default('https://api.postmarkapp.com'),
  /** `outbound` (transactional) or a broadcast stream id. */
  messageStream: z.string().min(1).default('outbound'),
  /**
   * Postmark signs nothing: its docs secure webhooks with Basic auth credentials put in the webhook
   * URL (`https://user:pass@…`). These are the credentials every webhook must carry.
   */
  webhookUsername: z.string().min(1),
  webhookPassword: z.string().min(12),
});
export type PostmarkCredentials = z.infer<typeof PostmarkCredentialsSchema>;

/** One webhook post (Postmark posts one record per request); fields vary by RecordType. */
export const PostmarkRecordSchema = z.looseObject({
  RecordType: z.string(),
  MessageID: z.string().optional(),
  ID: z.number().optional(),
  Type: z.string().optional(),
  Recipient: z.string().optional(),
  Email: z.string().optional(),
  DeliveredAt: z.string().optional(),
  BouncedAt: z.string().optional(),
  ReceivedAt: z.string().optional(),
  ChangedAt: z.string().optional(),
  Details: z.string().optional(),
  Description: z.string().optional(),
  Inactive: z.boolean().optional(),
  UserAgent: z.string().optional(),
  OriginalLink: z.string().optional(),
  SuppressSending: z.boolean().optional(),
  SuppressionReason: z.string().nullable().optional(),
});
export type PostmarkRecord = z.infer<typeof PostmarkRecordSchema>;

/** The inbound webhook's JSON (parsed email). */
export const PostmarkInboundSchema = z.looseObject({
  MessageID: z.string(),
  FromFull: z.object({ Email: z.string(), Name: z.string().optional() }),
  ToFull: z.array(z.object({ Email: z.string(), Name: z.string().optional() })).default([]),
  CcFull: z.array(z.object({ Email: z.string(), Name: z.string().optional() })).default([]),
  OriginalRecipient: z.string().optional(),
  ReplyTo: z.string().optional(),
  Subject: z.string().optional(),
  Date: z.string().optional(),
  TextBody: z.string().optional(),
  HtmlBody: z.string().optional(),
  Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).default([]),
  Attachments: z
    .array(
      z.object({
        Name: z.string(),
        Content: z.string(),
        ContentType: z.string(),
        ContentLength: z.number().optional(),
        ContentID: z.string().optional(),
      }),
    )
    .default([]),
});
