import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';

describe.each(databaseKinds())('own tenant (/v1/tenant) on %s', (kind) => {
  let t: TestIris;
  let a: Awaited<ReturnType<TestIris['signup']>>;
  let b: Awaited<ReturnType<TestIris['signup']>>;

  beforeAll(async () => {
    t = await startTestIris(kind);
    a = await t.signup('Alpha Org');
    b = await t.signup('Bravo Org');
    // A fresh migrated PostgreSQL database takes a while on a loaded machine.
  }, 120_000);
  afterAll(() => t?.close());

  it('shows the name and the rate limits in force, marking platform overrides', async () => {
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"send":42},"voice":{"twilioSignature":false}}' where id = $1`,
      [a.tenantId],
    );
    const got = await t.request('/v1/tenant', { token: a.token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: a.tenantId,
      name: 'Alpha Org',
      status: 'active',
      rateLimits: {
        read: { perMinute: 100, source: 'platform_default' },
        send: { perMinute: 42, source: 'platform_override' },
      },
    });
  });

  it('renames the tenant, keeps the other settings and audits it', async () => {
    const renamed = await t.request('/v1/tenant', {
      method: 'PATCH',
      token: a.token,
      body: { name: '  Alpha Rockets  ' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Alpha Rockets');
    expect(renamed.body.rateLimits.send).toEqual({ perMinute: 42, source: 'platform_override' });

    const rows = await t.iris.database.executeSql('select name, settings from tenants where id = $1', [
      a.tenantId,
    ]);
    expect(rows.rows[0]).toMatchObject({
      name: 'Alpha Rockets',
      settings: { rateLimits: { send: 42 }, voice: { twilioSignature: false } },
    });
    const me = await t.request('/v1/auth/me', { token: a.token });
    expect(me.body.tenant.name).toBe('Alpha Rockets');

    const audit = await t.request('/v1/audit-log?action=tenant.updated', { token: a.token });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      targetType: 'tenant',
      targetId: a.tenantId,
      details: { name: { from: 'Alpha Org', to: 'Alpha Rockets' } },
    });
  });

  it('publishes the settings-changed message on the bus, so every node drops its cached entry', async () => {
    const seen: unknown[] = [];
    const subscription = t.iris.bus.subscribe('tenant.settings.changed', ({ data }) => {
      seen.push(data);
    });
    await t.request('/v1/tenant', { method: 'PATCH', token: a.token, body: { name: 'Alpha Again' } });
    await expect.poll(() => seen, { timeout: 10_000 }).toContainEqual({ tenantId: a.tenantId });
    subscription.unsubscribe();
  });

  it('refuses rate limits, empty names and non-admins with a problem document', async () => {
    const limits = await t.request('/v1/tenant', {
      method: 'PATCH',
      token: a.token,
      body: { name: 'X', rateLimits: { read: 100000 } },
    });
    expect(limits.status).toBe(422);
    expect(limits.headers.get('content-type')).toMatch(/problem\+json/);
    const empty = await t.request('/v1/tenant', { method: 'PATCH', token: a.token, body: { name: '  ' } });
    expect(empty.status).toBe(422);

    const key = await t.request('/v1/api-keys', {
      token: a.token,
      body: { name: 'reader', scopes: ['read'] },
    });
    const readOnly = await t.request('/v1/tenant', {
      method: 'PATCH',
      token: key.body.key,
      body: { name: 'Hijacked' },
    });
    expect(readOnly.status).toBe(403);
    expect((await t.request('/v1/tenant', { token: key.body.key })).body.name).toBe('Alpha Again');
  });

  it('keeps tenants apart: B reads and renames only B', async () => {
    const seen = await t.request('/v1/tenant', { token: b.token });
    expect(seen.body).toMatchObject({ id: b.tenantId, name: 'Bravo Org' });
    expect(JSON.stringify(seen.body)).not.toContain('Alpha');
    await t.request('/v1/tenant', { method: 'PATCH', token: b.token, body: { name: 'Bravo Two' } });
    expect((await t.request('/v1/tenant', { token: a.token })).body.name).toBe('Alpha Again');
    expect((await t.request('/v1/tenant')).status).toBe(401);
  });
});
