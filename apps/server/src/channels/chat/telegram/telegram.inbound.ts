import type { InboundMessage, RawWebhook } from '../../channel';
import { invalidSignature, secretsEqual } from '../chat-http';
import type { ChatWebhookOutcome } from '../chat-provider';
import { type TelegramMessage, TelegramUpdateSchema } from './telegram.schema';

/** How inbound files are named in `media`: fetchMedia resolves them with getFile (the download URL holds the token). */
export const TELEGRAM_FILE_PREFIX = 'telegram-file:';

/** The secret_token given to setWebhook, echoed by Telegram in every delivery (a plain secret, not an HMAC). */
export function verifyTelegramSecret(raw: RawWebhook, secret: string): void {
  const header = raw.headers.get('x-telegram-bot-api-secret-token');
  if (!header) throw invalidSignature('telegram', 'no secret token');
  if (!secretsEqual(header, secret)) throw invalidSignature('telegram', 'wrong secret token');
}

/**
 * A verified Update: messages (text, photos, documents, voice…) and inline-keyboard presses become
 * inbound messages; edits, channel posts and the rest are acknowledged and dropped. A redelivered
 * update (same update_id) carries the same chat and message id, so it stores once.
 */
export function parseTelegramUpdate(
  raw: RawWebhook,
  options: { instanceId: string; botId: string },
): ChatWebhookOutcome {
  const update = TelegramUpdateSchema.parse(JSON.parse(raw.body));
  const to = `telegram:${options.botId}`;
  const { message, callback_query: callback } = update;
  if (message?.from && !message.from.is_bot) {
    const files = filesOf(message);
    const inbound: InboundMessage = {
      provider: options.instanceId,
      providerMessageId: `${message.chat.id}:${message.message_id}`,
      channel: 'telegram',
      from: `telegram:${message.from.id}`,
      to,
      body: message.text ?? message.caption ?? null,
      media: files.map((f) => `${TELEGRAM_FILE_PREFIX}${f.fileId}`),
      content: {
        platform: 'telegram',
        chatId: message.chat.id,
        chatType: message.chat.type,
        messageId: message.message_id,
        threadId: message.message_thread_id ?? null,
        replyTo: message.reply_to_message?.message_id ?? null,
        updateId: update.update_id,
        username: message.from.username ?? null,
        firstName: message.from.first_name ?? null,
        files,
      },
      receivedAt: new Date(message.date * 1000),
    };
    return { messages: [inbound] };
  }
  if (callback) {
    const chat = callback.message?.chat;
    const inbound: InboundMessage = {
      provider: options.instanceId,
      providerMessageId: `callback:${callback.id}`,
      channel: 'telegram',
      from: `telegram:${callback.from.id}`,
      to,
      body: callback.data ?? null,
      media: [],
      content: {
        platform: 'telegram',
        chatId: chat?.id ?? callback.from.id,
        chatType: chat?.type ?? 'private',
        messageId: callback.message?.message_id ?? null,
        updateId: update.update_id,
        username: callback.from.username ?? null,
        interaction: { type: 'callback_query', data: callback.data ?? null },
      },
      receivedAt: new Date(),
    };
    return { messages: [inbound] };
  }
  return { messages: [] };
}

type FileRef = { fileId: string; kind: string; fileName: string | null; mimeType: string | null };

function filesOf(message: TelegramMessage): FileRef[] {
  const files: FileRef[] = [];
  // Telegram sends each photo in several sizes, smallest first: the last is the original.
  const photo = message.photo?.at(-1);
  if (photo) files.push({ fileId: photo.file_id, kind: 'photo', fileName: null, mimeType: 'image/jpeg' });
  for (const kind of ['document', 'video', 'voice', 'audio'] as const) {
    const file = message[kind];
    if (file)
      files.push({
        fileId: file.file_id,
        kind,
        fileName: file.file_name ?? null,
        mimeType: file.mime_type ?? null,
      });
  }
  return files;
}
