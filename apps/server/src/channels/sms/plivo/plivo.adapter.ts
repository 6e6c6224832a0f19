import { ProviderError, type ProviderModule } from '../../channel';
import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';
import { fetchProviderMedia } from '../../provider-media';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { parsePlivoInbound, parsePlivoStatus } from './plivo.inbound';
import {
  type PlivoCredentials,
  PlivoCredentialsSchema,
  PlivoErrorSchema,
  PlivoSendResponseSchema,
} from './plivo.schema';

/**
 * Plivo Messaging: `POST /v1/Account/{auth_id}/Message/` (the trailing slash is part of the path),
 * HTTP Basic, JSON, 202 `{api_id, message, message_uuid: [...]}`; the status callback URL is given
 * per message (`url`); webhooks verified with X-Plivo-Signature-V3. Plivo has no idempotency key.
 */
export function createPlivoProvider(id: string, credentials: PlivoCredentials): SmsProvider {
  const base = credentials.baseUrl.replace(/\/$/, '');
  const authorization = `Basic ${Buffer.from(`${credentials.authId}:${credentials.authToken}`).toString('base64')}`;
  return {
    id,
    kind: 'sms',
    async send(message, { signal }) {
      const body = {
        src: message.from,
        dst: message.to,
        ...(message.body ? { text: message.body } : {}),
        type: message.media.length > 0 ? 'mms' : 'sms',
        ...(message.media.length > 0 ? { media_urls: message.media } : {}),
        url: `${message.callbackBaseUrl}/${id}/status`,
        method: 'POST',
        ...(credentials.powerpackUuid ? { powerpack_uuid: credentials.powerpackUuid } : {}),
      };
      let response: Response;
      try {
        response = await fetch(`${base}/v1/Account/${encodeURIComponent(credentials.authId)}/Message/`, {
          method: 'POST',
          signal,
          headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        });
      } catch (error) {
        throw providerErrorFromFetch(error, id);
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) throw sendError(response, text);
      const [uuid] = PlivoSendResponseSchema.parse(JSON.parse(text)).message_uuid;
      return { providerMessageId: uuid!, status: 'queued' };
    },
    async parseStatusWebhook(request) {
      return parsePlivoStatus(id, credentials, request);
    },
    async parseInboundWebhook(request) {
      return parsePlivoInbound(id, credentials, request);
    },
    async fetchMedia(url, { signal }) {
      // Inbound media is served by api.plivo.com under the account, behind its Basic auth.
      return fetchProviderMedia(url, { provider: id, signal, authOrigin: base, headers: { authorization } });
    },
  };

  function sendError(response: Response, text: string): ProviderError {
    let detail = text.slice(0, 200);
    try {
      const { error } = PlivoErrorSchema.parse(JSON.parse(text));
      detail = typeof error === 'string' ? error : JSON.stringify(error);
    } catch {
      // Not Plivo's JSON: keep the text.
    }
    if (response.status === 401 || response.status === 403)
      return new ProviderError(`${id}: HTTP ${response.status} ${detail}`, {
        retryable: true,
        code: 'provider_auth_failed',
      });
    if (response.status === 400) {
      // Plivo names the offending parameter in its message ("invalid dst", "src parameter…").
      const code = /\bdst\b/i.test(detail)
        ? 'invalid_recipient'
        : /\bsrc\b/i.test(detail)
          ? 'invalid_sender'
          : /\btext\b|media/i.test(detail)
            ? 'invalid_content'
            : 'provider_rejected';
      return new ProviderError(`${id}: HTTP 400 ${detail}`, { retryable: false, code });
    }
    return providerErrorFromStatus(response.status, id, detail, response.headers);
  }
}

export const plivoProviderModule: ProviderModule<'sms', PlivoCredentials, ProviderRuntime> = {
  id: 'plivo',
  kind: 'sms',
  credentialsSchema: PlivoCredentialsSchema,
  create: ({ instanceId, credentials }) => createPlivoProvider(instanceId, credentials),
};
