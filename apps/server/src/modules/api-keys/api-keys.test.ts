import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startSecondNode, startTestIris, type TestIris } from '../../testing/test-iris';

const basic = (key: string) => {
  const [id, secret] = key.split('.');
  return { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
};

describe.each(databaseKinds())('API keys on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Keys Co');
  });
  afterAll(() => t?.close());

  it('shows the secret once, stores only a hash, and lists keys without secrets', async () => {
    const created = await t.request('/v1/api-keys', {
      token: admin.token,
      body: { name: 'backend', scopes: ['read', 'messages:write'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^key_[0-9a-z]{26}\.[\w-]{43}$/);
    expect(created.body).toMatchObject({
      name: 'backend',
      scopes: ['read', 'messages:write'],
      lastUsedAt: null,
    });
    expect(created.body.prefix).toBe(`${created.body.key.slice(0, 12)}…`);

    const listed = await t.request('/v1/api-keys', { token: admin.token });
    expect(listed.status).toBe(200);
    const entry = listed.body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(entry).toMatchObject({ name: 'backend', prefix: created.body.prefix });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key.split('.')[1]);

    const { rows } = await t.iris.database.executeSql('select secret_hash from api_keys where id = $1', [
      created.body.id,
    ]);
    expect(rows[0]!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a key as Bearer and as HTTP Basic (id : secret), and records its use', async () => {
    const { body } = await t.request('/v1/api-keys', { token: admin.token, body: { name: 'both' } });
    const bearer = await t.request('/v1/auth/me', { token: body.key });
    expect(bearer.status).toBe(200);
    expect(bearer.body).toMatchObject({
      principal: 'api_key',
      apiKey: { id: body.id },
      tenant: { id: admin.tenantId },
    });
    const viaBasic = await t.request('/v1/auth/me', { headers: basic(body.key) });
    expect(viaBasic.status).toBe(200);
    const wrongSecret = await t.request('/v1/auth/me', { headers: basic(`${body.id}.${'x'.repeat(43)}`) });
    expect(wrongSecret.status).toBe(401);
    const fetched = await t.request(`/v1/api-keys/${body.id}`, { token: admin.token });
    expect(fetched.body.lastUsedAt).not.toBeNull();
  });

  it('enforces scopes: a key without admin may not manage keys', async () => {
    const { body } = await t.request('/v1/api-keys', {
      token: admin.token,
      body: { name: 'reader', scopes: ['read'] },
    });
    const attempt = await t.request('/v1/api-keys', {
      token: body.key,
      body: { name: 'escalate', scopes: ['admin'] },
    });
    expect(attempt.status).toBe(403);
    expect(attempt.body.code).toBe('forbidden');
    const { body: adminKey } = await t.request('/v1/api-keys', {
      token: admin.token,
      body: { name: 'ops', scopes: ['admin'] },
    });
    expect((await t.request('/v1/api-keys', { token: adminKey.key })).status).toBe(200);
  });

  it('refuses a revoked key at once and audits create and revoke', async () => {
    const { body } = await t.request('/v1/api-keys', { token: admin.token, body: { name: 'temporary' } });
    expect((await t.request('/v1/auth/me', { token: body.key })).status).toBe(200);
    expect(
      (await t.request(`/v1/api-keys/${body.id}`, { method: 'DELETE', token: admin.token })).status,
    ).toBe(204);
    expect((await t.request('/v1/auth/me', { token: body.key })).status).toBe(401);
    expect(
      (await t.request(`/v1/api-keys/${body.id}`, { token: admin.token })).body.revokedAt,
    ).not.toBeNull();
    const audit = await t.request('/v1/audit-log', { token: admin.token });
    const actions = audit.body.data
      .filter((e: { targetId: string }) => e.targetId === body.id)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(['api_key.revoked', 'api_key.created']);
  });

  it('pages through keys with a cursor', async () => {
    const tenant = await t.signup('Paging Co');
    for (let i = 0; i < 5; i++)
      await t.request('/v1/api-keys', { token: tenant.token, body: { name: `k${i}` } });
    const first = await t.request('/v1/api-keys?limit=2', { token: tenant.token });
    expect(first.body.data.map((k: { name: string }) => k.name)).toEqual(['k4', 'k3']);
    const second = await t.request(`/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`, {
      token: tenant.token,
    });
    expect(second.body.data.map((k: { name: string }) => k.name)).toEqual(['k2', 'k1']);
    const last = await t.request(`/v1/api-keys?limit=2&cursor=${second.body.nextCursor}`, {
      token: tenant.token,
    });
    expect(last.body).toEqual({ data: [expect.objectContaining({ name: 'k0' })], nextCursor: null });
  });
});

// Two nodes need a shared bus to hear each other: PostgreSQL with NATS, as CI runs it.
const clusterKinds = databaseKinds().filter((kind) => kind === 'postgres' && process.env.NATS_URL);
describe.each(clusterKinds)('API key revocation across two nodes on %s + NATS', (kind) => {
  let first: TestIris;
  let second: Awaited<ReturnType<typeof startSecondNode>>;
  beforeAll(async () => {
    first = await startTestIris(kind);
    second = await startSecondNode(first.iris);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('is refused by the other node within 1 s', async () => {
    const admin = await first.signup('Cluster Co');
    const { body } = await first.request('/v1/api-keys', { token: admin.token, body: { name: 'shared' } });
    expect((await second.request('/v1/auth/me', { token: body.key })).status).toBe(200); // now cached on node 2

    const revokedAt = Date.now();
    expect(
      (await first.request(`/v1/api-keys/${body.id}`, { method: 'DELETE', token: admin.token })).status,
    ).toBe(204);
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 2000) {
      status = (await second.request('/v1/auth/me', { token: body.key })).status;
    }
    const elapsed = Date.now() - revokedAt;
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1000);
  });
});
