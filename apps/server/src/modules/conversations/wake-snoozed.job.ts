import { and, asc, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database';
import { defineJob } from '../../platform/jobs/job';
import type { Actor } from './conversation-hooks';
import { type ConversationDeps, recordStatusChange } from './conversation-service';
import { conversations } from './conversations.schema';

const SYSTEM: Actor = { type: 'system', id: null };
const BATCH = 200;

/**
 * Every minute: snoozed conversations whose time has come are open again, each with its timeline
 * line, `conversation.status_changed` and hooks, in one transaction per batch. Rows are claimed with
 * SKIP LOCKED, so two workers never wake the same conversation twice.
 */
export function wakeSnoozedJob(deps: ConversationDeps & { db: Db }) {
  return defineJob({
    name: 'conversations.wake-snoozed',
    payload: z.object({}).passthrough(),
    async handler() {
      for (;;) {
        const woken = await deps.db.transaction(async (tx) => {
          const now = new Date();
          const due = await tx
            .select()
            .from(conversations)
            .where(and(eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, now)))
            .orderBy(asc(conversations.snoozedUntil))
            .limit(BATCH)
            .for('update', { skipLocked: true });
          for (const before of due) {
            const [row] = await tx
              .update(conversations)
              .set({ status: 'open', snoozedUntil: null, updatedAt: now })
              .where(eq(conversations.id, before.id))
              .returning();
            await recordStatusChange(deps, tx, row!, 'snoozed', SYSTEM);
          }
          return due.length;
        });
        if (woken < BATCH) return;
      }
    },
  });
}
