import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import type { AppEnv } from '../../platform/http/app-env';
import { clientAddress } from '../../platform/http/client-address';
import { createRouter } from '../../platform/http/create-app';
import { guard, publicGuard } from '../../platform/http/guard';
import { acceptInvitation } from '../invitations/accept-invitation';
import { tenants } from '../tenants/tenants.schema';
import { loadAccount, publicTenant, publicUser } from '../users/find-account';
import { hashPassword, verifyPassword } from '../users/password';
import { users } from '../users/users.schema';
import {
  AcceptInvitationSchema,
  ChangePasswordSchema,
  LoginSchema,
  MeSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  RefreshSchema,
  SessionSchema,
  SignupSchema,
} from './auth.api';
import { login } from './login';
import { confirmPasswordReset, requestPasswordReset } from './password-reset';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './session-cookie';
import {
  endSession,
  revokeAllSessions,
  rotateSession,
  type Session,
  type SessionSubject,
  startSession,
} from './sessions';
import { signup } from './signup';

const tags = ['auth'];
type Account = NonNullable<Awaited<ReturnType<typeof loadAccount>>>;

export function createAuthRoutes(ctx: AppContext) {
  const router = createRouter();
  const open = publicGuard(ctx);
  const signedIn = guard(ctx, { tenant: false });

  /** Sets the refresh cookie and returns the session body. */
  function sessionBody(c: Context<AppEnv>, session: Session, account: Account) {
    setRefreshCookie(c, ctx.config, session.refreshToken, session.refreshExpiresAt);
    return {
      accessToken: session.accessToken,
      expiresIn: session.expiresIn,
      user: publicUser(account.user),
      tenant: account.membership ? publicTenant(account.membership.tenant) : null,
      role: account.membership?.role ?? null,
    };
  }

  const subjectOf = (account: Account): SessionSubject => ({
    userId: account.user.id,
    tenantId: account.membership?.tenant.id ?? null,
    role: account.membership?.role ?? null,
    isPlatformAdmin: account.user.isPlatformAdmin,
  });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/signup',
      tags,
      middleware: [open] as const,
      summary: 'Create a tenant and its first tenant admin',
      request: jsonBody(SignupSchema),
      responses: {
        201: jsonContent(
          SessionSchema,
          'Signed up and logged in; the refresh token is set as an httpOnly cookie',
        ),
        409: problem('The email is taken'),
        422: problem('Invalid fields'),
        429: problem('Too many requests'),
      },
    }),
    async (c) => {
      const { user, tenant } = await signup(ctx, c.req.valid('json'));
      const account = { user, membership: { role: 'tenant_admin' as const, tenant } };
      return c.json(sessionBody(c, await startSession(ctx, subjectOf(account)), account), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/login',
      tags,
      middleware: [open] as const,
      summary: 'Log in with email and password',
      request: jsonBody(LoginSchema),
      responses: {
        200: jsonContent(SessionSchema, 'Logged in'),
        401: problem('Wrong email or password'),
        403: problem('Not a member of the tenant'),
        429: problem('Too many failed logins; see Retry-After'),
      },
    }),
    async (c) => {
      const account = await login(ctx, c.req.valid('json'), clientAddress(c));
      return c.json(sessionBody(c, await startSession(ctx, subjectOf(account)), account), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/accept-invitation',
      tags,
      middleware: [open] as const,
      summary:
        'Accept an emailed invitation: creates the account (or adds the tenant to an existing one) and logs in',
      request: jsonBody(AcceptInvitationSchema),
      responses: {
        201: jsonContent(SessionSchema, 'Joined and logged in'),
        400: problem('Invalid or expired invitation'),
        403: problem('Wrong password for the existing account'),
        422: problem('Invalid fields'),
      },
    }),
    async (c) => {
      const account = await acceptInvitation(ctx, c.req.valid('json'));
      return c.json(sessionBody(c, await startSession(ctx, subjectOf(account)), account), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/refresh',
      tags,
      middleware: [open] as const,
      summary: 'Exchange the refresh token (cookie) for a new access token and refresh token',
      request: { body: { content: { 'application/json': { schema: RefreshSchema } }, required: false } },
      responses: {
        200: jsonContent(SessionSchema, 'Refreshed'),
        401: problem('Invalid, expired, revoked or reused refresh token'),
      },
    }),
    async (c) => {
      const presented =
        readRefreshCookie(c) ??
        ((await c.req.json().catch(() => ({}))) as { refreshToken?: string }).refreshToken;
      if (!presented) throw new AppError('unauthorized', 'No refresh token: log in again');
      let account: Awaited<ReturnType<typeof loadAccount>>;
      const session = await rotateSession(ctx, presented, async (userId, tenantId) => {
        account = await loadAccount(ctx.db, userId, tenantId);
        return account ? subjectOf(account) : null;
      });
      return c.json(sessionBody(c, session, account!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/logout',
      tags,
      middleware: [open] as const,
      summary: 'End the session of the refresh token (cookie)',
      responses: { 204: { description: 'Logged out' } },
    }),
    async (c) => {
      const presented = readRefreshCookie(c);
      if (presented) await endSession(ctx.db, presented);
      clearRefreshCookie(c);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags,
      security: SECURITY,
      middleware: signedIn,
      summary: 'Who is calling: the user (or API key), tenant and role',
      responses: { 200: jsonContent(MeSchema, 'The caller'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const principal = c.get('principal');
      const [tenant] = principal.tenantId
        ? await ctx.db.select().from(tenants).where(eq(tenants.id, principal.tenantId))
        : [];
      if (principal.kind === 'api_key') {
        return c.json(
          {
            principal: 'api_key' as const,
            user: null,
            apiKey: { id: principal.keyId, scopes: principal.scopes },
            tenant: tenant ? publicTenant(tenant) : null,
            role: null,
          },
          200,
        );
      }
      const account = await loadAccount(ctx.db, principal.userId, principal.tenantId);
      if (!account) throw new AppError('unauthorized', 'This account no longer exists');
      return c.json(
        {
          principal: 'user' as const,
          user: publicUser(account.user),
          apiKey: null,
          tenant: tenant ? publicTenant(tenant) : null,
          role: account.membership?.role ?? null,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/change-password',
      tags,
      security: SECURITY,
      middleware: signedIn,
      summary: 'Change your password; every other session ends',
      request: jsonBody(ChangePasswordSchema),
      responses: {
        200: jsonContent(SessionSchema, 'Changed; a fresh session'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.kind !== 'user') throw new AppError('forbidden', 'API keys have no password');
      const input = c.req.valid('json');
      const account = await loadAccount(ctx.db, principal.userId, principal.tenantId);
      if (!account || !(await verifyPassword(account.user.passwordHash, input.currentPassword))) {
        throw new AppError('forbidden', 'The current password is wrong');
      }
      await ctx.db
        .update(users)
        .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() })
        .where(eq(users.id, principal.userId));
      await revokeAllSessions(ctx.db, principal.userId);
      return c.json(sessionBody(c, await startSession(ctx, subjectOf(account)), account), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/password-reset',
      tags,
      middleware: [open] as const,
      summary: 'Email a password reset link (the answer is the same whether or not the account exists)',
      request: jsonBody(PasswordResetRequestSchema),
      responses: {
        202: { description: 'If the account exists, a link is on its way' },
        429: problem('Too many requests'),
      },
    }),
    async (c) => {
      await requestPasswordReset(ctx, c.req.valid('json').email);
      return c.body(null, 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/password-reset/confirm',
      tags,
      middleware: [open] as const,
      summary: 'Set a new password with the emailed token; every session ends',
      request: jsonBody(PasswordResetConfirmSchema),
      responses: {
        204: { description: 'Password set' },
        400: problem('Invalid or expired token'),
        422: problem('Invalid fields'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await confirmPasswordReset(ctx, input.token, input.password);
      return c.body(null, 204);
    },
  );

  return router;
}
