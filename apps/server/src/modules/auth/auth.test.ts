import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { refreshCookieOf, startTestIris, type TestIris } from '../../testing/test-iris';

describe.each(databaseKinds())('accounts on %s', (kind) => {
  let t: TestIris;
  beforeAll(async () => {
    t = await startTestIris(kind, { LOGIN_MAX_FAILURES: '5', LOGIN_LOCKOUT_SECONDS: '2' });
  });
  afterAll(() => t?.close());

  it('signs up a tenant and its admin, sets an httpOnly SameSite=Strict refresh cookie, and answers /me', async () => {
    const signup = await t.request('/v1/auth/signup', {
      body: { tenantName: 'Acme', name: 'Ann', email: 'ann@acme.test', password: 'correct horse 1' },
    });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({
      user: { email: 'ann@acme.test' },
      tenant: { name: 'Acme' },
      role: 'tenant_admin',
    });
    const cookie = signup.headers.getSetCookie().find((c) => c.startsWith('iris_refresh='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/v1\/auth/);
    expect(signup.body).not.toHaveProperty('refreshToken');

    const me = await t.request('/v1/auth/me', { token: signup.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      principal: 'user',
      user: { email: 'ann@acme.test' },
      tenant: { name: 'Acme' },
      role: 'tenant_admin',
    });
  });

  it('refuses a duplicate signup and a short password, naming the field', async () => {
    const duplicate = await t.request('/v1/auth/signup', {
      body: { tenantName: 'Acme 2', name: 'Ann', email: 'ANN@acme.test', password: 'correct horse 1' },
    });
    expect(duplicate.status).toBe(409);
    const short = await t.request('/v1/auth/signup', {
      body: { tenantName: 'X', name: 'Y', email: 'y@x.test', password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.errors).toEqual([{ path: 'password', message: 'must be at least 10 characters' }]);
  });

  it('logs in with the right password only', async () => {
    const ok = await t.request('/v1/auth/login', {
      body: { email: 'ann@acme.test', password: 'correct horse 1' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('tenant_admin');
    const wrong = await t.request('/v1/auth/login', {
      body: { email: 'ann@acme.test', password: 'wrong horse 11' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('unauthorized');
  });

  it('rotates refresh tokens, and a reused one revokes its whole family', async () => {
    const session = await t.signup();
    const first = session.refreshCookie;
    const refreshed = await t.request('/v1/auth/refresh', { method: 'POST', headers: { cookie: first } });
    expect(refreshed.status).toBe(200);
    const second = refreshCookieOf(refreshed.headers);
    expect(second).not.toBe(first);

    const reused = await t.request('/v1/auth/refresh', { method: 'POST', headers: { cookie: first } });
    expect(reused.status).toBe(401);
    expect(reused.body.detail).toContain('already used');
    // The legitimate next token of the family is dead too.
    const afterTheft = await t.request('/v1/auth/refresh', { method: 'POST', headers: { cookie: second } });
    expect(afterTheft.status).toBe(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const session = await t.signup();
    const logout = await t.request('/v1/auth/logout', {
      method: 'POST',
      headers: { cookie: session.refreshCookie },
    });
    expect(logout.status).toBe(204);
    const refresh = await t.request('/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: session.refreshCookie },
    });
    expect(refresh.status).toBe(401);
  });

  it('refuses expired, forged and alg:none access tokens', async () => {
    const session = await t.signup();
    const [, payload] = session.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());

    const unsigned = new UnsecuredJWT(claims).encode();
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32).fill(7));
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32).fill(7));
    const tampered = `${session.token.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, role: 'tenant_admin', pa: true })).toString('base64url')}.${session.token.split('.')[2]}`;

    for (const token of [unsigned, forged, expired, tampered, 'not-a-jwt']) {
      const response = await t.request('/v1/auth/me', { token });
      expect(response.status, token).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
    expect((await t.request('/v1/auth/me')).status).toBe(401);
  });

  it('changes the password, ending other sessions', async () => {
    const session = await t.signup();
    const changed = await t.request('/v1/auth/change-password', {
      token: session.token,
      body: { currentPassword: session.password, newPassword: 'a brand new password' },
    });
    expect(changed.status).toBe(200);
    expect(
      (await t.request('/v1/auth/refresh', { method: 'POST', headers: { cookie: session.refreshCookie } }))
        .status,
    ).toBe(401);
    expect(
      (
        await t.request('/v1/auth/login', {
          body: { email: session.email, password: 'a brand new password' },
        })
      ).status,
    ).toBe(200);
  });

  it('resets a password with the emailed token from the notifications outbox', async () => {
    const session = await t.signup();
    expect((await t.request('/v1/auth/password-reset', { body: { email: session.email } })).status).toBe(202);
    expect(
      (await t.request('/v1/auth/password-reset', { body: { email: 'nobody@nowhere.test' } })).status,
    ).toBe(202);

    const admin = await platformAdminToken(t);
    const outbox = await t.request('/v1/admin/notifications', { token: admin });
    const mail = outbox.body.data.find(
      (n: { toEmail: string; kind: string }) => n.toEmail === session.email && n.kind === 'password_reset',
    );
    expect(mail.status).toBe('outboxed');
    const token = /token=([\w.-]+)/.exec(mail.text)![1]!;

    const confirmed = await t.request('/v1/auth/password-reset/confirm', {
      body: { token, password: 'reset password ok' },
    });
    expect(confirmed.status).toBe(204);
    expect(
      (await t.request('/v1/auth/password-reset/confirm', { body: { token, password: 'again password ok' } }))
        .status,
    ).toBe(400);
    expect(
      (await t.request('/v1/auth/login', { body: { email: session.email, password: 'reset password ok' } }))
        .status,
    ).toBe(200);
    expect(
      (await t.request('/v1/auth/refresh', { method: 'POST', headers: { cookie: session.refreshCookie } }))
        .status,
    ).toBe(401);
  });

  it('invites by email; the invitee joins with the invited role', async () => {
    const admin = await t.signup('Invite Co');
    const invited = await t.request('/v1/invitations', {
      token: admin.token,
      body: { email: 'agent@invite.test', role: 'agent' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'agent@invite.test', role: 'agent', status: 'pending' });

    const outbox = await t.request('/v1/notifications', { token: admin.token });
    const mail = outbox.body.data.find((n: { kind: string }) => n.kind === 'invitation');
    expect(mail.subject).toContain('Invite Co');
    const token = /token=([\w.-]+)/.exec(mail.text)![1]!;

    const joined = await t.request('/v1/auth/accept-invitation', {
      body: { token, name: 'Agent A', password: 'agent password 1' },
    });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({
      role: 'agent',
      tenant: { id: admin.tenantId },
      user: { email: 'agent@invite.test' },
    });
    expect(
      (
        await t.request('/v1/auth/accept-invitation', {
          body: { token, name: 'Again', password: 'agent password 1' },
        })
      ).status,
    ).toBe(400);

    const members = await t.request('/v1/users', { token: admin.token });
    expect(members.body.data.map((m: { role: string }) => m.role).sort()).toEqual(['agent', 'tenant_admin']);
    // An agent may not manage the tenant.
    expect((await t.request('/v1/api-keys', { token: joined.body.accessToken })).status).toBe(403);
    const audit = await t.request('/v1/audit-log', { token: admin.token });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('invitation.created');
  });

  it('locks out after repeated wrong passwords, refuses the right one during lockout, and lets it expire', async () => {
    const session = await t.signup('Lockout Co');
    const attempts = [];
    for (let i = 0; i < 20; i++) {
      attempts.push(
        (
          await t.request('/v1/auth/login', {
            body: { email: session.email, password: `wrong password ${i}` },
          })
        ).status,
      );
    }
    expect(attempts.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attempts.slice(5)).toEqual(Array(15).fill(429));

    const during = await t.request('/v1/auth/login', {
      body: { email: session.email, password: session.password },
    });
    expect(during.status).toBe(429);
    expect(during.body.code).toBe('rate_limited');
    const retryAfter = Number(during.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);

    // The lockout is time itself passing: wait it out, as a user would.
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const after = await t.request('/v1/auth/login', {
      body: { email: session.email, password: session.password },
    });
    expect(after.status).toBe(200);
  });
});

/** Promotes a fresh signup to platform admin directly in the database (as `iris create-admin` would create one). */
async function platformAdminToken(t: TestIris) {
  const { users } = await import('../users/users.schema');
  const { eq } = await import('drizzle-orm');
  const session = await t.signup('Platform');
  await t.iris.database.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, session.userId));
  const login = await t.request('/v1/auth/login', {
    body: { email: session.email, password: session.password },
  });
  return login.body.accessToken as string;
}
