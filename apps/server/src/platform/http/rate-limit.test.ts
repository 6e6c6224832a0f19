import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';

// On postgres the test IRIS uses Redis for buckets whenever REDIS_URL is set; on PGlite, memory.
describe.each(databaseKinds())('rate limits on %s', (kind) => {
  let t: TestIris;
  beforeAll(async () => {
    t = await startTestIris(kind, { RATE_LIMIT_PUBLIC_PER_MINUTE: '5' });
  });
  afterAll(() => t?.close());

  it('sets RateLimit headers and refuses the 101st read in a minute with 429 and Retry-After', async () => {
    const admin = await (async () => {
      const signup = await t.request('/v1/auth/signup', {
        body: {
          tenantName: 'RL Co',
          name: 'R',
          email: `rl${Date.now()}@rl.test`,
          password: 'rate limit 123',
        },
      });
      return signup.body.accessToken as string;
    })();
    const first = await t.request('/v1/auth/me', { token: admin });
    expect(first.headers.get('ratelimit-limit')).toBe('100');
    expect(first.headers.get('ratelimit-remaining')).toBe('99');
    // Spend the bucket until refused. Tokens refill at 100/60 per second while we spend, so the
    // count allowed is 99 more plus what the elapsed time refilled — no more.
    const started = Date.now();
    let allowed = 1;
    let refused = await t.request('/v1/auth/me', { token: admin });
    while (refused.status === 200) {
      allowed++;
      refused = await t.request('/v1/auth/me', { token: admin });
    }
    const refilled = Math.ceil(((Date.now() - started) / 1000) * (100 / 60));
    expect(allowed).toBeGreaterThanOrEqual(100);
    expect(allowed).toBeLessThanOrEqual(100 + refilled);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('limits unauthenticated routes per IP', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await t.request('/v1/auth/password-reset', { body: { email: 'someone@x.test' } })).status,
      );
    }
    // Five were allowed this minute; one signup above spent a token from the same bucket.
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(5);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe.each(databaseKinds())('per-tenant overrides and suspension on %s', (kind) => {
  let t: TestIris;
  beforeAll(async () => {
    t = await startTestIris(kind);
  });
  afterAll(() => t?.close());

  async function platformAdmin() {
    const session = await t.signup('Platform Ops');
    await t.iris.database.executeSql('update users set is_platform_admin = true where id = $1', [
      session.userId,
    ]);
    return (await t.request('/v1/auth/login', { body: { email: session.email, password: session.password } }))
      .body.accessToken as string;
  }

  it('lets a platform admin lower a tenant limit, audited, and suspend the tenant', async () => {
    const tenant = await t.signup('Limited Co');
    const admin = await platformAdmin();
    const patched = await t.request(`/v1/admin/tenants/${tenant.tenantId}`, {
      method: 'PATCH',
      token: admin,
      body: { rateLimits: { read: 3 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.settings.rateLimits).toEqual({ read: 3 });

    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await t.request('/v1/auth/me', { token: tenant.token })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);

    expect(
      (
        await t.request(`/v1/admin/tenants/${tenant.tenantId}`, {
          method: 'PATCH',
          token: admin,
          body: { status: 'suspended' },
        })
      ).status,
    ).toBe(200);
    const suspended = await t.request('/v1/users', { token: tenant.token });
    expect(suspended.status).toBe(403);
    expect(suspended.body.detail).toContain('suspended');

    const audit = await t.request('/v1/admin/audit-log?action=tenant.updated', { token: admin });
    expect(audit.body.data.filter((e: { targetId: string }) => e.targetId === tenant.tenantId)).toHaveLength(
      2,
    );
  });

  it('keeps admin routes for platform admins', async () => {
    const tenant = await t.signup('Curious Co');
    expect((await t.request('/v1/admin/tenants', { token: tenant.token })).status).toBe(403);
    const admin = await platformAdmin();
    const list = await t.request('/v1/admin/tenants', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toContain(tenant.tenantId);
  });
});
