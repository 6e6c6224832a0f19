import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, spawnTs, waitForLine } from '../../testing/child-process';
import { createEffectTables, effectCounts, effectJob } from '../../testing/fixtures/effect-job';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../testing/test-database';
import { silentLogger } from '../../testing/test-logger';
import { waitFor } from '../../testing/wait-for';
import { openDatabase } from '../db/database';
import type { JobQueue } from './job';
import { createPgBossQueue } from './pg-boss-queue';

describe.each(databaseKinds())('outbox on %s', (kind) => {
  let t: TestDatabase;
  let queue: JobQueue;
  let job: ReturnType<typeof effectJob>;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await createEffectTables(t.database);
    queue = await createPgBossQueue({
      database: t.database,
      logger: silentLogger,
      pollingIntervalMs: 500,
      maintenanceIntervalSeconds: 30,
    });
    job = effectJob({ database: t.database });
    await queue.register([job]);
    await queue.work();
  });
  afterAll(async () => {
    await queue?.stop({ timeoutMs: 2000 });
    await t?.dispose();
  });

  it('leaves no job behind when the transaction rolls back', async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await queue.enqueue(job, { key: 'rolled-back' }, { tx });
        throw new Error('business rule failed after the enqueue');
      }),
    ).rejects.toThrow('business rule failed');
    const counts = await effectCounts(t.database, 'rolled-back');
    expect(counts).toEqual({ runs: 0, effects: 0, jobStates: [] });
  });

  it('runs a committed job exactly once', async () => {
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`); // the state change the job belongs to would be written here
      await queue.enqueue(job, { key: 'committed' }, { tx });
    });
    const counts = await waitFor(async () => {
      const c = await effectCounts(t.database, 'committed');
      expect(c.jobStates).toEqual(['completed']);
      return c;
    });
    expect(counts).toEqual({ runs: 1, effects: 1, jobStates: ['completed'] });
  });

  it('validates the payload at enqueue', async () => {
    await expect(queue.enqueue(job, { key: 42 } as never)).rejects.toThrow();
  });
});

describe.each(databaseKinds())('a worker killed mid-job on %s', (kind) => {
  let dataDir: string;
  let t: TestDatabase | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'iris-outbox-'));
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has its job retried and completed by another worker, with the effect applied once', async () => {
    // Enqueue, then hand the database to worker processes (PGlite serves one process at a time).
    t = await createTestDatabase(kind, { dataDir });
    await createEffectTables(t.database);
    const queue = await createPgBossQueue({
      database: t.database,
      logger: silentLogger,
      pollingIntervalMs: 500,
      maintenanceIntervalSeconds: 30,
    });
    const job = effectJob({ database: t.database, expireInSeconds: 1 });
    await queue.register([job]);
    await t.database.db.transaction((tx) =>
      queue.enqueue(job, { key: 'crash' }, { tx }).then(() => undefined),
    );
    await queue.stop({ timeoutMs: 1000 });
    if (kind === 'pglite') await t.database.close();

    const env = kind === 'pglite' ? { FIXTURE_DATA_DIR: dataDir } : { FIXTURE_DATABASE_URL: t.url };
    const first = spawnTs('src/testing/fixtures/effect-worker.ts', { env: { ...env, FIXTURE_HANG: '1' } });
    await waitForLine(first, /^EFFECT crash$/);
    first.kill('SIGKILL');
    expect((await exitOf(first)).signal).toBe('SIGKILL');

    const second = spawnTs('src/testing/fixtures/effect-worker.ts', { env });
    await waitForLine(second, /^EFFECT crash$/, 20_000);
    second.kill('SIGTERM');
    expect((await exitOf(second)).code).toBe(0);

    const database = kind === 'pglite' ? await openDatabase({ dataDir }) : t.database;
    try {
      const counts = await effectCounts(database, 'crash');
      expect(counts).toEqual({ runs: 2, effects: 1, jobStates: ['completed'] });
    } finally {
      if (kind === 'pglite') await database.close();
    }
  }, 60_000);
});
