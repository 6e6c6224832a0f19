import type { ProviderModule } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import { bareMessageId, emailContentOf } from '../email-content';
import type { EmailProvider } from '../email-provider';
import { readAttachments } from '../shared/email-attachments';
import { callProvider } from '../shared/provider-fetch';
import { parseMailgunEvents } from './mailgun.events';
import { mailgunFormOf } from './mailgun.form';
import { parseMailgunInbound } from './mailgun.inbound';
import { type MailgunCredentials, MailgunCredentialsSchema } from './mailgun.schema';
import { createMailgunVerifier } from './mailgun.signature';

/** `{"message": "…"}`, or plain text (`Forbidden`). */
const errorDetail = (body: string) => {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    return body.slice(0, 300);
  }
};

/** Mailgun Messages API, its signed event webhooks and route forwards. */
export const mailgunProviderModule: ProviderModule<'email', MailgunCredentials, ProviderRuntime> = {
  id: 'mailgun',
  kind: 'email',
  credentialsSchema: MailgunCredentialsSchema,
  create({ instanceId, credentials, runtime }): EmailProvider {
    const base = credentials.baseUrl.replace(/\/$/, '');
    const verify = createMailgunVerifier({
      signingKey: credentials.webhookSigningKey,
      maxAgeSeconds: credentials.webhookMaxAgeSeconds,
    });
    const auth = `Basic ${Buffer.from(`api:${credentials.apiKey}`).toString('base64')}`;
    return {
      id: instanceId,
      kind: 'email',
      async send(message, { signal }) {
        const content = emailContentOf(message);
        const attachments = await readAttachments(runtime.storage, content.attachments);
        const response = await callProvider(
          'mailgun',
          `${base}/v3/${encodeURIComponent(credentials.domain)}/messages`,
          {
            method: 'POST',
            headers: { authorization: auth },
            body: mailgunFormOf(message, content, attachments),
            signal,
          },
          errorDetail,
        );
        const { id } = (await response.json()) as { id?: string };
        // `<2024…@domain>`: events name the message by this id without its brackets.
        return { providerMessageId: bareMessageId(id ?? content.messageIdHeader), status: 'queued' };
      },
      async parseStatusWebhook(request) {
        return parseMailgunEvents(instanceId, verify, request).statuses;
      },
      async parseEngagementWebhook(request) {
        return parseMailgunEvents(instanceId, verify, request).engagement;
      },
      async parseInboundWebhook(request) {
        return parseMailgunInbound(instanceId, verify, runtime.storage, request);
      },
    };
  },
};
