import { ProviderError, type ProviderModule } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import { emailContentOf } from '../email-content';
import type { EmailProvider } from '../email-provider';
import { readAttachments } from '../shared/email-attachments';
import { callProvider } from '../shared/provider-fetch';
import { parsePostmarkEvents } from './postmark.events';
import { parsePostmarkInbound } from './postmark.inbound';
import { postmarkEmailOf } from './postmark.mail';
import { type PostmarkCredentials, PostmarkCredentialsSchema } from './postmark.schema';

/** `{"ErrorCode": 300, "Message": "…"}` → `300 …` (406: the recipient is inactive — bounced or unsubscribed). */
const errorDetail = (body: string) => {
  const parsed = JSON.parse(body) as { ErrorCode?: number; Message?: string };
  return `${parsed.ErrorCode ?? ''} ${parsed.Message ?? ''}`.trim();
};

/** Postmark's Email API, its webhooks (Basic-auth protected) and its inbound webhook. */
export const postmarkProviderModule: ProviderModule<'email', PostmarkCredentials, ProviderRuntime> = {
  id: 'postmark',
  kind: 'email',
  credentialsSchema: PostmarkCredentialsSchema,
  create({ instanceId, credentials, runtime }): EmailProvider {
    const base = credentials.baseUrl.replace(/\/$/, '');
    return {
      id: instanceId,
      kind: 'email',
      async send(message, { signal }) {
        const content = emailContentOf(message);
        const attachments = await readAttachments(runtime.storage, content.attachments);
        const body = postmarkEmailOf(message, content, attachments, credentials.messageStream);
        let response: Response;
        try {
          response = await callProvider(
            'postmark',
            `${base}/email`,
            {
              method: 'POST',
              headers: {
                accept: 'application/json',
                'content-type': 'application/json',
                'x-postmark-server-token': credentials.serverToken,
              },
              body: JSON.stringify(body),
              signal,
            },
            errorDetail,
          );
        } catch (error) {
          throw refined(error);
        }
        const answer = (await response.json()) as {
          MessageID?: string;
          ErrorCode?: number;
          Message?: string;
        };
        if (!answer.MessageID || (answer.ErrorCode ?? 0) !== 0)
          throw new ProviderError(`postmark: ${answer.ErrorCode} ${answer.Message}`, {
            retryable: false,
            code: 'provider_rejected',
          });
        return { providerMessageId: answer.MessageID, status: 'queued' };
      },
      async parseStatusWebhook(request) {
        return parsePostmarkEvents(instanceId, credentials, request).statuses;
      },
      async parseEngagementWebhook(request) {
        return parsePostmarkEvents(instanceId, credentials, request).engagement;
      },
      async parseInboundWebhook(request) {
        return parsePostmarkInbound(instanceId, credentials, runtime.storage, request);
      },
    };
  },
};

/** Postmark's 422 code 406 names a recipient Postmark will not mail (bounced, complained, unsubscribed). */
function refined(error: unknown) {
  if (error instanceof ProviderError && /HTTP 422 406\b/.test(error.message))
    return new ProviderError(error.message, { retryable: false, code: 'recipient_inactive', cause: error });
  return error;
}
