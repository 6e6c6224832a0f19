import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { assertPublicUrl } from '../../platform/http/ssrf-guard';
import { recordAudit } from '../audit/record-audit';
import { findEndpoint } from './find-endpoint';
import { sendTestEvent } from './send-test-event';
import { newWebhookSecret } from './webhook-signature';
import {
  CreateWebhookSchema,
  RotateSecretSchema,
  UpdateWebhookSchema,
  WebhookSchema,
  WebhookWithSecretSchema,
  webhookView,
} from './webhooks.api';
import { webhookEndpoints } from './webhooks.schema';

const tags = ['webhooks'];

/** Webhook endpoints: create, list, read, change, remove, rotate the secret, send a test event. */
export function createWebhookEndpointRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'webhooks:write' });
  const reader = guard(ctx, { role: 'tenant_admin', scope: 'read' });
  const allowPrivate = ctx.config.webhooks.allowPrivate;

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Add an endpoint that receives the events it subscribes to',
      request: jsonBody(CreateWebhookSchema),
      responses: {
        201: jsonContent(WebhookWithSecretSchema, 'Created; verify deliveries with `secret`'),
        422: problem('Invalid fields or a refused URL (private address)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const url = await assertPublicUrl(input.url, allowPrivate);
      const secret = newWebhookSecret();
      const [row] = await c.get('tenant').insert(webhookEndpoints, {
        id: newId('whe'),
        url: url.toString(),
        description: input.description ?? null,
        eventTypes: [...new Set(input.events)],
        secret: ctx.encryptor.encrypt(secret),
        maxConcurrency: input.maxConcurrency ?? 10,
      });
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: row!.tenantId,
        action: 'webhook.created',
        targetType: 'webhook',
        targetId: row!.id,
        details: { url: row!.url, events: row!.eventTypes },
      });
      return c.json({ ...webhookView(row!), secret }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: 'The endpoints, newest first',
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(WebhookSchema), 'A page of endpoints'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(webhookEndpoints, query, webhookView), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: 'One endpoint',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(WebhookSchema, 'The endpoint'),
        404: problem('No such endpoint'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(webhookView(await findEndpoint(c.get('tenant'), c.req.valid('param').id)), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Change the URL, events or cap; enable or disable',
      request: { params: IdParamSchema, ...jsonBody(UpdateWebhookSchema) },
      responses: {
        200: jsonContent(WebhookSchema, 'Updated'),
        404: problem('No such endpoint'),
        422: problem('Invalid fields or a refused URL'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      await findEndpoint(c.get('tenant'), id);
      const url = input.url ? (await assertPublicUrl(input.url, allowPrivate)).toString() : undefined;
      const [row] = await c.get('tenant').update(
        webhookEndpoints,
        {
          url,
          description: input.description,
          eventTypes: input.events ? [...new Set(input.events)] : undefined,
          maxConcurrency: input.maxConcurrency,
          enabled: input.enabled,
          ...(input.enabled === true ? { disabledReason: null, failingSince: null } : {}),
          ...(input.enabled === false ? { disabledReason: 'disabled by the tenant' } : {}),
          updatedAt: new Date(),
        },
        eq(webhookEndpoints.id, id),
      );
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: row!.tenantId,
        action: 'webhook.updated',
        targetType: 'webhook',
        targetId: id,
        details: input,
      });
      return c.json(webhookView(row!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove an endpoint and its delivery log',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such endpoint'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const removed = await c.get('tenant').delete(webhookEndpoints, eq(webhookEndpoints.id, id));
      if (removed.length === 0) throw new AppError('not_found', 'No webhook endpoint with this id');
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: removed[0]!.tenantId,
        action: 'webhook.deleted',
        targetType: 'webhook',
        targetId: id,
        details: { url: removed[0]!.url },
      });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/rotate-secret',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'A new signing secret; the old one keeps signing too during the overlap window',
      request: {
        params: IdParamSchema,
        body: { content: { 'application/json': { schema: RotateSecretSchema } }, required: false },
      },
      responses: {
        200: jsonContent(z.object({ secret: z.string(), previousSecretExpiresAt: z.string() }), 'Rotated'),
        404: problem('No such endpoint'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { overlapHours } = RotateSecretSchema.parse(await c.req.json().catch(() => ({})));
      const endpoint = await findEndpoint(c.get('tenant'), id);
      const secret = newWebhookSecret();
      const previousSecretExpiresAt = new Date(Date.now() + overlapHours * 3_600_000);
      await c.get('tenant').update(
        webhookEndpoints,
        {
          secret: ctx.encryptor.encrypt(secret),
          previousSecret: endpoint.secret,
          previousSecretExpiresAt,
          updatedAt: new Date(),
        },
        eq(webhookEndpoints.id, id),
      );
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: endpoint.tenantId,
        action: 'webhook.secret_rotated',
        targetType: 'webhook',
        targetId: id,
        details: { overlapHours },
      });
      return c.json({ secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/test',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Send a `webhook.test` event to this endpoint',
      request: { params: IdParamSchema },
      responses: {
        202: jsonContent(z.object({ eventId: z.string() }), 'Queued; see the deliveries'),
        404: problem('No such endpoint'),
        409: problem('The endpoint is disabled'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const endpoint = await findEndpoint(c.get('tenant'), c.req.valid('param').id);
      if (!endpoint.enabled) throw new AppError('conflict', 'The endpoint is disabled; enable it first');
      const event = await sendTestEvent(ctx, endpoint);
      return c.json({ eventId: event.id }, 202);
    },
  );

  return router;
}
