import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { ConversationRow } from '../conversations/conversation-hooks';
import { setConversationSla } from '../conversations/sla-columns';
import { teams } from '../teams/teams.schema';
import { addBusinessMinutes } from './business-hours';
import { type SlaMetric, slaPolicies, slaTargets } from './sla.schema';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

const MINUTES: Record<SlaMetric, 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes'> = {
  first_response: 'firstResponseMinutes',
  next_response: 'nextResponseMinutes',
  resolution: 'resolutionMinutes',
};
const DUE_COLUMN = {
  first_response: 'firstResponseDueAt',
  next_response: 'nextResponseDueAt',
  resolution: 'resolutionDueAt',
} as const;

/** The due time of `metric` started at `start` under the policy, or null when it sets no target. */
export function dueAt(policy: SlaPolicyRow, metric: SlaMetric, start: Date): Date | null {
  const minutes = policy[MINUTES[metric]];
  if (minutes === null) return null;
  return addBusinessMinutes(start, minutes, {
    timeZone: policy.timeZone,
    hours: policy.businessHours,
    holidays: policy.holidays,
  });
}

/** The policy of the conversation's team, else the tenant's default policy. */
export async function policyFor(tx: Tx, tenantId: string, teamId: string | null) {
  let policyId: string | null = null;
  if (teamId) {
    const [team] = await tx
      .select({ slaPolicyId: teams.slaPolicyId })
      .from(teams)
      .where(and(eq(teams.tenantId, tenantId), eq(teams.id, teamId)));
    policyId = team?.slaPolicyId ?? null;
  }
  const [policy] = await tx
    .select()
    .from(slaPolicies)
    .where(
      and(
        eq(slaPolicies.tenantId, tenantId),
        policyId ? eq(slaPolicies.id, policyId) : eq(slaPolicies.isDefault, true),
      ),
    )
    .limit(1);
  return policy;
}

/** Starts the clock of `metric` at `start` (no-op when the policy has no target for it). */
export async function startTarget(
  tx: Tx,
  input: { conversation: ConversationRow; policy: SlaPolicyRow; metric: SlaMetric; start: Date },
) {
  const due = dueAt(input.policy, input.metric, input.start);
  if (!due) return undefined;
  const { conversation } = input;
  const [target] = await tx
    .insert(slaTargets)
    .values({
      id: newId('slt'),
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      policyId: input.policy.id,
      metric: input.metric,
      startedAt: input.start,
      dueAt: due,
      assigneeUserId: conversation.assigneeUserId,
      teamId: conversation.teamId,
    })
    .returning();
  await setConversationSla(tx, conversation.tenantId, conversation.id, {
    slaPolicyId: input.policy.id,
    [DUE_COLUMN[input.metric]]: due,
  });
  return target;
}

const running = (tenantId: string, conversationId: string, metrics: SlaMetric[]) =>
  and(
    eq(slaTargets.tenantId, tenantId),
    eq(slaTargets.conversationId, conversationId),
    inArray(slaTargets.metric, metrics),
    isNull(slaTargets.metAt),
    isNull(slaTargets.breachedAt),
    isNull(slaTargets.cancelledAt),
  );

/**
 * Stops the running clocks of `metrics`: met at `at` (stamped with who held the conversation), or
 * cancelled (the conversation closed before the question arose). Returns the stopped targets.
 */
export async function stopTargets(
  tx: Tx,
  input: { conversation: ConversationRow; metrics: SlaMetric[]; at: Date; outcome: 'met' | 'cancelled' },
) {
  const { conversation } = input;
  return tx
    .update(slaTargets)
    .set(
      input.outcome === 'met'
        ? { metAt: input.at, assigneeUserId: conversation.assigneeUserId, teamId: conversation.teamId }
        : { cancelledAt: input.at },
    )
    .where(running(conversation.tenantId, conversation.id, input.metrics))
    .returning();
}

export async function hasRunning(tx: Tx, conversation: ConversationRow, metric: SlaMetric) {
  const [row] = await tx
    .select({ id: slaTargets.id })
    .from(slaTargets)
    .where(running(conversation.tenantId, conversation.id, [metric]))
    .limit(1);
  return row !== undefined;
}
