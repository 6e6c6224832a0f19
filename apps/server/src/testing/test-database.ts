import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../platform/db/database';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The kinds every DB-touching suite runs against: PGlite always, PostgreSQL whenever DATABASE_URL
 * is set (CI sets it). Tests read the environment through this one function.
 */
export function databaseKinds(): DatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export type TestDatabase = {
  kind: DatabaseKind;
  database: Database;
  /** PostgreSQL only: the URL of this test's own database, for child processes. */
  url?: string;
  dispose(): Promise<void>;
};

/** A fresh, migrated database: PGlite in memory, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { dataDir?: string } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: options.dataDir });
    await database.migrate();
    return { kind, database, dispose: () => database.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ url, poolSize: 5 });
  await database.migrate();
  return {
    kind,
    database,
    url,
    async dispose() {
      await database.close();
      await drop();
    },
  };
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `iris_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
