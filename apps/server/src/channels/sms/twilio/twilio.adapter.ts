import { ProviderError, type ProviderModule } from '../../channel';
import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';
import { fetchProviderMedia } from '../../provider-media';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SmsProvider } from '../sms-provider';
import { parseTwilioInbound, parseTwilioStatus, TWILIO_STATUS } from './twilio.inbound';
import {
  type TwilioCredentials,
  TwilioCredentialsSchema,
  TwilioErrorSchema,
  TwilioMessageSchema,
} from './twilio.schema';

/**
 * Twilio's REST error codes on a send, as ours. A request Twilio refuses for the message itself is
 * permanent; one refused for our account (credentials, suspension) is retryable: another provider
 * can carry it, and the account can be fixed.
 */
const SEND_ERRORS: Record<number, { code: string; retryable: boolean }> = {
  20003: { code: 'provider_auth_failed', retryable: true },
  20005: { code: 'provider_account_suspended', retryable: true },
  20429: { code: 'provider_rate_limited', retryable: true },
  21211: { code: 'invalid_recipient', retryable: false },
  21214: { code: 'invalid_recipient', retryable: false },
  21408: { code: 'destination_not_permitted', retryable: false },
  21602: { code: 'invalid_content', retryable: false },
  21603: { code: 'invalid_sender', retryable: false },
  21604: { code: 'invalid_recipient', retryable: false },
  21606: { code: 'invalid_sender', retryable: false },
  21610: { code: 'recipient_opted_out', retryable: false },
  21612: { code: 'destination_not_permitted', retryable: false },
  21614: { code: 'invalid_recipient', retryable: false },
  21617: { code: 'invalid_content', retryable: false },
  21619: { code: 'invalid_content', retryable: false },
  21659: { code: 'invalid_sender', retryable: false },
};

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded,
 * HTTP Basic; status callbacks asked for per message; webhooks verified with X-Twilio-Signature.
 * Twilio has no idempotency key for sends: a resend after a crash mid-send may reach the phone twice.
 */
export function createTwilioProvider(id: string, credentials: TwilioCredentials): SmsProvider {
  const user = credentials.apiKeySid ?? credentials.accountSid;
  const secret = credentials.apiKeySid ? (credentials.apiKeySecret ?? '') : credentials.authToken;
  const authorization = `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  const base = credentials.baseUrl.replace(/\/$/, '');

  return {
    id,
    kind: 'sms',
    inboundAck: { contentType: 'text/xml', body: EMPTY_TWIML },
    async send(message, { signal }) {
      const form = new URLSearchParams({ To: message.to, From: message.from });
      if (message.body) form.set('Body', message.body);
      for (const url of message.media) form.append('MediaUrl', url);
      form.set('StatusCallback', `${message.callbackBaseUrl}/${id}/status`);
      let response: Response;
      try {
        response = await fetch(`${base}/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`, {
          method: 'POST',
          signal,
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form.toString(),
        });
      } catch (error) {
        throw providerErrorFromFetch(error, id);
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) throw sendError(response, text);
      const created = TwilioMessageSchema.parse(JSON.parse(text));
      const status = TWILIO_STATUS[created.status] ?? 'queued';
      if (status === 'failed')
        throw new ProviderError(
          `${id}: Twilio failed the message at once (${created.error_code ?? 'no code'})`,
          {
            retryable: false,
            code: 'provider_rejected',
          },
        );
      return { providerMessageId: created.sid, status };
    },
    async parseStatusWebhook(request) {
      return parseTwilioStatus(id, credentials, request);
    },
    async parseInboundWebhook(request) {
      return parseTwilioInbound(id, credentials, request);
    },
    async fetchMedia(url, { signal }) {
      // Media URLs are on api.twilio.com (HTTP Basic when "enforce HTTP auth on media" is on), and
      // redirect to a pre-signed CDN URL: fetch drops our credentials on that cross-origin hop.
      return fetchProviderMedia(url, { provider: id, signal, authOrigin: base, headers: { authorization } });
    },
  };

  function sendError(response: Response, text: string): ProviderError {
    const parsed = TwilioErrorSchema.safeParse(safeJson(text));
    const twilio = parsed.success ? parsed.data : {};
    const detail = twilio.code ? `${twilio.code} ${twilio.message ?? ''}` : text.slice(0, 200);
    const known = twilio.code !== undefined ? SEND_ERRORS[twilio.code] : undefined;
    // Throttling and outages keep their HTTP meaning (with Retry-After); the rest by Twilio's code.
    if (response.status === 429 || response.status >= 500 || !known)
      return providerErrorFromStatus(response.status, id, detail, response.headers);
    return new ProviderError(`${id}: HTTP ${response.status} ${detail}`.trim(), known);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const twilioProviderModule: ProviderModule<'sms', TwilioCredentials, ProviderRuntime> = {
  id: 'twilio',
  kind: 'sms',
  credentialsSchema: TwilioCredentialsSchema,
  create: ({ instanceId, credentials }) => createTwilioProvider(instanceId, credentials),
};
