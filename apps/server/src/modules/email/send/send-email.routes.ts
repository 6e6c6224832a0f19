import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context';
import { AppError } from '../../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import { assertPublicUrl } from '../../../platform/http/ssrf-guard';
import { MessageSchema } from '../../messages/message.openapi';
import { type MessageRow, messageResource } from '../../messages/message-view';
import { messages } from '../../messages/messages.schema';
import { createOutboundMessage } from '../../messages/send-message';
import { findTemplateFor } from '../templates/find-template';
import type { EmailDraft } from './email-draft';
import { SendEmailSchema } from './send-email.schema';
import { storeAttachments } from './store-attachments';

export const EmailMessageSchema = MessageSchema.extend({
  email: z.record(z.string(), z.unknown()).openapi({
    description:
      'The email content: html, cc, bcc, replyTo, headers, attachments, messageIdHeader, inReplyTo, references, listUnsubscribe, tags (inbound: to and cc as received)',
  }),
}).openapi('EmailMessage');

export const emailMessageResource = (row: MessageRow) => ({ ...messageResource(row), email: row.content });
const tags = ['email'];

/** `POST /v1/email/send` and `GET /v1/email/messages/{id}`. */
export function createSendEmailRoutes(ctx: AppContext) {
  const router = createRouter();
  const send = guard(ctx, { role: 'agent', scope: 'messages:write', routeClass: 'send' });
  const read = guard(ctx, { role: 'agent', scope: 'read' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/send',
      tags,
      security: SECURITY,
      middleware: send,
      summary: 'Send an email (queued now, or scheduled with sendAt) through the email providers',
      description:
        'We generate the Message-ID (`<msg_…@your-domain>`), render the template, derive the text part from the HTML, and add signed click/open tracking and a one-click List-Unsubscribe URL as asked.',
      request: jsonBody(SendEmailSchema),
      responses: {
        201: jsonContent(EmailMessageSchema, 'Accepted'),
        413: problem('The attachments exceed EMAIL_MAX_ATTACHMENT_BYTES'),
        422: problem(
          'Invalid fields, `recipient_suppressed`, or `email_domain_unverified` (the From domain has not passed its DNS checks)',
        ),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      if (input.statusCallback) await assertPublicUrl(input.statusCallback, ctx.config.webhooks.allowPrivate);
      const tenant = c.get('tenant');
      const templateName = input.templateId
        ? (await findTemplateFor(tenant, { id: input.templateId })).name
        : input.template;
      const attachments = input.attachments
        ? await storeAttachments(
            ctx.storage,
            tenant.tenantId,
            input.attachments,
            ctx.config.email.maxAttachmentBytes,
          )
        : undefined;
      const draft: EmailDraft = {
        html: input.html,
        fromName: input.fromName,
        cc: input.cc,
        bcc: input.bcc,
        replyTo: input.replyTo,
        headers: input.headers,
        attachments,
        inReplyTo: input.inReplyTo,
        references: input.references,
        tags: input.tags,
        tracking: input.tracking,
        unsubscribe: input.unsubscribe,
      };
      const row = await ctx.db.transaction((tx) =>
        createOutboundMessage(
          ctx,
          tx,
          tenant.tenantId,
          {
            channel: 'email',
            from: input.from,
            to: input.to,
            subject: input.subject,
            body: input.text,
            media: [],
            template: templateName ? { name: templateName, variables: input.variables } : undefined,
            sendAt: input.sendAt,
            statusCallback: input.statusCallback,
            metadata: input.metadata,
          },
          { content: draft },
        ),
      );
      return c.json(emailMessageResource(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/messages/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get an email (sent or received) with its email content',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(EmailMessageSchema, 'The email'),
        404: problem('No such email in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(messages, and(eq(messages.id, c.req.valid('param').id), eq(messages.channel, 'email')));
      if (!row) throw new AppError('not_found', 'No email with this id');
      return c.json(emailMessageResource(row), 200);
    },
  );

  return router;
}
