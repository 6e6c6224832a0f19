import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { digestHa1 } from './sip-digest';

describe.each(databaseKinds())('SIP credentials API on %s', (kind) => {
  let t: TestIris;
  let alpha: Awaited<ReturnType<TestIris['signup']>>;
  let bravo: Awaited<ReturnType<TestIris['signup']>>;
  beforeAll(async () => {
    t = await startTestIris(kind);
    alpha = await t.signup('Sip Alpha');
    bravo = await t.signup('Sip Bravo');
  }, 60_000);
  afterAll(() => t?.close());

  const create = (token: string, body: Record<string, unknown>) =>
    t.request('/v1/voice/sip-credentials', { token, body });

  it('creates an extension with a generated password shown once, storing only its digest HA1', async () => {
    const created = await create(alpha.token, { username: '1001', userId: alpha.userId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      username: '1001',
      authUsername: `1001@${alpha.tenantId}`,
      realm: 'iris',
      identity: '1001',
      userId: alpha.userId,
    });
    const password = created.body.password as string;
    expect(password).toMatch(/^[\w-]{24}$/);
    const { rows } = await t.iris.database.executeSql('select * from sip_credentials where id = $1', [
      created.body.id,
    ]);
    const row = rows[0];
    expect(row!.ha1).toBe(digestHa1(`1001@${alpha.tenantId}`, password));
    expect(JSON.stringify(row)).not.toContain(password);

    const got = await t.request(`/v1/voice/sip-credentials/${created.body.id}`, { token: alpha.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ...created.body, password: undefined });
    expect(JSON.stringify(got.body)).not.toContain(password);
  });

  it('takes a given password and identity, and pages the list', async () => {
    const given = await create(alpha.token, {
      username: '1002',
      password: 'correct horse',
      identity: 'alice',
    });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ password: 'correct horse', identity: 'alice' });
    const first = await t.request('/v1/voice/sip-credentials?limit=1', { token: alpha.token });
    expect(first.body.data.map((c: { username: string }) => c.username)).toEqual(['1002']);
    const next = await t.request(`/v1/voice/sip-credentials?limit=1&cursor=${first.body.nextCursor}`, {
      token: alpha.token,
    });
    expect(next.body.data.map((c: { username: string }) => c.username)).toEqual(['1001']);
    expect(JSON.stringify(first.body)).not.toContain('correct horse');
  });

  it("keeps tenants apart: the same extension in two tenants, no one else's user, 409 on a repeat", async () => {
    const other = await create(bravo.token, { username: '1001' });
    expect(other.status).toBe(201);
    expect(other.body.authUsername).toBe(`1001@${bravo.tenantId}`);
    expect((await create(alpha.token, { username: '1001' })).status).toBe(409);
    const foreignUser = await create(bravo.token, { username: '1009', userId: alpha.userId });
    expect(foreignUser.status).toBe(422);
    const list = await t.request('/v1/voice/sip-credentials', { token: bravo.token });
    expect(list.body.data).toHaveLength(1);
  });

  it('refuses bad usernames and deletes credentials', async () => {
    expect((await create(alpha.token, { username: 'bad name' })).status).toBe(422);
    expect((await create(alpha.token, { username: '1003', password: 'short' })).status).toBe(422);
    const made = await create(alpha.token, { username: '1003' });
    const path = `/v1/voice/sip-credentials/${made.body.id}`;
    expect((await t.request(path, { token: bravo.token })).status).toBe(404);
    expect((await t.request(path, { token: bravo.token, method: 'DELETE' })).status).toBe(404);
    expect((await t.request(path, { token: alpha.token, method: 'DELETE' })).status).toBe(204);
    expect((await t.request(path, { token: alpha.token })).status).toBe(404);
  });
});
