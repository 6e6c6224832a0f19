import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { hashSecret, randomSecret } from '../../platform/crypto/secrets';
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
  RoleSchema,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { recordAudit } from '../audit/record-audit';
import { outboxNotification } from '../notifications/outbox-notification';
import { tenants } from '../tenants/tenants.schema';
import { invitations } from './invitations.schema';

const VALID_DAYS = 7;
const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .openapi('Invitation');
const CreateInvitationSchema = z.object({ email: z.email(), role: RoleSchema }).openapi('CreateInvitation');

const view = (row: typeof invitations.$inferSelect) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  status: row.acceptedAt
    ? ('accepted' as const)
    : row.revokedAt
      ? ('revoked' as const)
      : row.expiresAt < new Date()
        ? ('expired' as const)
        : ('pending' as const),
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});
const tags = ['invitations'];

export function createInvitationRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Invite someone by email to join the tenant with a role',
      request: jsonBody(CreateInvitationSchema),
      responses: {
        201: jsonContent(InvitationSchema, 'Invited; the email is in the notifications outbox'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenant = c.get('tenant');
      const principal = c.get('principal');
      const id = newId('inv');
      const secret = randomSecret();
      const [tenantRow] = await ctx.db.select().from(tenants).where(eq(tenants.id, tenant.tenantId));
      const row = await ctx.db.transaction(async (tx) => {
        const [created] = await tx
          .insert(invitations)
          .values({
            id,
            tenantId: tenant.tenantId,
            email: input.email,
            role: input.role,
            secretHash: hashSecret(secret),
            invitedBy: principal.kind === 'user' ? principal.userId : null,
            expiresAt: new Date(Date.now() + VALID_DAYS * 86_400_000),
          })
          .returning();
        await outboxNotification(tx, {
          tenantId: tenant.tenantId,
          kind: 'invitation',
          toEmail: input.email,
          subject: `You are invited to ${tenantRow!.name} on IRIS`,
          text: `You are invited to join ${tenantRow!.name} on IRIS as ${input.role.replace('_', ' ')}. Accept within ${VALID_DAYS} days:\n\n${ctx.config.http.publicUrl}/accept-invitation?token=${id}.${secret}\n`,
        });
        await recordAudit(tx, c, principal, {
          tenantId: tenant.tenantId,
          action: 'invitation.created',
          targetType: 'invitation',
          targetId: id,
          details: { email: input.email, role: input.role },
        });
        return created!;
      });
      return c.json(view(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "The tenant's invitations, newest first",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(InvitationSchema), 'A page of invitations'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(invitations, query, view), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'One invitation',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(InvitationSchema, 'The invitation'),
        404: problem('No such invitation in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(invitations, eq(invitations.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No invitation with this id');
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Revoke a pending invitation',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Revoked' },
        404: problem('No such pending invitation in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const { id } = c.req.valid('param');
      const revoked = await tenant.update(
        invitations,
        { revokedAt: new Date() },
        and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))!,
      );
      if (revoked.length === 0) throw new AppError('not_found', 'No pending invitation with this id');
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: tenant.tenantId,
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: id,
      });
      return c.body(null, 204);
    },
  );

  return router;
}
