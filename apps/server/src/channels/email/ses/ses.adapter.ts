import { ProviderError, type ProviderModule, type RawWebhook } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import { emailContentOf } from '../email-content';
import { type EmailProvider, type ParsedEmailEvents, parsedEmailEvents } from '../email-provider';
import { readAttachments } from '../shared/email-attachments';
import { callProvider } from '../shared/provider-fetch';
import { invalidSignature } from '../shared/webhook-auth';
import { mapSesNotification } from './ses.events';
import { sesEmailOf } from './ses.mail';
import { type SesCredentials, SesCredentialsSchema, type SnsMessage, SnsMessageSchema } from './ses.schema';
import { signAwsRequest } from './sigv4';
import { createSnsVerifier } from './sns-verify';

/** Error types that are about the account or the moment, not the message: another provider may send it. */
const PROVIDER_SIDE = /^(TooManyRequests|LimitExceeded|Throttling|SendingPaused|AccountSuspended)/;

/** `x-amzn-ErrorType: MessageRejected:http://…` and `{"message": "…"}` → `MessageRejected …`. */
function errorDetail(text: string, headers: Headers) {
  const type = headers.get('x-amzn-errortype')?.split(':')[0] ?? '';
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: keep the text
  }
  return `${type} ${message}`.trim();
}

/** Amazon SES API v2 SendEmail (SigV4-signed), and SES events delivered by SNS (signed by SNS). */
export const sesProviderModule: ProviderModule<'email', SesCredentials, ProviderRuntime> = {
  id: 'ses',
  kind: 'email',
  credentialsSchema: SesCredentialsSchema,
  create({ instanceId, credentials, runtime }): EmailProvider {
    const base = (credentials.baseUrl ?? `https://email.${credentials.region}.amazonaws.com`).replace(
      /\/$/,
      '',
    );
    const certUrlPattern = new RegExp(credentials.snsCertUrlPattern);
    const fetchText = async (url: string) => {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
      return response.text();
    };
    const verifySns = createSnsVerifier({ certUrlPattern, topicArns: credentials.snsTopicArns, fetchText });
    const confirmed = new Set<string>();

    async function parseEvents(request: RawWebhook): Promise<ParsedEmailEvents> {
      let message: SnsMessage;
      try {
        message = SnsMessageSchema.parse(JSON.parse(request.body));
      } catch {
        throw invalidSignature('ses', 'not an SNS message');
      }
      await verifySns(message);
      if (message.Type === 'SubscriptionConfirmation') {
        await confirmSubscription(message);
        return parsedEmailEvents([]);
      }
      if (message.Type === 'UnsubscribeConfirmation') return parsedEmailEvents([]);
      return mapSesNotification(instanceId, message);
    }

    /** Visiting SubscribeURL confirms the topic subscription; only an allowed SNS URL is visited. */
    async function confirmSubscription(message: SnsMessage) {
      const url = message.SubscribeURL ?? '';
      if (!certUrlPattern.test(url)) throw invalidSignature('ses', `SubscribeURL not allowed: ${url}`);
      if (confirmed.has(url)) return;
      await fetchText(url);
      confirmed.add(url);
    }

    return {
      id: instanceId,
      kind: 'email',
      async send(message, { signal }) {
        const content = emailContentOf(message);
        const attachments = await readAttachments(runtime.storage, content.attachments);
        const body = JSON.stringify(
          sesEmailOf(message, content, attachments, credentials.configurationSetName),
        );
        const url = `${base}/v2/email/outbound-emails`;
        const signed = signAwsRequest({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          body,
          region: credentials.region,
          service: 'ses',
          credentials,
          now: new Date(),
        });
        const { host: _host, ...headers } = signed.headers;
        let response: Response;
        try {
          response = await callProvider('ses', url, { method: 'POST', headers, body, signal }, errorDetail);
        } catch (error) {
          throw reclassified(error);
        }
        const { MessageId } = (await response.json()) as { MessageId?: string };
        if (!MessageId)
          throw new ProviderError('ses: no MessageId in the answer', {
            retryable: true,
            code: 'provider_unavailable',
          });
        return { providerMessageId: MessageId, status: 'queued' };
      },
      async parseStatusWebhook(request) {
        return (await parseEvents(request)).statuses;
      },
      async parseEngagementWebhook(request) {
        return (await parseEvents(request)).engagement;
      },
    };
  },
};

/** SES answers throttling and paused sending as 400s; those are worth another provider's attempt. */
function reclassified(error: unknown) {
  if (!(error instanceof ProviderError) || error.retryable) return error;
  const type = /HTTP \d+ (\w+)/.exec(error.message)?.[1] ?? '';
  if (!PROVIDER_SIDE.test(type)) return error;
  return new ProviderError(error.message, { retryable: true, code: 'provider_unavailable', cause: error });
}
