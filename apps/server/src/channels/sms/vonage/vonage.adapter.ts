import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { type OutboundMessage, ProviderError, type ProviderModule } from '../../channel';
import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { parseVonageInbound, parseVonageStatus, verifyVonageWebhook } from './vonage.inbound';
import {
  type VonageCredentials,
  VonageCredentialsSchema,
  VonageProblemSchema,
  VonageSendResponseSchema,
} from './vonage.schema';

/** Vonage's MMS message types, picked from the attachment's file extension (images otherwise). */
function mmsTypeOf(url: string): 'image' | 'video' | 'audio' | 'vcard' {
  const extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  if (['mp4', 'mov', '3gp', 'm4v'].includes(extension)) return 'video';
  if (['mp3', 'wav', 'aac', 'm4a', 'ogg', 'amr'].includes(extension)) return 'audio';
  if (extension === 'vcf') return 'vcard';
  return 'image';
}

const digits = (address: string) => address.replace(/^\+/, '');

/** The Messages API v1 request for one of our messages: sms, or mms when it carries media. */
export function vonageRequestBody(message: OutboundMessage, statusUrl: string) {
  const common = {
    to: digits(message.to),
    from: digits(message.from),
    // Our id comes back on every status webhook of this message.
    client_ref: message.messageId,
    webhook_url: statusUrl,
  };
  if (message.media.length === 0)
    return { ...common, message_type: 'text', channel: 'sms', text: message.body ?? '' };
  if (message.media.length > 1)
    throw new ProviderError('vonage: an MMS carries one attachment', {
      retryable: false,
      code: 'too_many_media',
    });
  const url = message.media[0]!;
  const type = mmsTypeOf(url);
  const caption = type === 'image' || type === 'video' ? (message.body ?? undefined) : undefined;
  return { ...common, message_type: type, channel: 'mms', [type]: { url, ...(caption ? { caption } : {}) } };
}

/** `Authorization` for the API: a fresh application JWT (RS256), or Basic key:secret. */
function createAuthorizer(credentials: VonageCredentials) {
  const { applicationId, privateKey } = credentials;
  if (!applicationId || !privateKey) {
    const basic = Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64');
    return async () => `Basic ${basic}`;
  }
  const key = createPrivateKey(privateKey);
  return async () => {
    const token = await new SignJWT({ application_id: applicationId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime('15m')
      .sign(key);
    return `Bearer ${token}`;
  };
}

/** The Vonage Messages API v1 as an SMS/MMS carrier (CONVENTIONS §7). */
export const vonageProviderModule: ProviderModule<'sms', VonageCredentials, ProviderRuntime> = {
  id: 'vonage',
  kind: 'sms',
  credentialsSchema: VonageCredentialsSchema,
  create({ instanceId: id, credentials }): SmsProvider {
    const baseUrl = credentials.baseUrl.replace(/\/$/, '');
    const authorization = createAuthorizer(credentials);
    // Media of inbound MMS lives on Vonage's hosts; our credentials go nowhere else.
    const isVonageHost = (url: URL) =>
      url.origin === new URL(baseUrl).origin || /(^|\.)(nexmo|vonage)\.com$/.test(url.hostname);

    return {
      id,
      kind: 'sms',
      async send(message, { signal }) {
        const body = vonageRequestBody(message, `${message.callbackBaseUrl}/${id}/status`);
        let response: Response;
        try {
          response = await fetch(`${baseUrl}/v1/messages`, {
            method: 'POST',
            signal,
            headers: {
              authorization: await authorization(),
              'content-type': 'application/json',
              accept: 'application/json',
            },
            body: JSON.stringify(body),
          });
        } catch (error) {
          throw providerErrorFromFetch(error, id);
        }
        const text = await response.text().catch(() => '');
        if (!response.ok) {
          const problem = VonageProblemSchema.safeParse(safeJson(text));
          const detail = problem.success
            ? `${problem.data.title ?? ''}: ${problem.data.detail ?? ''} (${problem.data.type ?? ''})`
            : text.slice(0, 200);
          throw providerErrorFromStatus(response.status, id, detail, response.headers);
        }
        const parsed = VonageSendResponseSchema.safeParse(safeJson(text));
        if (!parsed.success)
          throw new ProviderError(`${id}: unreadable send response`, {
            retryable: false,
            code: 'provider_bad_response',
          });
        return { providerMessageId: parsed.data.message_uuid, status: 'queued' };
      },
      async parseStatusWebhook(request) {
        await verifyVonageWebhook(id, credentials, request);
        return parseVonageStatus(id, request.body);
      },
      async parseInboundWebhook(request) {
        await verifyVonageWebhook(id, credentials, request);
        return parseVonageInbound(id, request.body);
      },
      async fetchMedia(url, { signal }) {
        const headers: Record<string, string> = isVonageHost(new URL(url))
          ? { authorization: await authorization() }
          : {};
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
