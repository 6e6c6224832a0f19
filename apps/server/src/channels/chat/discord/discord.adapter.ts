import type { OutboundMessage, ProviderModule, RawWebhook } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import {
  type ChatErrorCode,
  chatError,
  chatErrorFromStatus,
  fetchOrThrow,
  jsonOf,
  secondsToMs,
  sleep,
  textWithLinks,
} from '../chat-http';
import type { ChatWebhookProvider } from '../chat-provider';
import { discordPublicKey, parseDiscordInteraction, verifyDiscordSignature } from './discord.inbound';
import {
  DiscordContentSchema,
  type DiscordCredentials,
  DiscordCredentialsSchema,
  DiscordErrorSchema,
} from './discord.schema';
import { createDiscordRateLimits } from './discord-rate-limits';

const CREATE_MESSAGE = 'POST /channels/{channel.id}/messages';
/** A bucket that frees up within this long is waited for inside the send; longer, the job waits. */
const MAX_INLINE_WAIT_MS = 1000;
const USER_AGENT = 'DiscordBot (https://iris.dev, 1.0)';

/** Discord's JSON error codes, as ours. */
const DISCORD_ERRORS: Record<number, ChatErrorCode> = {
  10003: 'recipient_not_found', // Unknown Channel
  10013: 'recipient_not_found', // Unknown User
  50001: 'recipient_unreachable', // Missing Access
  50007: 'recipient_unreachable', // Cannot send messages to this user
  50013: 'recipient_unreachable', // Missing Permissions
  50006: 'content_rejected', // Cannot send an empty message
  50035: 'content_rejected', // Invalid Form Body
};

/** Discord: bot REST API out (create message), interactions endpoint in. */
export const discordProviderModule: ProviderModule<'chat', DiscordCredentials, ProviderRuntime> = {
  id: 'discord',
  kind: 'chat',
  credentialsSchema: DiscordCredentialsSchema,
  create({ instanceId, credentials }): ChatWebhookProvider {
    const api = credentials.apiBaseUrl.replace(/\/$/, '');
    const publicKey = discordPublicKey(credentials.publicKey);
    const limits = createDiscordRateLimits();
    const headers = {
      authorization: `Bot ${credentials.botToken}`,
      'user-agent': USER_AGENT,
    };

    async function receiveWebhook(raw: RawWebhook) {
      verifyDiscordSignature(raw, publicKey);
      return parseDiscordInteraction(raw, { instanceId, interactionReply: credentials.interactionReply });
    }

    return {
      id: instanceId,
      kind: 'chat',
      platform: 'discord',
      receiveWebhook,

      async send(message: OutboundMessage, { signal }) {
        const content = DiscordContentSchema.safeParse(message.content ?? {});
        if (!content.success) throw chatError(instanceId, 'content_rejected', content.error.message);
        const channel = message.to;
        const delay = limits.delayFor(CREATE_MESSAGE, channel);
        if (delay > MAX_INLINE_WAIT_MS)
          throw chatError(instanceId, 'rate_limited', `bucket of channel ${channel} exhausted`, {
            retryAfterMs: delay,
          });
        if (delay > 0) await sleep(delay, signal);

        const { embeds, components, replyTo } = content.data;
        const text = textWithLinks(message.body, message.media);
        const response = await fetchOrThrow(
          instanceId,
          `${api}/channels/${encodeURIComponent(channel)}/messages`,
          {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              ...(text ? { content: text } : {}),
              ...(embeds ? { embeds } : {}),
              ...(components ? { components } : {}),
              ...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
              // Mentions in a reply must not ping @everyone or whole roles.
              allowed_mentions: { parse: [] },
              // A resend after a crash within minutes returns the first message instead of a second.
              nonce: message.messageId.replace(/^msg_/, '').slice(0, 25),
              enforce_nonce: true,
            }),
            signal,
          },
        );
        limits.observe(CREATE_MESSAGE, channel, response.headers);
        const body = DiscordErrorSchema.safeParse(await jsonOf(response));
        const error = body.success ? body.data : {};
        if (response.status === 429) {
          const retryAfterMs =
            secondsToMs(error.retry_after) ??
            secondsToMs(response.headers.get('x-ratelimit-reset-after')) ??
            secondsToMs(response.headers.get('retry-after')) ??
            1000;
          const global = error.global === true || response.headers.get('x-ratelimit-global') === 'true';
          limits.tooMany(CREATE_MESSAGE, channel, retryAfterMs, global);
          throw chatError(instanceId, 'rate_limited', `429 ${error.message ?? ''}`.trim(), { retryAfterMs });
        }
        if (!response.ok) {
          const mapped = error.code !== undefined ? DISCORD_ERRORS[error.code] : undefined;
          if (mapped && response.status < 500)
            throw chatError(
              instanceId,
              mapped,
              `${response.status} ${error.code} ${error.message ?? ''}`.trim(),
            );
          throw chatErrorFromStatus(instanceId, response.status, error.message ?? '');
        }
        const id = (body.success ? (body.data as { id?: unknown }).id : undefined) as string | undefined;
        if (!id) throw chatError(instanceId, 'provider_unavailable', 'create message: no message id');
        return { providerMessageId: id, status: 'sent' };
      },

      async parseInboundWebhook(raw) {
        return (await receiveWebhook(raw)).messages;
      },

      async describeAccount({ signal }) {
        const response = await fetchOrThrow(instanceId, `${api}/applications/@me`, { headers, signal });
        if (!response.ok) throw chatErrorFromStatus(instanceId, response.status, 'applications/@me');
        const app = (await jsonOf(response)) as { id?: unknown; name?: unknown } | undefined;
        if (app?.id !== credentials.applicationId)
          throw chatError(instanceId, 'provider_auth_failed', 'the bot token belongs to another application');
        return {
          address: `discord:${credentials.applicationId}`,
          label: typeof app.name === 'string' ? app.name : null,
        };
      },
    };
  },
};
