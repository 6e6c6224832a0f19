import type { ProviderModule } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import { emailContentOf } from '../email-content';
import type { EmailProvider } from '../email-provider';
import { readAttachments } from '../shared/email-attachments';
import { callProvider } from '../shared/provider-fetch';
import { parseSendgridEvents } from './sendgrid.events';
import { parseSendgridInbound } from './sendgrid.inbound';
import { sendgridMailOf } from './sendgrid.mail';
import { type SendgridCredentials, SendgridCredentialsSchema } from './sendgrid.schema';

/** `{"errors":[{"message","field"}]}` → one line. */
const errorDetail = (body: string) =>
  ((JSON.parse(body) as { errors?: { message?: string; field?: string }[] }).errors ?? [])
    .map((e) => (e.field ? `${e.field}: ${e.message}` : e.message))
    .join('; ');

/** SendGrid v3 Mail Send, its signed Event Webhook and Inbound Parse. */
export const sendgridProviderModule: ProviderModule<'email', SendgridCredentials, ProviderRuntime> = {
  id: 'sendgrid',
  kind: 'email',
  credentialsSchema: SendgridCredentialsSchema,
  create({ instanceId, credentials, runtime }): EmailProvider {
    const base = credentials.baseUrl.replace(/\/$/, '');
    return {
      id: instanceId,
      kind: 'email',
      async send(message, { signal }) {
        const content = emailContentOf(message);
        const attachments = await readAttachments(runtime.storage, content.attachments);
        const body = sendgridMailOf(message, content, attachments, { sandboxMode: credentials.sandboxMode });
        const response = await callProvider(
          'sendgrid',
          `${base}/v3/mail/send`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${credentials.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal,
          },
          errorDetail,
        );
        // 202 with an empty body: the id every event's sg_message_id starts with is this header.
        const providerMessageId = response.headers.get('x-message-id') ?? message.messageId;
        return { providerMessageId, status: 'queued' };
      },
      async parseStatusWebhook(request) {
        return parseSendgridEvents(instanceId, credentials.eventPublicKey, request).statuses;
      },
      async parseEngagementWebhook(request) {
        return parseSendgridEvents(instanceId, credentials.eventPublicKey, request).engagement;
      },
      async parseInboundWebhook(request) {
        return parseSendgridInbound(instanceId, credentials, runtime.storage, request);
      },
    };
  },
};
