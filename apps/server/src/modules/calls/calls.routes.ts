import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { createTenantScope } from '../../platform/db/tenant-scope';
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
import { VerbDocumentSchema } from '../../voice/verbs/verb-schema';
import { CALL_STATUSES, type CallStatus, isTerminalCall } from './call-status';
import { CallSchema, callResource } from './call-view';
import { calls } from './calls.schema';
import { createOutboundCall, parseInlineVerbs } from './create-call';
import {
  assertOneChange,
  CALL_CONTROL_SUBJECT,
  type CallControl,
  CreateCallSchema,
  UpdateCallSchema,
} from './create-call.schema';
import { lockCall, transitionCall } from './transition-call';

const ListQuerySchema = PageQuerySchema.extend({
  status: z.enum(CALL_STATUSES).optional(),
  direction: z.enum(['outbound-api', 'outbound-dial', 'inbound']).optional(),
  from: z.string().max(254).optional(),
  to: z.string().max(254).optional(),
  parentCallId: z.string().max(64).optional(),
  createdAfter: z.iso.datetime({ offset: true }).optional(),
  createdBefore: z.iso.datetime({ offset: true }).optional(),
});
const tags = ['calls'];

/** `/v1/calls`: place a call (queued now, placed by a voice node), list and read CDRs, redirect or hang up. */
export function createCallRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'agent', scope: 'calls:write', routeClass: 'send' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Place an outbound call (answers 201 queued; a voice node places it)',
      request: jsonBody(CreateCallSchema),
      responses: {
        201: jsonContent(CallSchema, 'Accepted: queued'),
        422: problem('Invalid fields (each named), or an invalid verb document'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      for (const url of [input.url, input.statusCallback])
        if (url) await assertPublicUrl(url, ctx.config.webhooks.allowPrivate);
      if (input.verbs) parseInlineVerbs(input.verbs); // a bad document is a 422 before any write
      const tenantId = c.get('tenant').tenantId;
      const row = await ctx.db.transaction((tx) => createOutboundCall(ctx, tx, tenantId, input));
      return c.json(callResource(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List call legs (CDRs once finished), newest first, with filters',
      request: { query: ListQuerySchema },
      responses: { 200: jsonContent(page(CallSchema), 'A page of calls'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filters: (SQL | undefined)[] = [
        query.status ? eq(calls.status, query.status) : undefined,
        query.direction ? eq(calls.direction, query.direction) : undefined,
        query.from ? eq(calls.from, query.from) : undefined,
        query.to ? eq(calls.to, query.to) : undefined,
        query.parentCallId ? eq(calls.parentCallId, query.parentCallId) : undefined,
        query.createdAfter ? gte(calls.createdAt, new Date(query.createdAfter)) : undefined,
        query.createdBefore ? lt(calls.createdAt, new Date(query.createdBefore)) : undefined,
      ];
      return c.json(await c.get('tenant').page(calls, query, callResource, and(...filters)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a call leg with its status history, trunk attempts and CDR fields',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(CallSchema, 'The call'),
        404: problem('No such call in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(calls, eq(calls.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No call with this id');
      return c.json(callResource(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Modify a live call: hang up (status), or redirect it to new verbs (url or verbs)',
      request: { params: IdParamSchema, ...jsonBody(UpdateCallSchema) },
      responses: {
        200: jsonContent(CallSchema, 'The call as it is now (a live call changes shortly after)'),
        404: problem('No such call in this tenant'),
        409: problem('The call has ended'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const { id } = c.req.valid('param');
      const tenant = c.get('tenant');
      let verbs: unknown[] | undefined;
      const row = await ctx.db.transaction(async (tx) => {
        // The tenant's scope on this transaction: PGlite has one connection, a second query would wait forever.
        const [owned] = await createTenantScope(tx, tenant.tenantId).select(calls, eq(calls.id, id));
        if (!owned) throw new AppError('not_found', 'No call with this id');
        assertOneChange(input);
        if (input.url) await assertPublicUrl(input.url, ctx.config.webhooks.allowPrivate);
        verbs = input.verbs ? VerbDocumentSchema.parse(input.verbs) : undefined;
        const locked = (await lockCall(tx, id))!;
        if (isTerminalCall(locked.status as CallStatus)) throw new AppError('conflict', 'The call has ended');
        // Not placed yet: cancel it here; the place-call job then finds it canceled and does nothing.
        if (locked.status === 'queued' && input.status)
          return (await transitionCall(ctx, tx, locked, 'canceled', {
            detail: 'api',
            set: { endedAt: new Date() },
          }))!;
        return locked;
      });
      if (row.status !== 'canceled') {
        const control: CallControl = input.status
          ? { callId: id, action: 'hangup' }
          : { callId: id, action: 'redirect', url: input.url, method: input.method, verbs };
        await ctx.bus.publish(CALL_CONTROL_SUBJECT, control);
      }
      return c.json(callResource(row), 200);
    },
  );

  return router;
}
