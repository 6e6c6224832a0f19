import { messages } from '../apps/server/src/modules/messages/messages.schema';
import { SEND_MESSAGE } from '../apps/server/src/modules/messages/send-message.job-spec';
import { tenants } from '../apps/server/src/modules/tenants/tenants.schema';
import type { Database } from '../apps/server/src/platform/db/database';
import { newId } from '../apps/server/src/platform/db/ids';
import { createPgBossQueue } from '../apps/server/src/platform/jobs/pg-boss-queue';
import { createLogger } from '../apps/server/src/platform/logging/logger';

/**
 * The database's own ceiling for accepting a message: one transaction that inserts the message row
 * and enqueues its send job on the same transaction (the outbox), at the benchmark's concurrency,
 * with no HTTP, auth or validation. Nothing consumes the jobs.
 */
export async function rawInsertAndEnqueue(options: {
  database: Database;
  seconds: number;
  connections: number;
}) {
  const { database } = options;
  try {
    await database.migrate();
    const jobs = await createPgBossQueue({
      database,
      logger: createLogger({ level: 'silent' }),
      pollingIntervalMs: 60_000,
      maintenanceIntervalSeconds: 3600,
    });
    await jobs.register([{ ...SEND_MESSAGE, handler: async () => {} }]);
    const tenantId = newId('ten');
    await database.db.insert(tenants).values({ id: tenantId, name: 'Raw bench' });
    let done = 0;
    const until = performance.now() + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (performance.now() < until) {
          await database.db.transaction(async (tx) => {
            const id = newId('msg');
            await tx.insert(messages).values({
              id,
              tenantId,
              channel: 'sms',
              direction: 'outbound',
              status: 'queued',
              from: '+12015550100',
              to: '+12015550199',
              body: 'bench',
            });
            await jobs.enqueue(SEND_MESSAGE, { messageId: id }, { tx });
          });
          done++;
        }
      }),
    );
    await jobs.stop({ timeoutMs: 1000 });
    return { transactions: done, perSecond: Math.round(done / options.seconds) };
  } finally {
    await database.close();
  }
}
