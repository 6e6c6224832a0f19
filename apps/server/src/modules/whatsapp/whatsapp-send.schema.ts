import { z } from '@hono/zod-openapi';
import { checkPhoneNumber } from '../numbers/phone-number';

/** The request bodies of `/v1/whatsapp/send/*`: one per message type, each checked at the edge. */

const e164 = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const check = checkPhoneNumber(value);
    if (!check.ok) context.addIssue({ code: 'custom', message: check.message });
  })
  .openapi({ description: "The contact's WhatsApp number, E.164", example: '+14155550100' });

const common = {
  from: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .optional()
    .openapi({ description: 'One of your WhatsApp numbers (default: your first)' }),
  to: e164,
  metadata: z.record(z.string(), z.unknown()).default({}),
  statusCallback: z.url().optional(),
};
const replyTo = {
  replyTo: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .openapi({ description: 'Quote a message: our message id (msg_…) or its WhatsApp id (wamid…)' }),
};
/** Media by our upload id (POST /v1/whatsapp/media) or by a public https link that Meta fetches. */
const media = {
  mediaId: z.string().startsWith('wam_').max(64).optional(),
  link: z.url({ protocol: /^https?$/ }).optional(),
};
const oneMedia = (value: { mediaId?: string; link?: string }) =>
  Boolean(value.mediaId) !== Boolean(value.link);
const ONE_MEDIA = { message: 'give either mediaId or link', path: ['mediaId'] };

export const SendTextSchema = z
  .object({
    ...common,
    ...replyTo,
    body: z.string().min(1).max(4096),
    previewUrl: z
      .boolean()
      .optional()
      .openapi({ description: 'Show a preview of the first URL in the body' }),
  })
  .openapi('WhatsAppSendText');

const Param = z.union([
  z.string(),
  z.object({
    type: z.literal('currency'),
    fallbackValue: z.string(),
    code: z.string().length(3),
    amount1000: z.number().int(),
  }),
  z.object({ type: z.literal('date_time'), fallbackValue: z.string() }),
]);
export const TemplateRequestSchema = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(20).openapi({ example: 'en_US' }),
  header: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text'), text: z.string() }),
      z.object({
        type: z.enum(['image', 'video', 'document']),
        ...media,
        filename: z.string().max(240).optional(),
      }),
      z.object({
        type: z.literal('location'),
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        name: z.string().max(1000).optional(),
        address: z.string().max(1000).optional(),
      }),
    ])
    .optional()
    .openapi({ description: "The header's parameter, when the template's header takes one" }),
  body: z
    .union([z.array(Param).max(100), z.record(z.string(), Param)])
    .default([])
    .openapi({ description: 'Body parameters: a list for {{1}}…, an object by name for named templates' }),
  buttons: z
    .array(
      z.object({
        index: z.number().int().min(0).max(9),
        type: z.enum(['quick_reply', 'url', 'copy_code']),
        payload: z.string().max(1000).optional(),
        text: z.string().max(2000).optional(),
        couponCode: z.string().max(15).optional(),
      }),
    )
    .max(10)
    .default([]),
});
export const SendTemplateSchema = z
  .object({ ...common, template: TemplateRequestSchema })
  .openapi('WhatsAppSendTemplate');

export const SendImageSchema = z
  .object({ ...common, ...replyTo, ...media, caption: z.string().max(1024).optional() })
  .refine(oneMedia, ONE_MEDIA)
  .openapi('WhatsAppSendImage');

export const SendDocumentSchema = z
  .object({
    ...common,
    ...replyTo,
    ...media,
    caption: z.string().max(1024).optional(),
    filename: z.string().max(240).optional(),
  })
  .refine(oneMedia, ONE_MEDIA)
  .openapi('WhatsAppSendDocument');

export const SendButtonsSchema = z
  .object({
    ...common,
    ...replyTo,
    body: z.string().min(1).max(1024),
    header: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('text'), text: z.string().min(1).max(60) }),
        z.object({ type: z.enum(['image', 'video', 'document']), ...media }),
      ])
      .optional(),
    footer: z.string().max(60).optional(),
    buttons: z
      .array(z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }))
      .min(1)
      .max(3)
      .refine(
        (buttons) => new Set(buttons.map((b) => b.title)).size === buttons.length,
        'button titles must differ',
      ),
  })
  .openapi('WhatsAppSendButtons');

export const SendLocationSchema = z
  .object({
    ...common,
    ...replyTo,
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1000).optional(),
    address: z.string().max(1000).optional(),
  })
  .openapi('WhatsAppSendLocation');

export const SendReactionSchema = z
  .object({
    ...common,
    messageId: z
      .string()
      .min(1)
      .max(256)
      .openapi({ description: 'The message reacted to: our id (msg_…) or its WhatsApp id (wamid…)' }),
    emoji: z.string().max(16).openapi({ description: 'One emoji; empty removes your reaction' }),
  })
  .openapi('WhatsAppSendReaction');
