import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, PageQuerySchema, page, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { notifications } from './notifications.schema';

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    toEmail: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(['outboxed', 'sent', 'failed']),
    createdAt: z.string(),
  })
  .openapi('Notification');
export const notificationView = (row: typeof notifications.$inferSelect) => ({
  id: row.id,
  kind: row.kind,
  toEmail: row.toEmail,
  subject: row.subject,
  text: row.text,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
});

/** The sandbox's view of the platform emails of this tenant (invitations) until email delivers them. */
export function createNotificationRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['notifications'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'tenant_admin', scope: 'admin' }),
      summary: "Platform emails sent on the tenant's behalf (the outbox), newest first",
      request: { query: PageQuerySchema },
      responses: {
        200: {
          description: 'A page of notifications',
          content: { 'application/json': { schema: page(NotificationSchema) } },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(notifications, query, notificationView), 200);
    },
  );
  return router;
}
