import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { defineJob } from '../../platform/jobs/job';
import { events } from './events.schema';

/** Deletes events older than the retention period; their deliveries and attempts go with them (cascade). */
export async function purgeEvents(ctx: Pick<AppContext, 'db' | 'config'>): Promise<number> {
  const deleted = await ctx.db
    .delete(events)
    .where(lt(events.createdAt, sql`now() - make_interval(days => ${ctx.config.webhooks.retentionDays})`))
    .returning({ id: events.id });
  return deleted.length;
}

export const purgeEventsJob = (ctx: Pick<AppContext, 'db' | 'config'>) =>
  defineJob({
    name: 'events.purge',
    payload: z.object({}),
    retryLimit: 1,
    async handler(_payload, { logger }) {
      const purged = await purgeEvents(ctx);
      if (purged > 0) logger.info({ purged }, 'events past retention purged');
    },
  });
