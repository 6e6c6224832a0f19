import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { readConversation } from '../conversations/sla-columns';
import { ASSIGNMENT_REASONS, conversationAssignments } from './assignment.schema';

const AssignmentSchema = z
  .object({
    id: z.string(),
    teamId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    previousAssigneeId: z.string().nullable(),
    reason: z.enum(ASSIGNMENT_REASONS),
    actorUserId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ConversationAssignment');

const view = (row: typeof conversationAssignments.$inferSelect) => ({
  id: row.id,
  teamId: row.teamId,
  assigneeId: row.assigneeUserId,
  previousAssigneeId: row.previousAssigneeUserId,
  reason: row.reason,
  actorUserId: row.actorUserId,
  createdAt: row.createdAt.toISOString(),
});

/** `GET /v1/conversations/{id}/assignments`: who held the conversation, from when, and why. */
export function createAssignmentHistoryRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/assignments',
      tags: ['conversations'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'agent', scope: 'read' }),
      summary: "A conversation's assignment history, oldest first",
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(z.object({ data: z.array(AssignmentSchema) }), 'Every change of assignee or team'),
        404: problem('No such conversation'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const scope = c.get('tenant');
      const { id } = c.req.valid('param');
      const conversation = await readConversation(ctx.db, scope.tenantId, id);
      if (!conversation || conversation.deletedAt)
        throw new AppError('not_found', 'No conversation with this id');
      const rows = await scope.select(
        conversationAssignments,
        eq(conversationAssignments.conversationId, id),
        {
          orderBy: asc(conversationAssignments.id),
        },
      );
      return c.json({ data: rows.map(view) }, 200);
    },
  );
  return router;
}
