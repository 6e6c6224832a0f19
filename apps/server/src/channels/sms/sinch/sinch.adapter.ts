import { type OutboundMessage, ProviderError, type ProviderModule } from '../../channel';
import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { parseSinchInbound, parseSinchStatus, verifySinchSignature } from './sinch.inbound';
import {
  SinchBatchSchema,
  type SinchCredentials,
  SinchCredentialsSchema,
  SinchErrorSchema,
} from './sinch.schema';

/**
 * The batch for one of our messages: `mt_text`, or `mt_media` (one URL, the text as its message)
 * when it carries media. Delivery reports per recipient (so `Dispatched` is seen as well as the
 * final status) go to the per-batch `callback_url`; our id rides as `client_reference`.
 */
export function sinchBatchRequest(message: OutboundMessage, callbackUrl: string) {
  const common = {
    from: message.from,
    to: [message.to],
    delivery_report: 'per_recipient',
    callback_url: callbackUrl,
    client_reference: message.messageId,
  };
  if (message.media.length === 0) return { ...common, type: 'mt_text', body: message.body ?? '' };
  if (message.media.length > 1)
    throw new ProviderError('sinch: an MMS batch carries one media URL', {
      retryable: false,
      code: 'too_many_media',
    });
  return {
    ...common,
    type: 'mt_media',
    body: { url: message.media[0]!, ...(message.body ? { message: message.body } : {}) },
  };
}

/** Sinch's SMS REST API (`/xms/v1/{service_plan_id}/batches`, Bearer token) as a carrier. */
export const sinchProviderModule: ProviderModule<'sms', SinchCredentials, ProviderRuntime> = {
  id: 'sinch',
  kind: 'sms',
  credentialsSchema: SinchCredentialsSchema,
  create({ instanceId: id, credentials }): SmsProvider {
    const baseUrl = credentials.baseUrl.replace(/\/$/, '');
    const authorization = `Bearer ${credentials.apiToken}`;
    return {
      id,
      kind: 'sms',
      async send(message, { signal }) {
        const body = sinchBatchRequest(message, `${message.callbackBaseUrl}/${id}/status`);
        let response: Response;
        try {
          response = await fetch(`${baseUrl}/xms/v1/${credentials.servicePlanId}/batches`, {
            method: 'POST',
            signal,
            headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(body),
          });
        } catch (error) {
          throw providerErrorFromFetch(error, id);
        }
        const text = await response.text().catch(() => '');
        const json = safeJson(text);
        if (!response.ok) {
          const problem = SinchErrorSchema.safeParse(json);
          const detail = problem.success
            ? `${problem.data.code}: ${problem.data.text ?? ''}`
            : text.slice(0, 200);
          throw providerErrorFromStatus(response.status, id, detail, response.headers);
        }
        const batch = SinchBatchSchema.safeParse(json);
        if (!batch.success)
          throw new ProviderError(`${id}: unreadable send response`, {
            retryable: false,
            code: 'provider_bad_response',
          });
        return { providerMessageId: batch.data.id, status: 'queued' };
      },
      async parseStatusWebhook(request) {
        verifySinchSignature(id, credentials.webhookSecret, request);
        return parseSinchStatus(id, request.body);
      },
      async parseInboundWebhook(request) {
        verifySinchSignature(id, credentials.webhookSecret, request);
        return parseSinchInbound(id, request.body);
      },
      async fetchMedia(url, { signal }) {
        // The API token goes to the API's own host only; media elsewhere is fetched as is.
        const headers: Record<string, string> =
          new URL(url).origin === new URL(baseUrl).origin ? { authorization } : {};
        let response: Response;
        try {
          response = await fetch(url, { signal, headers });
        } catch (error) {
          throw providerErrorFromFetch(error, id);
        }
        if (!response.ok)
          throw providerErrorFromStatus(response.status, id, 'media download', response.headers);
        return {
          body: new Uint8Array(await response.arrayBuffer()),
          contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        };
      },
    };
  },
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
