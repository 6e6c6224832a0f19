import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../../app-context';
import { AppError } from '../../../platform/errors/app-error';
import { AUTHENTICATED_ERRORS, jsonContent, problem, SECURITY } from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import { acceptEmail } from './accept-email';
import { parseEmail, UnparseableEmailError } from './parse-email';
import { findInboundOwner } from './receive-email';

const QuerySchema = z.object({
  to: z.email().max(254).optional().openapi({
    description:
      "The recipient (envelope RCPT TO); default: the message's To and Cc addresses that are yours",
  }),
  from: z
    .email()
    .max(254)
    .optional()
    .openapi({ description: 'The envelope sender, used when the message has no From' }),
});
const ResultSchema = z
  .object({
    received: z.array(
      z.object({
        recipient: z.string(),
        messageId: z.string().nullable().openapi({ description: 'null: already received (a redelivery)' }),
      }),
    ),
  })
  .openapi('RawEmailReceived');

/**
 * `POST /v1/email/inbound/raw`: a raw MIME message (RFC 5322 bytes as the body) for the tenant's
 * inbound addresses — for mail that reaches the tenant some other way than our SMTP listener (a
 * forwarding rule, an archive import, a provider that posts raw MIME). Authenticated, so a tenant can
 * only ever file mail to its own addresses and domains.
 */
export function createInboundRawRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/inbound/raw',
      tags: ['email'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'supervisor', scope: 'messages:write' }),
      summary: 'Receive a raw MIME email for your addresses (parsed, threaded, attachments stored)',
      request: {
        query: QuerySchema,
        body: { content: { 'message/rfc822': { schema: z.string() } }, required: true },
      },
      responses: {
        200: jsonContent(ResultSchema, 'Stored, one message per recipient'),
        413: problem('Larger than SMTP_MAX_MESSAGE_BYTES (or HTTP_BODY_LIMIT_BYTES)'),
        422: problem('No recipient of yours, or a message that cannot be parsed'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenant').tenantId;
      const query = c.req.valid('query');
      const raw = Buffer.from(await c.req.arrayBuffer());
      if (raw.length > ctx.config.email.maxMessageBytes)
        throw new AppError(
          'payload_too_large',
          `The message exceeds ${ctx.config.email.maxMessageBytes} bytes`,
        );
      if (raw.length === 0) throw new AppError('validation_failed', 'body: the raw message is empty');
      let addresses: string[];
      if (query.to) addresses = [query.to];
      else {
        try {
          const parsed = await parseEmail(raw);
          addresses = [...new Set([...parsed.to, ...parsed.cc])];
        } catch (error) {
          if (error instanceof UnparseableEmailError) throw new AppError('validation_failed', error.message);
          throw error;
        }
      }
      const recipients = [];
      for (const address of addresses) {
        const owner = await findInboundOwner(ctx.db, address);
        if (owner?.tenantId === tenantId) recipients.push({ address, owner });
      }
      if (recipients.length === 0)
        throw new AppError(
          'validation_failed',
          'to: none of the recipients is an inbound address or domain of yours',
          {
            details: { errors: [{ path: 'to', message: 'is not an inbound address or domain of yours' }] },
          },
        );
      try {
        const accepted = await acceptEmail(ctx, {
          raw,
          recipients,
          provider: 'raw',
          envelopeFrom: query.from,
        });
        return c.json(
          { received: accepted.map((a) => ({ recipient: a.recipient, messageId: a.messageId ?? null })) },
          200,
        );
      } catch (error) {
        if (error instanceof UnparseableEmailError) throw new AppError('validation_failed', error.message);
        throw error;
      }
    },
  );
  return router;
}
