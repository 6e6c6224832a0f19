import type { OutboundMessage, ProviderModule, RawWebhook } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import {
  chatError,
  chatErrorFromStatus,
  contentTypeOfName,
  fetchOrThrow,
  isImageUrl,
  jsonOf,
  secondsToMs,
} from '../chat-http';
import type { ChatWebhookProvider } from '../chat-provider';
import { parseTelegramUpdate, TELEGRAM_FILE_PREFIX, verifyTelegramSecret } from './telegram.inbound';
import {
  type TelegramContent,
  TelegramContentSchema,
  type TelegramCredentials,
  TelegramCredentialsSchema,
  TelegramResponseSchema,
} from './telegram.schema';

/** Captions are shorter than messages: a longer text goes first, on its own. */
const MAX_CAPTION = 1024;

/** Telegram Bot API: sendMessage/sendPhoto/sendDocument out, a setWebhook secret_token in. */
export const telegramProviderModule: ProviderModule<'chat', TelegramCredentials, ProviderRuntime> = {
  id: 'telegram',
  kind: 'chat',
  credentialsSchema: TelegramCredentialsSchema,
  create({ instanceId, credentials }): ChatWebhookProvider {
    const base = credentials.apiBaseUrl.replace(/\/$/, '');
    const botId = credentials.botToken.split(':')[0]!;

    async function call(method: string, params: Record<string, unknown>, signal: AbortSignal) {
      const response = await fetchOrThrow(instanceId, `${base}/bot${credentials.botToken}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal,
      });
      const parsed = TelegramResponseSchema.safeParse(await jsonOf(response));
      if (parsed.success && parsed.data.ok) return parsed.data.result;
      const answer = parsed.success ? parsed.data : undefined;
      const status = answer?.error_code ?? response.status;
      const description = answer?.description ?? `HTTP ${response.status}`;
      const retryAfterMs =
        secondsToMs(answer?.parameters?.retry_after) ?? secondsToMs(response.headers.get('retry-after'));
      if (status === 400 && /chat not found|user not found/i.test(description))
        throw chatError(instanceId, 'recipient_not_found', `${method}: ${description}`);
      if (status === 403) throw chatError(instanceId, 'recipient_unreachable', `${method}: ${description}`);
      if (status === 400) throw chatError(instanceId, 'content_rejected', `${method}: ${description}`);
      throw chatErrorFromStatus(instanceId, status, `${method}: ${description}`, retryAfterMs);
    }

    const idOf = (result: unknown) => {
      const sent = result as { message_id?: unknown; chat?: { id?: unknown } } | undefined;
      if (typeof sent?.message_id !== 'number')
        throw chatError(instanceId, 'provider_unavailable', 'no message_id in the answer');
      return `${String(sent.chat?.id)}:${sent.message_id}`;
    };

    function common(to: string, content: TelegramContent) {
      return {
        chat_id: to,
        ...(content.threadId !== undefined ? { message_thread_id: content.threadId } : {}),
        ...(content.replyTo !== undefined
          ? { reply_parameters: { message_id: content.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(content.replyMarkup ? { reply_markup: content.replyMarkup } : {}),
      };
    }

    async function receiveWebhook(raw: RawWebhook) {
      verifyTelegramSecret(raw, credentials.webhookSecret);
      return parseTelegramUpdate(raw, { instanceId, botId });
    }

    return {
      id: instanceId,
      kind: 'chat',
      platform: 'telegram',
      webhookToken: botId,
      receiveWebhook,

      async send(message: OutboundMessage, { signal }) {
        const parsed = TelegramContentSchema.safeParse(message.content ?? {});
        if (!parsed.success) throw chatError(instanceId, 'content_rejected', parsed.error.message);
        const content = parsed.data;
        const parseMode = content.parseMode ? { parse_mode: content.parseMode } : {};
        const text = message.body ?? '';
        const ids: string[] = [];
        // Telegram has no idempotency key: a retried multi-part send may repeat its first parts.
        const captioned = message.media.length > 0 && text.length <= MAX_CAPTION;
        if (text && !captioned)
          ids.push(
            idOf(await call('sendMessage', { ...common(message.to, content), text, ...parseMode }, signal)),
          );
        for (const [index, url] of message.media.entries()) {
          const asPhoto = content.mediaAs ? content.mediaAs === 'photo' : isImageUrl(url);
          const caption = captioned && index === 0 && text ? { caption: text, ...parseMode } : {};
          const result = await call(
            asPhoto ? 'sendPhoto' : 'sendDocument',
            { ...common(message.to, content), [asPhoto ? 'photo' : 'document']: url, ...caption },
            signal,
          );
          ids.push(idOf(result));
        }
        if (ids.length === 0) throw chatError(instanceId, 'content_rejected', 'nothing to send');
        return { providerMessageId: ids[0]!, status: 'sent' };
      },

      async parseInboundWebhook(raw) {
        return (await receiveWebhook(raw)).messages;
      },

      async describeAccount({ signal }) {
        const me = (await call('getMe', {}, signal)) as { id?: unknown; username?: unknown };
        if (String(me.id) !== botId)
          throw chatError(instanceId, 'provider_auth_failed', 'getMe names another bot');
        return {
          address: `telegram:${botId}`,
          label: typeof me.username === 'string' ? `@${me.username}` : null,
        };
      },

      async registerWebhook(url, { signal }) {
        await call(
          'setWebhook',
          {
            url,
            secret_token: credentials.webhookSecret,
            allowed_updates: ['message', 'callback_query'],
          },
          signal,
        );
      },

      async fetchMedia(reference, { signal }) {
        if (!reference.startsWith(TELEGRAM_FILE_PREFIX))
          throw chatError(instanceId, 'provider_rejected', 'not a Telegram file reference');
        const file = (await call(
          'getFile',
          { file_id: reference.slice(TELEGRAM_FILE_PREFIX.length) },
          signal,
        )) as {
          file_path?: unknown;
        };
        if (typeof file.file_path !== 'string')
          throw chatError(instanceId, 'provider_rejected', 'getFile gave no file_path (over 20 MB?)');
        const response = await fetchOrThrow(
          instanceId,
          `${base}/file/bot${credentials.botToken}/${file.file_path}`,
          {
            signal,
          },
        );
        if (!response.ok) throw chatErrorFromStatus(instanceId, response.status, 'file download');
        const header = response.headers.get('content-type');
        return {
          body: new Uint8Array(await response.arrayBuffer()),
          // Telegram's file server answers octet-stream; the path's extension says more.
          contentType:
            header && header !== 'application/octet-stream' ? header : contentTypeOfName(file.file_path),
        };
      },
    };
  },
};
