import { z } from 'zod';

/** MESSAGING_PROVIDERS credentials of a Telegram bot. */
export const TelegramCredentialsSchema = z.object({
  /** From @BotFather: `<bot id>:<secret>`. */
  botToken: z.string().regex(/^\d+:[\w-]+$/, 'a bot token such as 123456:ABC-DEF…'),
  /** Sent as setWebhook's secret_token; Telegram echoes it in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16 to 256 of A-Z a-z 0-9 _ -'),
  apiBaseUrl: z.url().default('https://api.telegram.org'),
});
export type TelegramCredentials = z.infer<typeof TelegramCredentialsSchema>;

/** A message's Telegram content (messages.content). */
export const TelegramContentSchema = z.object({
  parseMode: z.enum(['MarkdownV2', 'HTML', 'Markdown']).optional(),
  /** An inline keyboard or reply keyboard, as Telegram's reply_markup object. */
  replyMarkup: z.record(z.string(), z.unknown()).optional(),
  /** A forum topic (message_thread_id). */
  threadId: z.number().int().optional(),
  /** The message this one replies to (message_id in the same chat). */
  replyTo: z.number().int().optional(),
  /** How to send media: photo (compressed) or document (as is); by default by file extension. */
  mediaAs: z.enum(['photo', 'document']).optional(),
});
export type TelegramContent = z.infer<typeof TelegramContentSchema>;

const FileSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().optional(),
});
const UserSchema = z.looseObject({
  id: z.number(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  username: z.string().optional(),
});
const MessageSchema = z.looseObject({
  message_id: z.number(),
  message_thread_id: z.number().optional(),
  from: UserSchema.optional(),
  chat: z.looseObject({ id: z.number(), type: z.string() }),
  date: z.number(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(FileSchema).optional(),
  document: FileSchema.optional(),
  video: FileSchema.optional(),
  voice: FileSchema.optional(),
  audio: FileSchema.optional(),
  reply_to_message: z.looseObject({ message_id: z.number() }).optional(),
});
export type TelegramMessage = z.infer<typeof MessageSchema>;

/** One Update (at most one of its optional parts is set); the ones we do not read pass through. */
export const TelegramUpdateSchema = z.looseObject({
  update_id: z.number(),
  message: MessageSchema.optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: UserSchema,
      data: z.string().optional(),
      message: MessageSchema.optional(),
    })
    .optional(),
});

/** Every Bot API answer: `{ok, result}` or `{ok:false, error_code, description, parameters}`. */
export const TelegramResponseSchema = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.looseObject({ retry_after: z.number().optional() }).optional(),
});
