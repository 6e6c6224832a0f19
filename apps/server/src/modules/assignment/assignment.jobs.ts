import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import type { Tx } from '../../platform/db/database';
import { defineJob, type JobSpec } from '../../platform/jobs/job';
import { heldBy, holdersInTeams, tenantsWithBacklog } from '../conversations/assignment-queries';
import { teamMembers, teams } from '../teams/teams.schema';
import { assignWithReason } from './assign-with-reason';
import { type AssignmentDeps, drainBacklog } from './auto-assign';
import { lockAssignments } from './pick-agent';

/** Hands out one tenant's waiting conversations (queued whenever capacity may have freed). */
export const ASSIGNMENT_DRAIN: JobSpec<{ tenantId: string }> = {
  name: 'assignment.drain',
  payload: z.object({ tenantId: z.string() }),
};

/** Every minute: reassign offline agents' conversations, then drain every backlog (the safety net). */
export const ASSIGNMENT_SWEEP: JobSpec<{ now?: string }> = {
  name: 'assignment.sweep',
  payload: z.object({ now: z.iso.datetime().optional() }),
};

/** Queues a drain of the tenant's backlog on `tx` (one queued per tenant at a time). */
export function enqueueDrain(ctx: Pick<AppContext, 'jobs'>, tx: Tx, tenantId: string) {
  return ctx.jobs.enqueue(ASSIGNMENT_DRAIN, { tenantId }, { tx, singletonKey: tenantId });
}

type Deps = AssignmentDeps & Pick<AppContext, 'db'>;

/**
 * Takes back the open conversations of agents offline (no live connection, or status offline)
 * for longer than their team's `reassignOfflineAfterSeconds`; they return to the team's queue
 * and the drain hands them on. Returns how many were taken back.
 */
export async function reassignFromOfflineAgents(deps: Deps, now: Date) {
  let moved = 0;
  for (const { tenantId, userId } of await holdersInTeams(deps.db)) {
    const presence = await deps.presence.get(tenantId, userId!, now.getTime());
    const offlineSince = !presence.connected
      ? presence.lastSeenAt
      : presence.status === 'offline'
        ? presence.statusChangedAt
        : null;
    // Never seen on the realtime API: assigned by hand to someone who works elsewhere; leave it.
    if (!offlineSince) continue;
    const offlineMs = now.getTime() - offlineSince.getTime();
    const memberOf = await deps.db
      .select({ id: teams.id, after: teams.reassignOfflineAfterSeconds })
      .from(teams)
      .innerJoin(teamMembers, eq(teamMembers.teamId, teams.id))
      .where(
        and(
          eq(teams.tenantId, tenantId),
          eq(teamMembers.userId, userId!),
          isNotNull(teams.reassignOfflineAfterSeconds),
        ),
      );
    const expired = memberOf.filter((t) => offlineMs >= t.after! * 1000).map((t) => t.id);
    if (expired.length === 0) continue;
    await deps.db.transaction(async (tx) => {
      await lockAssignments(tx, tenantId);
      for (const conversation of await heldBy(tx, tenantId, userId!, expired)) {
        await assignWithReason(deps, tx, {
          tenantId,
          conversationId: conversation.id,
          assigneeUserId: null,
          reason: 'agent_offline',
        });
        moved++;
      }
      await drainBacklog(deps, tx, tenantId, { now: now.getTime() });
    });
  }
  return moved;
}

export const drainJob = (ctx: AppContext) =>
  defineJob({
    ...ASSIGNMENT_DRAIN,
    concurrency: 2,
    async handler({ tenantId }) {
      const deps = { ...ctx, presence: ctx.presence };
      await ctx.db.transaction((tx) => drainBacklog(deps, tx, tenantId));
    },
  });

export const sweepJob = (ctx: AppContext) =>
  defineJob({
    ...ASSIGNMENT_SWEEP,
    async handler({ now }) {
      const at = now ? new Date(now) : new Date();
      await reassignFromOfflineAgents(ctx, at);
      for (const tenantId of await tenantsWithBacklog(ctx.db))
        await ctx.db.transaction((tx) => drainBacklog(ctx, tx, tenantId, { now: at.getTime() }));
    },
  });
