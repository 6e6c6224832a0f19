import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';

describe.each(databaseKinds())('Idempotency-Key on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Idem Co');
    // Writes are limited to 300/min per caller: this suite sends bursts on purpose.
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"write":100000}}' where id = $1`,
      [admin.tenantId],
    );
  });
  afterAll(() => t?.close());

  const create = (key: string, name: string) =>
    t.request('/v1/api-keys', { token: admin.token, body: { name }, headers: { 'idempotency-key': key } });
  const countKeys = async (name: string) =>
    (await t.iris.database.executeSql('select count(*)::int as n from api_keys where name = $1', [name]))
      .rows[0]!.n;

  it('replays the first response (status and body) for the same key and body', async () => {
    const first = await create('replay-1', 'replayed');
    const again = await create('replay-1', 'replayed');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await countKeys('replayed')).toBe(1);
  });

  it('refuses the same key with a different body: 422 idempotency_key_reused', async () => {
    await create('reuse-1', 'original');
    const reused = await create('reuse-1', 'different');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await countKeys('different')).toBe(0);
  });

  it('executes 50 concurrent identical POSTs once', async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, () => create('burst-1', 'burst')));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await countKeys('burst')).toBe(1);
  });

  it('does not remember a failed request, so it can be retried with the same key', async () => {
    const invalid = await t.request('/v1/api-keys', {
      token: admin.token,
      body: { name: '' },
      headers: { 'idempotency-key': 'retry-1' },
    });
    expect(invalid.status).toBe(422);
    const fixed = await create('retry-1', 'fixed');
    expect(fixed.status).toBe(201);
  });

  it('keeps keys apart per tenant', async () => {
    const other = await t.signup('Other Idem Co');
    const mine = await create('shared-key', 'tenant-a');
    const theirs = await t.request('/v1/api-keys', {
      token: other.token,
      body: { name: 'tenant-a' },
      headers: { 'idempotency-key': 'shared-key' },
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('rejects a malformed key', async () => {
    const response = await create('has spaces in it', 'bad');
    expect(response.status).toBe(400);
  });
});
