import { and, asc, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import type { Logger } from '../../platform/logging/logger';
import { events } from '../events/events.schema';
import { eventIdFloor } from './event-cursor';

export type EventRow = typeof events.$inferSelect;

/**
 * Follows the event log (all tenants) while anyone is connected, and hands each committed event
 * to `deliver` once, in id order per poll. Event ids are taken before commit, so a transaction
 * may commit an id lower than one already seen: each poll re-reads the ids of the last
 * `lateWindowMs` and delivers the ones it had not seen. Polling the log, rather than a bus
 * message sent after commit, keeps live delivery and replay on the same source on every node.
 */
export function createEventTailer(options: {
  db: Db;
  logger: Logger;
  deliver: (rows: EventRow[]) => void;
  pollMs: number;
  lateWindowMs: number;
}) {
  const seen = new Map<string, number>(); // id → when first delivered
  let timer: NodeJS.Timeout | undefined;
  let users = 0;
  let polling: Promise<void> = Promise.resolve();
  let startedAt = 0;

  async function poll() {
    const now = Date.now();
    // Never re-deliver what committed before the tailer started: connections replay that themselves.
    const floor = eventIdFloor(Math.max(now - options.lateWindowMs, startedAt - options.lateWindowMs));
    const ids = await options.db
      .select({ id: events.id })
      .from(events)
      .where(gt(events.id, floor))
      .orderBy(asc(events.id))
      .limit(20_000);
    const missing = ids.map((row) => row.id).filter((id) => !seen.has(id));
    if (missing.length > 0) {
      const rows = await options.db
        .select()
        .from(events)
        .where(and(inArray(events.id, missing)))
        .orderBy(asc(events.id));
      for (const row of rows) seen.set(row.id, now);
      options.deliver(rows);
    }
    for (const [id, at] of seen) if (at < now - options.lateWindowMs * 3) seen.delete(id);
  }

  function schedule() {
    timer = setTimeout(() => {
      polling = poll()
        .catch((error) => options.logger.warn({ err: error }, 'realtime: event log poll failed'))
        .finally(() => {
          if (users > 0) schedule();
        });
    }, options.pollMs);
    timer.unref();
  }

  return {
    /** One more connection needs events; the first one starts polling. */
    async retain() {
      users++;
      if (users === 1) {
        startedAt = Date.now();
        // Everything already committed counts as seen: only newer commits are live news.
        const recent = await options.db
          .select({ id: events.id })
          .from(events)
          .where(gt(events.id, eventIdFloor(startedAt - options.lateWindowMs)));
        for (const row of recent) seen.set(row.id, startedAt);
        schedule();
      }
    },
    release() {
      users = Math.max(0, users - 1);
      if (users === 0) clearTimeout(timer);
    },
    async stop() {
      users = 0;
      clearTimeout(timer);
      await polling;
    },
  };
}
