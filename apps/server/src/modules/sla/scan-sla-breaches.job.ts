import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import type { Tx } from '../../platform/db/database';
import { defineJob, type JobSpec } from '../../platform/jobs/job';
import { conversationEventData } from '../conversations/conversation-service';
import { markConversationSlaBreached } from '../conversations/sla-columns';
import { emitEvent } from '../events/emit-event';
import { slaTargets } from './sla.schema';

/** Checks one target at its due time (queued when its clock starts). */
export const SLA_CHECK: JobSpec<{ targetId: string }> = {
  name: 'sla.check',
  payload: z.object({ targetId: z.string() }),
};

/** Every minute: every running target past due (the safety net behind the per-target checks). */
export const SLA_SCAN: JobSpec<{ now?: string }> = {
  name: 'sla.scan',
  payload: z.object({ now: z.iso.datetime().optional() }),
};

type Deps = Pick<AppContext, 'db' | 'jobs'>;

export function enqueueBreachCheck(
  deps: Pick<AppContext, 'jobs'>,
  tx: Tx,
  target: { id: string; dueAt: Date },
) {
  return deps.jobs.enqueue(SLA_CHECK, { targetId: target.id }, { tx, startAfter: target.dueAt });
}

const isRunning = and(
  isNull(slaTargets.metAt),
  isNull(slaTargets.breachedAt),
  isNull(slaTargets.cancelledAt),
);

/**
 * Breaches running targets due at or before `now` (one, or all): stamps the target and the
 * conversation and emits `conversation.sla_breached`. Rows are locked and skipped when another
 * worker holds them, and a target breaches once, so scans may overlap and repeat. Returns the count.
 */
export async function breachDueTargets(
  deps: Deps,
  options: { now: Date; targetId?: string; batch?: number },
) {
  let total = 0;
  for (;;) {
    const breached = await deps.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(slaTargets)
        .where(
          and(
            isRunning,
            lte(slaTargets.dueAt, options.now),
            options.targetId ? eq(slaTargets.id, options.targetId) : undefined,
          ),
        )
        .orderBy(asc(slaTargets.dueAt))
        .limit(options.batch ?? 200)
        .for('update', { skipLocked: true });
      for (const target of due) {
        const conversation = await markConversationSlaBreached(
          tx,
          target.tenantId,
          target.conversationId,
          target.metric,
          target.dueAt,
        );
        await tx
          .update(slaTargets)
          .set({
            breachedAt: target.dueAt,
            assigneeUserId: conversation?.assigneeUserId ?? target.assigneeUserId,
            teamId: conversation?.teamId ?? target.teamId,
          })
          .where(eq(slaTargets.id, target.id));
        if (!conversation) continue;
        await emitEvent(deps, tx, {
          tenantId: target.tenantId,
          type: 'conversation.sla_breached',
          data: conversationEventData(conversation, {
            sla: { metric: target.metric, dueAt: target.dueAt.toISOString() },
          }),
        });
      }
      return due.length;
    });
    total += breached;
    if (breached < (options.batch ?? 200) || options.targetId) return total;
  }
}

export const slaCheckJob = (ctx: Deps) =>
  defineJob({
    ...SLA_CHECK,
    concurrency: 5,
    async handler({ targetId }) {
      await breachDueTargets(ctx, { now: new Date(), targetId });
    },
  });

export const slaScanJob = (ctx: Deps) =>
  defineJob({
    ...SLA_SCAN,
    async handler({ now }) {
      await breachDueTargets(ctx, { now: now ? new Date(now) : new Date() });
    },
  });
