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
import { findMembership } from '../users/find-account';
import { SipCredentialSchema, sipCredentialView } from './sip-credential-view';
import { sipCredentials } from './sip-credentials.schema';
import { authUsernameOf, digestHa1, generateSipPassword } from './sip-digest';

const CreateSipCredentialSchema = z
  .object({
    username: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (an extension such as 1001)'),
    password: z.string().min(8).max(128).optional().openapi({ description: 'Generated when omitted' }),
    identity: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{1,100}$/)
      .optional()
      .openapi({ description: '`<Client>` identity; the username when omitted' }),
    userId: z.string().max(64).optional().openapi({ description: 'The agent this extension belongs to' }),
  })
  .openapi('CreateSipCredential');

const CreatedSipCredentialSchema = SipCredentialSchema.extend({
  password: z.string().openapi({ description: 'Shown once: only its digest hash is stored' }),
}).openapi('CreatedSipCredential');

const tags = ['voice'];

/** `/v1/voice/sip-credentials`: agents' SIP accounts (extensions) that phones register with. */
export function createSipCredentialRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Create a SIP credential (an extension); the password is shown once',
      request: jsonBody(CreateSipCredentialSchema),
      responses: {
        201: jsonContent(CreatedSipCredentialSchema, 'Created, with the password'),
        409: problem('The username is taken in this tenant'),
        422: problem('Invalid fields, or a user id that is not in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenant = c.get('tenant');
      if (input.userId && !(await findMembership(ctx.db, input.userId, tenant.tenantId)))
        throw new AppError('validation_failed', 'No such user in this tenant', {
          details: { errors: [{ path: 'userId', message: 'not a user of this tenant' }] },
        });
      const password = input.password ?? generateSipPassword();
      const authUsername = authUsernameOf(input.username, tenant.tenantId);
      const [row] = await tenant.insert(sipCredentials, {
        id: newId('sipc'),
        username: input.username,
        authUsername,
        identity: input.identity ?? input.username,
        userId: input.userId ?? null,
        ha1: digestHa1(authUsername, password),
      });
      return c.json({ ...sipCredentialView(row!), password }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "List the tenant's SIP credentials",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(SipCredentialSchema), 'A page of credentials, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) =>
      c.json(await c.get('tenant').page(sipCredentials, c.req.valid('query'), sipCredentialView), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Get a SIP credential',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(SipCredentialSchema, 'The credential'),
        404: problem('No such credential in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(sipCredentials, eq(sipCredentials.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No SIP credential with this id');
      return c.json(sipCredentialView(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Delete a SIP credential (its registrations go with it)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Deleted' },
        404: problem('No such credential in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const removed = await c
        .get('tenant')
        .delete(sipCredentials, eq(sipCredentials.id, c.req.valid('param').id));
      if (removed.length === 0) throw new AppError('not_found', 'No SIP credential with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
