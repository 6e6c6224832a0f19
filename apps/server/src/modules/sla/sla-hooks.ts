import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import type { JobQueue } from '../../platform/jobs/job';
import type { ConversationRow } from '../conversations/conversation-hooks';
import { setConversationSla } from '../conversations/sla-columns';
import { enqueueBreachCheck } from './scan-sla-breaches.job';
import { slaPolicies } from './sla.schema';
import { hasRunning, policyFor, type SlaPolicyRow, startTarget, stopTargets } from './sla-clock';

type Deps = { jobs: JobQueue };

async function policyById(tx: Tx, conversation: ConversationRow) {
  if (!conversation.slaPolicyId) return undefined;
  const [policy] = await tx
    .select()
    .from(slaPolicies)
    .where(
      and(eq(slaPolicies.tenantId, conversation.tenantId), eq(slaPolicies.id, conversation.slaPolicyId)),
    );
  return policy;
}

async function start(
  deps: Deps,
  tx: Tx,
  conversation: ConversationRow,
  policy: SlaPolicyRow,
  metric: Parameters<typeof startTarget>[1]['metric'],
  at: Date,
) {
  const target = await startTarget(tx, { conversation, policy, metric, start: at });
  if (target) await enqueueBreachCheck(deps, tx, target);
}

/** New conversation: the policy of its team (or the default) starts first response and resolution. */
export async function slaOnCreated(deps: Deps, tx: Tx, conversation: ConversationRow) {
  const policy = await policyFor(tx, conversation.tenantId, conversation.teamId);
  if (!policy) return;
  await start(deps, tx, conversation, policy, 'first_response', conversation.createdAt);
  await start(deps, tx, conversation, policy, 'resolution', conversation.createdAt);
}

/** The contact wrote again after an agent's answer: the next-response clock starts (once). */
export async function slaOnInbound(deps: Deps, tx: Tx, conversation: ConversationRow, at: Date) {
  if (!conversation.firstResponseAt) return; // still waiting for the first answer: that clock runs
  const policy = await policyById(tx, conversation);
  if (!policy || (await hasRunning(tx, conversation, 'next_response'))) return;
  await start(deps, tx, conversation, policy, 'next_response', at);
}

/** An agent answered: first and next response are met. */
export async function slaOnAgentReply(tx: Tx, conversation: ConversationRow, at: Date) {
  const stopped = await stopTargets(tx, {
    conversation,
    metrics: ['first_response', 'next_response'],
    at,
    outcome: 'met',
  });
  if (stopped.some((t) => t.metric === 'next_response'))
    await setConversationSla(tx, conversation.tenantId, conversation.id, { nextResponseDueAt: null });
}

/** Closed: resolution met, unanswered clocks cancelled. Reopened: a new resolution clock. */
export async function slaOnStatusChanged(
  deps: Deps,
  tx: Tx,
  conversation: ConversationRow,
  previousStatus: ConversationRow['status'] | undefined,
  at: Date,
) {
  if (conversation.status === 'closed') {
    await stopTargets(tx, { conversation, metrics: ['resolution'], at, outcome: 'met' });
    await stopTargets(tx, {
      conversation,
      metrics: ['first_response', 'next_response'],
      at,
      outcome: 'cancelled',
    });
    await setConversationSla(tx, conversation.tenantId, conversation.id, { nextResponseDueAt: null });
    return;
  }
  if (previousStatus === 'closed') {
    const policy = await policyById(tx, conversation);
    if (policy && !(await hasRunning(tx, conversation, 'resolution')))
      await start(deps, tx, conversation, policy, 'resolution', at);
  }
}
