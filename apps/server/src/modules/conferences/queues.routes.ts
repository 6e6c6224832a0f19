import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { findQueue, listQueues, waitSeconds } from '../../voice/queues/call-queues';
import { pageById } from './conference-view';

const tags = ['voice'];
const QueueSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** Callers waiting now. */
    size: z.number().int(),
    /** Average seconds the callers waiting now have waited (0 when empty). */
    averageWaitSeconds: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('CallQueue');
const MemberSchema = z
  .object({
    callId: z.string(),
    from: z.string(),
    /** 1 = next to be taken by `<Dial><Queue>`. */
    position: z.number().int(),
    waitSeconds: z.number().int(),
    enqueuedAt: z.string(),
  })
  .openapi('CallQueueMember');
const QueueParamSchema = z.object({
  queue: z.string().min(1).max(100).openapi({ description: 'The queue id (que_…) or its name' }),
});

/**
 * `/v1/voice/queues`: the tenant's call queues (`<Enqueue>`) with size and average wait, and their
 * waiting callers in order. Queues live on the voice node carrying the callers (docs/voice.md).
 */
export function createCallQueueRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List call queues (every queue used since the voice node started)',
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(QueueSchema), 'A page of queues'), ...AUTHENTICATED_ERRORS },
    }),
    (c) => {
      const queues = listQueues(c.get('tenant').tenantId).map((queue) => ({
        id: queue.id,
        name: queue.name,
        size: queue.members.length,
        averageWaitSeconds: waitSeconds(queue).average,
        createdAt: queue.createdAt.toISOString(),
      }));
      return c.json(pageById(queues, c.req.valid('query')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{queue}/members',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'The callers waiting in a queue, next first',
      request: { params: QueueParamSchema },
      responses: {
        200: jsonContent(z.object({ data: z.array(MemberSchema) }), 'The waiting callers'),
        404: problem('No such queue in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    (c) => {
      const queue = findQueue(c.get('tenant').tenantId, c.req.valid('param').queue);
      if (!queue) throw new AppError('not_found', 'No queue with this id or name');
      const { waits } = waitSeconds(queue);
      const data = queue.members.map((member, i) => ({
        callId: member.callId,
        from: member.from,
        position: i + 1,
        waitSeconds: waits[i]!,
        enqueuedAt: member.enqueuedAt.toISOString(),
      }));
      return c.json({ data }, 200);
    },
  );
  return router;
}
