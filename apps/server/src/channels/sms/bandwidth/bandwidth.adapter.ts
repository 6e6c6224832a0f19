import { ProviderError, type ProviderModule } from '../../channel';
import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';
import { fetchProviderMedia } from '../../provider-media';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { parseBandwidthInbound, parseBandwidthStatus } from './bandwidth.inbound';
import {
  type BandwidthCredentials,
  BandwidthCredentialsSchema,
  BandwidthErrorSchema,
  BandwidthSendResponseSchema,
} from './bandwidth.schema';

/**
 * Bandwidth Messaging v2: `POST /api/v2/users/{accountId}/messages`, HTTP Basic, JSON, 202 with the
 * message. Callbacks go to the messaging application's one callback URL — point it at
 * `/hooks/sms/<id>/inbound`: inbound messages and delivery events arrive there together
 * (`statusesOnInbound`). Our message id travels as the `tag`, which Bandwidth echoes in callbacks.
 */
export function createBandwidthProvider(id: string, credentials: BandwidthCredentials): SmsProvider {
  const base = credentials.baseUrl.replace(/\/$/, '');
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  return {
    id,
    kind: 'sms',
    statusesOnInbound: true,
    async send(message, { signal }) {
      const body = {
        to: [message.to],
        from: message.from,
        ...(message.body ? { text: message.body } : {}),
        applicationId: credentials.applicationId,
        ...(message.media.length > 0 ? { media: message.media } : {}),
        tag: message.messageId,
      };
      let response: Response;
      try {
        response = await fetch(`${base}/api/v2/users/${encodeURIComponent(credentials.accountId)}/messages`, {
          method: 'POST',
          signal,
          headers: {
            authorization,
            'content-type': 'application/json; charset=utf-8',
            accept: 'application/json',
          },
          body: JSON.stringify(body),
        });
      } catch (error) {
        throw providerErrorFromFetch(error, id);
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) throw sendError(response, text);
      return { providerMessageId: BandwidthSendResponseSchema.parse(JSON.parse(text)).id, status: 'queued' };
    },
    async parseStatusWebhook(request) {
      return parseBandwidthStatus(id, credentials, request);
    },
    async parseInboundWebhook(request) {
      return parseBandwidthInbound(id, credentials, request);
    },
    async fetchMedia(url, { signal }) {
      // Inbound media lives on messaging.bandwidth.com behind the API user's Basic auth.
      return fetchProviderMedia(url, { provider: id, signal, authOrigin: base, headers: { authorization } });
    },
  };

  function sendError(response: Response, text: string): ProviderError {
    let error: ReturnType<typeof BandwidthErrorSchema.parse> = {};
    try {
      error = BandwidthErrorSchema.parse(JSON.parse(text));
    } catch {
      error = { description: text.slice(0, 200) };
    }
    const fields = error.fieldErrors?.map((f) => `${f.fieldName}: ${f.description}`).join('; ');
    const detail = `${error.type ?? ''} ${error.description ?? ''}${fields ? ` (${fields})` : ''}`.trim();
    if (response.status === 401 || response.status === 403)
      return new ProviderError(`${id}: HTTP ${response.status} ${detail}`, {
        retryable: true,
        code: 'provider_auth_failed',
      });
    if (response.status === 400 && error.type === 'request-validation') {
      const field = error.fieldErrors?.[0]?.fieldName;
      const code =
        field === 'to' ? 'invalid_recipient' : field === 'from' ? 'invalid_sender' : 'provider_rejected';
      return new ProviderError(`${id}: HTTP 400 ${detail}`, { retryable: false, code });
    }
    return providerErrorFromStatus(response.status, id, detail, response.headers);
  }
}

export const bandwidthProviderModule: ProviderModule<'sms', BandwidthCredentials, ProviderRuntime> = {
  id: 'bandwidth',
  kind: 'sms',
  credentialsSchema: BandwidthCredentialsSchema,
  create: ({ instanceId, credentials }) => createBandwidthProvider(instanceId, credentials),
};
