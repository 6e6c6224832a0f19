import type { OutboundMessage, ProviderModule, RawWebhook } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import {
  chatError,
  chatErrorFromStatus,
  contentTypeOfName,
  fetchOrThrow,
  invalidSignature,
  jsonOf,
  secondsToMs,
} from '../chat-http';
import type { ChatWebhookProvider } from '../chat-provider';
import { normalizeTeamsActivity, parseTeamsActivity } from './teams.inbound';
import { TeamsContentSchema, type TeamsCredentials, TeamsCredentialsSchema } from './teams.schema';
import { createBotFrameworkVerifier } from './teams-auth';
import { createBotTokenSource } from './teams-token';

/** Microsoft Teams through the Bot Framework: JWT-verified activities in, connector replies out. */
export const teamsProviderModule: ProviderModule<'chat', TeamsCredentials, ProviderRuntime> = {
  id: 'teams',
  kind: 'chat',
  credentialsSchema: TeamsCredentialsSchema,
  create({ instanceId, credentials }): ChatWebhookProvider {
    const verifier = createBotFrameworkVerifier(credentials);
    const tokens = createBotTokenSource({
      instanceId,
      tokenUrl: credentials.tokenUrl,
      appId: credentials.appId,
      appPassword: credentials.appPassword,
      scope: credentials.tokenScope,
    });
    const allowed = (url: string) => {
      const target = new URL(url);
      return credentials.allowedServiceUrls.some((prefix) => {
        const allowedUrl = new URL(prefix);
        return target.origin === allowedUrl.origin && target.pathname.startsWith(allowedUrl.pathname);
      });
    };

    async function receiveWebhook(raw: RawWebhook) {
      const authorization = raw.headers.get('authorization');
      // Several bots may share the endpoint: a token for another App ID is not ours to judge.
      if (!verifier.audiences(authorization).includes(credentials.appId))
        throw invalidSignature(instanceId, 'token not issued for this bot');
      const activity = parseTeamsActivity(raw);
      await verifier.verify(authorization, activity);
      return normalizeTeamsActivity(activity, { instanceId, appId: credentials.appId });
    }

    async function post(url: string, body: unknown, signal: AbortSignal, retried = false): Promise<Response> {
      const token = await tokens.get(signal);
      const response = await fetchOrThrow(instanceId, url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      // A token revoked early: fetch a new one once before calling it an auth failure.
      if (response.status === 401 && !retried) {
        tokens.invalidate();
        return post(url, body, signal, true);
      }
      return response;
    }

    return {
      id: instanceId,
      kind: 'chat',
      platform: 'teams',
      receiveWebhook,

      async send(message: OutboundMessage, { signal }) {
        const content = TeamsContentSchema.safeParse(message.content ?? {});
        if (!content.success)
          throw chatError(instanceId, 'content_rejected', `Teams content: ${content.error.message}`);
        const { serviceUrl, replyToId, attachments, textFormat } = content.data;
        if (!allowed(serviceUrl))
          throw chatError(
            instanceId,
            'provider_rejected',
            `serviceUrl ${new URL(serviceUrl).origin} is not allowed`,
          );
        const conversation = encodeURIComponent(message.to);
        const url = `${serviceUrl.replace(/\/+$/, '')}/v3/conversations/${conversation}/activities${
          replyToId ? `/${encodeURIComponent(replyToId)}` : ''
        }`;
        const files = message.media.map((mediaUrl) => ({
          contentType: contentTypeOfName(new URL(mediaUrl).pathname),
          contentUrl: mediaUrl,
          name: new URL(mediaUrl).pathname.split('/').pop() || 'file',
        }));
        const response = await post(
          url,
          {
            type: 'message',
            ...(message.body ? { text: message.body } : {}),
            ...(textFormat ? { textFormat } : {}),
            ...(attachments || files.length > 0 ? { attachments: [...(attachments ?? []), ...files] } : {}),
            ...(replyToId ? { replyToId } : {}),
          },
          signal,
        );
        const answer = (await jsonOf(response)) as
          | { id?: unknown; error?: { code?: string; message?: string } }
          | undefined;
        const detail = `${answer?.error?.code ?? ''} ${answer?.error?.message ?? ''}`.trim();
        if (response.status === 404) throw chatError(instanceId, 'recipient_not_found', `404 ${detail}`);
        if (response.status === 403) throw chatError(instanceId, 'recipient_unreachable', `403 ${detail}`);
        if (response.status === 400) throw chatError(instanceId, 'content_rejected', `400 ${detail}`);
        if (!response.ok)
          throw chatErrorFromStatus(
            instanceId,
            response.status,
            detail,
            secondsToMs(response.headers.get('retry-after')),
          );
        if (typeof answer?.id !== 'string')
          throw chatError(instanceId, 'provider_unavailable', 'no activity id');
        return { providerMessageId: `${message.to}/${answer.id}`, status: 'sent' };
      },

      async parseInboundWebhook(raw) {
        return (await receiveWebhook(raw)).messages;
      },

      async describeAccount({ signal }) {
        // A token proves the App ID and password; Teams has no "who am I" for bots.
        await tokens.get(signal);
        return { address: `teams:${credentials.appId}`, label: null };
      },

      async fetchMedia(url, { signal }) {
        // Inline images live on the connector and need the bot token; shared files carry their own auth.
        const headers = allowed(url) ? { authorization: `Bearer ${await tokens.get(signal)}` } : undefined;
        const response = await fetchOrThrow(instanceId, url, { headers, signal });
        if (!response.ok) throw chatErrorFromStatus(instanceId, response.status, 'attachment download');
        return {
          body: new Uint8Array(await response.arrayBuffer()),
          contentType: response.headers.get('content-type') ?? contentTypeOfName(new URL(url).pathname),
        };
      },
    };
  },
};
