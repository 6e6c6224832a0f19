import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors/app-error';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../testing/test-database';
import { createPlatformAdmin } from './create-platform-admin';
import { verifyPassword } from './password';
import { users } from './users.schema';

describe.each(databaseKinds())('createPlatformAdmin on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.dispose());

  it('creates a platform admin with an argon2id hash, never the password', async () => {
    const user = await createPlatformAdmin({
      db: t.database.db,
      input: { email: 'Ada@Example.com', name: 'Ada', password: 'correct horse battery' },
    });
    expect(user.id).toMatch(/^usr_[0-9a-z]{26}$/);
    const [row] = await t.database.db.select().from(users);
    expect(row).toMatchObject({ email: 'Ada@Example.com', isPlatformAdmin: true });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(row!.passwordHash, 'wrong password!')).toBe(false);
  });

  it('refuses a second user with the same email in any case', async () => {
    const attempt = createPlatformAdmin({
      db: t.database.db,
      input: { email: 'ada@example.COM', name: 'Ada again', password: 'another long one' },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
  });

  it('names every invalid field', async () => {
    const error = await createPlatformAdmin({
      db: t.database.db,
      input: { email: 'not-an-email', name: '', password: 'short' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details?.errors?.map((e) => e.path).sort()).toEqual([
      'email',
      'name',
      'password',
    ]);
  });
});
