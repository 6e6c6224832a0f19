import { ProviderError, type ProviderModule } from '../../channel';
import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';
import { fetchProviderMedia } from '../../provider-media';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { parseTelnyxInbound, parseTelnyxStatus } from './telnyx.inbound';
import {
  type TelnyxCredentials,
  TelnyxCredentialsSchema,
  TelnyxErrorResponseSchema,
  TelnyxSendResponseSchema,
} from './telnyx.schema';

/** Telnyx error codes on a send that are about the message itself (permanent), as ours. */
const SEND_ERRORS: Record<string, string> = {
  '10002': 'invalid_recipient',
  '10016': 'invalid_recipient',
  '40001': 'invalid_recipient',
  '40300': 'recipient_opted_out',
  '40305': 'invalid_sender',
  '40310': 'invalid_recipient',
  '40311': 'invalid_recipient',
  '40009': 'invalid_content',
};

/**
 * Telnyx Messaging v2: `POST /v2/messages` with a Bearer API key and JSON; the status webhooks are
 * asked for per message (`webhook_url`), and every webhook is verified (Ed25519 over
 * `timestamp|body`) before it is parsed. Telnyx has no idempotency key for sends.
 */
export function createTelnyxProvider(id: string, credentials: TelnyxCredentials): SmsProvider {
  const base = credentials.baseUrl.replace(/\/$/, '');
  const authorization = `Bearer ${credentials.apiKey}`;
  return {
    id,
    kind: 'sms',
    async send(message, { signal }) {
      const body: Record<string, unknown> = {
        from: message.from,
        to: message.to,
        ...(message.body ? { text: message.body } : {}),
        ...(message.media.length > 0 ? { media_urls: message.media } : {}),
        ...(message.subject && message.media.length > 0 ? { subject: message.subject } : {}),
        type: message.media.length > 0 ? 'MMS' : 'SMS',
        webhook_url: `${message.callbackBaseUrl}/${id}/status`,
        use_profile_webhooks: false,
        ...(credentials.messagingProfileId ? { messaging_profile_id: credentials.messagingProfileId } : {}),
      };
      let response: Response;
      try {
        response = await fetch(`${base}/v2/messages`, {
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
      const { data } = TelnyxSendResponseSchema.parse(JSON.parse(text));
      return { providerMessageId: data.id, status: 'queued' };
    },
    async parseStatusWebhook(request) {
      return parseTelnyxStatus(id, credentials, request);
    },
    async parseInboundWebhook(request) {
      return parseTelnyxInbound(id, credentials, request);
    },
    async fetchMedia(url, { signal }) {
      // Inbound media links are pre-signed; the API key goes only to Telnyx's own API host.
      return fetchProviderMedia(url, { provider: id, signal, authOrigin: base, headers: { authorization } });
    },
  };

  function sendError(response: Response, text: string): ProviderError {
    let first: { code: string; title?: string; detail?: string } | undefined;
    try {
      first = TelnyxErrorResponseSchema.parse(JSON.parse(text)).errors[0];
    } catch {
      first = undefined;
    }
    const detail = first
      ? `${first.code} ${first.title ?? ''} ${first.detail ?? ''}`.trim()
      : text.slice(0, 200);
    if (response.status === 401 || response.status === 403)
      // Our account, not the message: another provider can carry it, and the key can be fixed.
      return new ProviderError(`${id}: HTTP ${response.status} ${detail}`, {
        retryable: true,
        code: 'provider_auth_failed',
      });
    const known = first ? SEND_ERRORS[first.code] : undefined;
    if (known && response.status < 500 && response.status !== 429)
      return new ProviderError(`${id}: HTTP ${response.status} ${detail}`, { retryable: false, code: known });
    return providerErrorFromStatus(response.status, id, detail, response.headers);
  }
}

export const telnyxProviderModule: ProviderModule<'sms', TelnyxCredentials, ProviderRuntime> = {
  id: 'telnyx',
  kind: 'sms',
  credentialsSchema: TelnyxCredentialsSchema,
  create: ({ instanceId, credentials }) => createTelnyxProvider(instanceId, credentials),
};
