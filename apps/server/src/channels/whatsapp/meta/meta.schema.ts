import { z } from 'zod';

/** One WhatsApp business phone number on Meta's Cloud API (an entry of MESSAGING_PROVIDERS). */
export const MetaCredentialsSchema = z.object({
  /** A system-user (or business) access token with whatsapp_business_messaging/management. */
  accessToken: z.string().min(1),
  phoneNumberId: z.string().regex(/^\d+$/, 'digits'),
  businessAccountId: z.string().regex(/^\d+$/, 'digits'),
  /** Signs the webhooks (X-Hub-Signature-256). */
  appSecret: z.string().min(1),
  /** What Meta sends back in the subscription handshake (hub.verify_token). */
  verifyToken: z.string().min(1),
  graphBaseUrl: z.url().default('https://graph.facebook.com'),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v23.0'),
});
export type MetaCredentials = z.infer<typeof MetaCredentialsSchema>;

export const GraphErrorSchema = z.object({
  error: z.object({
    message: z.string().default(''),
    type: z.string().optional(),
    code: z.number(),
    error_subcode: z.number().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

export const SendResponseSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string() })).default([]),
  messages: z.array(z.object({ id: z.string(), message_status: z.string().optional() })).min(1),
});

export const MediaInfoSchema = z.object({
  url: z.url(),
  mime_type: z.string(),
  file_size: z.coerce.number().optional(),
  sha256: z.string().optional(),
  id: z.string(),
});

/** A template as `GET /{waba-id}/message_templates` lists it. */
export const GraphTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string(),
  parameter_format: z.string().optional(),
  components: z.array(z.record(z.string(), z.unknown())).default([]),
  rejected_reason: z.string().optional(),
});
export type GraphTemplate = z.infer<typeof GraphTemplateSchema>;
export const TemplatePageSchema = z.object({
  data: z.array(GraphTemplateSchema),
  paging: z.object({ next: z.url().optional() }).loose().optional(),
});

export const PhoneNumberInfoSchema = z
  .object({
    id: z.string(),
    display_phone_number: z.string().optional(),
    verified_name: z.string().optional(),
    quality_rating: z.string().optional(),
    code_verification_status: z.string().optional(),
    platform_type: z.string().optional(),
    throughput: z.object({ level: z.string() }).optional(),
  })
  .loose();

// Webhooks: the envelope is checked strictly; message and value objects loosely (Meta adds fields).
const MediaObject = z
  .object({
    id: z.string(),
    mime_type: z.string().optional(),
    sha256: z.string().optional(),
    caption: z.string().optional(),
    filename: z.string().optional(),
  })
  .loose();
const WebhookError = z
  .object({
    code: z.number(),
    title: z.string().optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
  })
  .loose();

export const WebhookMessageSchema = z
  .object({
    from: z.string(),
    id: z.string(),
    timestamp: z.string(),
    type: z.string(),
    context: z.object({ from: z.string().optional(), id: z.string().optional() }).loose().optional(),
    text: z.object({ body: z.string() }).optional(),
    image: MediaObject.optional(),
    video: MediaObject.optional(),
    audio: MediaObject.optional(),
    document: MediaObject.optional(),
    sticker: MediaObject.optional(),
    location: z
      .object({
        latitude: z.number(),
        longitude: z.number(),
        name: z.string().optional(),
        address: z.string().optional(),
      })
      .loose()
      .optional(),
    contacts: z.array(z.record(z.string(), z.unknown())).optional(),
    interactive: z.record(z.string(), z.unknown()).optional(),
    button: z.object({ text: z.string().optional(), payload: z.string().optional() }).loose().optional(),
    reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).loose().optional(),
    order: z.record(z.string(), z.unknown()).optional(),
    system: z.object({ body: z.string().optional() }).loose().optional(),
    referral: z.record(z.string(), z.unknown()).optional(),
    errors: z.array(WebhookError).optional(),
  })
  .loose();
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>;

export const WebhookStatusSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    timestamp: z.string(),
    recipient_id: z.string().optional(),
    errors: z.array(WebhookError).optional(),
    biz_opaque_callback_data: z.string().optional(),
  })
  .loose();

export const MessagesValueSchema = z
  .object({
    metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string() }),
    contacts: z
      .array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).optional() }))
      .optional(),
    messages: z.array(WebhookMessageSchema).optional(),
    statuses: z.array(WebhookStatusSchema).optional(),
    errors: z.array(WebhookError).optional(),
  })
  .loose();

export const TemplateStatusValueSchema = z
  .object({
    event: z.string(),
    message_template_id: z.union([z.number(), z.string()]).transform(String),
    message_template_name: z.string(),
    message_template_language: z.string(),
    reason: z.string().nullable().optional(),
    message_template_category: z.string().optional(),
  })
  .loose();

export const WebhookEnvelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;
