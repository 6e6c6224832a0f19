import { z } from 'zod';

/**
 * What a WhatsApp message carries beyond `body`, stored in the message's `content` and parsed by
 * the adapter at send time. The message's `body` is the text of `text` messages, the caption of
 * media and the body of interactive buttons; a template's text comes from the template itself.
 */

/** A media item: a WhatsApp media id, a public link, or our own uploaded copy (uploaded to the provider at send time). */
export const MediaRefSchema = z
  .object({
    id: z.string().min(1).max(128).optional(),
    link: z.url().optional(),
    storageKey: z.string().min(1).max(300).optional(),
    contentType: z.string().max(200).optional(),
    filename: z.string().max(240).optional(),
  })
  .refine(
    (m) => [m.id, m.link, m.storageKey].filter(Boolean).length === 1,
    'give exactly one of id, link, storageKey',
  );
export type MediaRef = z.infer<typeof MediaRefSchema>;

/** A body (or text header) parameter; `name` for templates with named parameters. */
export const TemplateParamSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string(), name: z.string().optional() }),
  z.object({
    type: z.literal('currency'),
    currency: z.object({
      fallbackValue: z.string(),
      code: z.string().length(3),
      amount1000: z.number().int(),
    }),
    name: z.string().optional(),
  }),
  z.object({
    type: z.literal('date_time'),
    dateTime: z.object({ fallbackValue: z.string() }),
    name: z.string().optional(),
  }),
]);
export type TemplateParam = z.infer<typeof TemplateParamSchema>;

export const LocationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().max(1000).optional(),
  address: z.string().max(1000).optional(),
});

export const TemplateHeaderSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), params: z.array(TemplateParamSchema).max(1) }),
  z.object({ type: z.enum(['image', 'video', 'document']), media: MediaRefSchema }),
  z.object({ type: z.literal('location'), location: LocationSchema }),
]);

export const TemplateButtonSchema = z.object({
  index: z.number().int().min(0).max(9),
  subType: z.enum(['quick_reply', 'url', 'copy_code']),
  payload: z.string().max(1000).optional(),
  text: z.string().max(2000).optional(),
  couponCode: z.string().max(15).optional(),
});
export type TemplateButton = z.infer<typeof TemplateButtonSchema>;

export const TemplateContentSchema = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(20),
  header: TemplateHeaderSchema.optional(),
  body: z.array(TemplateParamSchema).max(100).default([]),
  buttons: z.array(TemplateButtonSchema).max(10).default([]),
});
export type TemplateContent = z.infer<typeof TemplateContentSchema>;

const replyTo = { replyTo: z.string().min(1).max(256).optional() };
export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const WhatsAppContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), previewUrl: z.boolean().optional(), ...replyTo }),
  z.object({ type: z.literal('template'), template: TemplateContentSchema, ...replyTo }),
  z.object({ type: z.enum(MEDIA_TYPES), media: MediaRefSchema, ...replyTo }),
  z.object({
    type: z.literal('buttons'),
    header: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('text'), text: z.string().min(1).max(60) }),
        z.object({ type: z.enum(['image', 'video', 'document']), media: MediaRefSchema }),
      ])
      .optional(),
    footer: z.string().max(60).optional(),
    buttons: z
      .array(z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }))
      .min(1)
      .max(3),
    ...replyTo,
  }),
  z.object({ type: z.literal('location'), location: LocationSchema, ...replyTo }),
  z.object({
    type: z.literal('reaction'),
    /** The wamid of the message reacted to; an empty emoji removes the reaction. */
    reaction: z.object({ messageId: z.string().min(1).max(256), emoji: z.string().max(16) }),
  }),
]);
export type WhatsAppContent = z.infer<typeof WhatsAppContentSchema>;

/** Free-form messages need the 24-hour customer service window; only templates go out without it. */
export const isFreeForm = (content: WhatsAppContent) => content.type !== 'template';

const EXTENSION_TYPES: Record<string, MediaType> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  mp4: 'video',
  '3gp': 'video',
  aac: 'audio',
  amr: 'audio',
  mp3: 'audio',
  m4a: 'audio',
  ogg: 'audio',
  opus: 'audio',
  webp: 'sticker',
};

/** What a media link most likely is, by its file extension (a document when unsure). */
export function mediaTypeOfUrl(url: string): MediaType {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? 'document';
}

/** The content of a message sent with only a body and media links (`POST /v1/messages`). */
export function contentOfPlainMessage(message: { media: string[] }): WhatsAppContent {
  const [link] = message.media;
  if (!link) return { type: 'text' };
  return { type: mediaTypeOfUrl(link), media: { link } };
}
