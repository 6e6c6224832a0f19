import { type OutboundMessage, ProviderError, type ProviderModule, type ProviderStatus } from '../../channel';
import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import {
  parseMessageBirdInbound,
  parseMessageBirdStatus,
  verifyMessageBirdSignature,
} from './messagebird.inbound';
import {
  type MessageBirdCredentials,
  MessageBirdCredentialsSchema,
  MessageBirdErrorsSchema,
  MessageBirdSendResponseSchema,
} from './messagebird.schema';

const digits = (address: string) => address.replace(/^\+/, '');

/**
 * The REST request for one of our messages: `POST /messages` (SMS) or `POST /mms` when it carries
 * media. Our id is the `reference`: MessageBird sends status reports only for messages that have
 * one, to the per-message `reportUrl` (the MMS API takes no reportUrl: the account's applies).
 */
export function messageBirdRequest(message: OutboundMessage, reportUrl: string) {
  const common = {
    originator: digits(message.from),
    recipients: [digits(message.to)],
    reference: message.messageId,
  };
  if (message.media.length === 0)
    return { path: '/messages', body: { ...common, body: message.body ?? '', reportUrl } };
  return {
    path: '/mms',
    body: { ...common, ...(message.body ? { body: message.body } : {}), mediaUrls: message.media },
  };
}

const SENT_STATUS: Record<string, ProviderStatus> = { scheduled: 'queued', sent: 'sent', buffered: 'sent' };

/** MessageBird's SMS REST API (`rest.messagebird.com`, `Authorization: AccessKey`) as a carrier. */
export const messageBirdProviderModule: ProviderModule<'sms', MessageBirdCredentials, ProviderRuntime> = {
  id: 'messagebird',
  kind: 'sms',
  credentialsSchema: MessageBirdCredentialsSchema,
  create({ instanceId: id, credentials }): SmsProvider {
    const baseUrl = credentials.baseUrl.replace(/\/$/, '');
    return {
      id,
      kind: 'sms',
      async send(message, { signal }) {
        const { path, body } = messageBirdRequest(message, `${message.callbackBaseUrl}/${id}/status`);
        let response: Response;
        try {
          response = await fetch(`${baseUrl}${path}`, {
            method: 'POST',
            signal,
            headers: {
              authorization: `AccessKey ${credentials.accessKey}`,
              'content-type': 'application/json',
              accept: 'application/json',
            },
            body: JSON.stringify(body),
          });
        } catch (error) {
          throw providerErrorFromFetch(error, id);
        }
        const text = await response.text().catch(() => '');
        const json = safeJson(text);
        if (!response.ok) {
          const errors = MessageBirdErrorsSchema.safeParse(json);
          const detail = errors.success
            ? errors.data.errors
                .map((e) => `code ${e.code}: ${e.description}${e.parameter ? ` (${e.parameter})` : ''}`)
                .join('; ')
            : text.slice(0, 200);
          throw providerErrorFromStatus(response.status, id, detail, response.headers);
        }
        const parsed = MessageBirdSendResponseSchema.safeParse(json);
        if (!parsed.success)
          throw new ProviderError(`${id}: unreadable send response`, {
            retryable: false,
            code: 'provider_bad_response',
          });
        const first = parsed.data.recipients?.items[0]?.status;
        return { providerMessageId: parsed.data.id, status: (first && SENT_STATUS[first]) || 'queued' };
      },
      async parseStatusWebhook(request) {
        await verifyMessageBirdSignature(id, credentials.signingKey, request);
        return parseMessageBirdStatus(id, request);
      },
      async parseInboundWebhook(request) {
        await verifyMessageBirdSignature(id, credentials.signingKey, request);
        return parseMessageBirdInbound(id, request);
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
