import type { OutboundMessage, ProviderModule, RawWebhook } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import {
  type ChatErrorCode,
  chatError,
  chatErrorFromStatus,
  fetchOrThrow,
  jsonOf,
  secondsToMs,
  textWithLinks,
} from '../chat-http';
import type { ChatWebhookProvider } from '../chat-provider';
import { parseSlackWebhook, verifySlackSignature } from './slack.inbound';
import {
  SlackContentSchema,
  type SlackCredentials,
  SlackCredentialsSchema,
  SlackPostResultSchema,
} from './slack.schema';

/** Slack's `error` strings, as our codes; anything unlisted is a permanent `provider_rejected`. */
const SLACK_ERRORS: Record<string, ChatErrorCode> = {
  channel_not_found: 'recipient_not_found',
  user_not_found: 'recipient_not_found',
  not_in_channel: 'recipient_unreachable',
  is_archived: 'recipient_unreachable',
  restricted_action: 'recipient_unreachable',
  cannot_dm_bot: 'recipient_unreachable',
  messages_tab_disabled: 'recipient_unreachable',
  msg_too_long: 'content_rejected',
  no_text: 'content_rejected',
  invalid_blocks: 'content_rejected',
  invalid_blocks_format: 'content_rejected',
  too_many_attachments: 'content_rejected',
  invalid_auth: 'provider_auth_failed',
  not_authed: 'provider_auth_failed',
  account_inactive: 'provider_auth_failed',
  token_revoked: 'provider_auth_failed',
  token_expired: 'provider_auth_failed',
  missing_scope: 'provider_auth_failed',
  ratelimited: 'rate_limited',
  internal_error: 'provider_unavailable',
  fatal_error: 'provider_unavailable',
  service_unavailable: 'provider_unavailable',
  request_timeout: 'provider_unavailable',
};

/** Slack (Events API in, Web API out): one workspace installation per configured instance. */
export const slackProviderModule: ProviderModule<'chat', SlackCredentials, ProviderRuntime> = {
  id: 'slack',
  kind: 'chat',
  credentialsSchema: SlackCredentialsSchema,
  create({ instanceId, credentials }): ChatWebhookProvider {
    const api = credentials.apiBaseUrl.replace(/\/$/, '');

    async function call(method: string, args: Record<string, unknown>, signal: AbortSignal) {
      const response = await fetchOrThrow(instanceId, `${api}/${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${credentials.botToken}`,
          'content-type': 'application/json; charset=utf-8',
        },
        body: JSON.stringify(args),
        signal,
      });
      const retryAfterMs = secondsToMs(response.headers.get('retry-after'));
      if (!response.ok) throw chatErrorFromStatus(instanceId, response.status, method, retryAfterMs);
      const result = SlackPostResultSchema.safeParse(await jsonOf(response));
      if (!result.success)
        throw chatError(instanceId, 'provider_unavailable', `${method}: unreadable answer`);
      if (!result.data.ok) {
        const error = result.data.error ?? 'unknown_error';
        throw chatError(instanceId, SLACK_ERRORS[error] ?? 'provider_rejected', `${method}: ${error}`, {
          retryAfterMs,
        });
      }
      return result.data;
    }

    async function receiveWebhook(raw: RawWebhook) {
      verifySlackSignature(raw, credentials.signingSecret);
      return parseSlackWebhook(raw, instanceId);
    }

    return {
      id: instanceId,
      kind: 'chat',
      platform: 'slack',
      receiveWebhook,

      async send(message: OutboundMessage, { signal }) {
        const content = SlackContentSchema.safeParse(message.content ?? {});
        if (!content.success) throw chatError(instanceId, 'content_rejected', content.error.message);
        const { blocks, threadTs, replyBroadcast, unfurlLinks } = content.data;
        // Files would need Slack's upload flow: media go as links, which Slack unfurls.
        const text = textWithLinks(message.body, message.media);
        const posted = await call(
          'chat.postMessage',
          {
            channel: message.to,
            ...(text ? { text } : {}),
            ...(blocks ? { blocks } : {}),
            ...(threadTs ? { thread_ts: threadTs } : {}),
            ...(replyBroadcast !== undefined ? { reply_broadcast: replyBroadcast } : {}),
            ...(unfurlLinks !== undefined ? { unfurl_links: unfurlLinks } : {}),
            // Slack has no idempotency key; our id rides along so a message is traceable to its send.
            metadata: { event_type: 'iris_message', event_payload: { message_id: message.messageId } },
          },
          signal,
        );
        return { providerMessageId: `${posted.channel}:${posted.ts}`, status: 'sent' };
      },

      async parseInboundWebhook(raw) {
        return (await receiveWebhook(raw)).messages;
      },

      async describeAccount({ signal }) {
        const me = (await call('auth.test', {}, signal)) as { team_id?: unknown; team?: unknown };
        if (typeof me.team_id !== 'string')
          throw chatError(instanceId, 'provider_rejected', 'auth.test named no team');
        return { address: `slack:${me.team_id}`, label: typeof me.team === 'string' ? me.team : null };
      },

      async fetchMedia(url, { signal }) {
        // The bot token goes only to Slack's file host (or the configured API host, in tests).
        const target = new URL(url);
        if (target.host !== 'files.slack.com' && target.origin !== new URL(api).origin)
          throw chatError(instanceId, 'provider_rejected', `not a Slack file URL: ${target.origin}`);
        const response = await fetchOrThrow(instanceId, url, {
          headers: { authorization: `Bearer ${credentials.botToken}` },
          signal,
        });
        if (!response.ok) throw chatErrorFromStatus(instanceId, response.status, 'file download');
        return {
          body: new Uint8Array(await response.arrayBuffer()),
          contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        };
      },
    };
  },
};
