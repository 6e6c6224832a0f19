import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../testing/test-database';
import { purgeIdempotencyKeys } from './purge-idempotency-keys.job';

describe.each(databaseKinds())('purging idempotency keys on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.dispose());

  it('forgets keys older than 24 hours and keeps the rest', async () => {
    await t.database.executeSql(
      `insert into idempotency_keys (scope, key, request_hash, created_at) values
       ('ten_a', 'old', 'h', now() - interval '25 hours'), ('ten_a', 'fresh', 'h', now() - interval '23 hours')`,
    );
    expect(await purgeIdempotencyKeys(t.database.db)).toBe(1);
    const { rows } = await t.database.executeSql('select key from idempotency_keys');
    expect(rows).toEqual([{ key: 'fresh' }]);
  });
});
