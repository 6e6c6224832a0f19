import type { AppContext } from '../../app-context';
import { readConversation } from '../conversations/sla-columns';
import { slaOnAgentReply, slaOnCreated, slaOnInbound, slaOnStatusChanged } from '../sla/sla-hooks';
import { recordAssignmentHistory } from './assign-with-reason';
import { enqueueDrain } from './assignment.jobs';
import { assignNewConversation } from './auto-assign';

const LIVE = new Set(['open', 'pending']);

/**
 * Plugs assignment and SLAs into the conversations module's hooks (all inside the transaction of
 * the change): a new conversation is routed to a team, handed to an agent and its SLA clocks
 * start; answers and status changes stop them; freed capacity queues a backlog drain.
 */
export function registerInboxAutomation(ctx: AppContext, clock: { now(): Date } = { now: () => new Date() }) {
  const hooks = ctx.conversationHooks;
  hooks.onCreated.push(async (tx, { tenantId, conversation }) => {
    await assignNewConversation(ctx, tx, conversation);
    // Re-read: the assignment set its team, which picks the SLA policy.
    const current = (await readConversation(tx, tenantId, conversation.id)) ?? conversation;
    await slaOnCreated(ctx, tx, current);
  });
  hooks.onInbound.push((tx, { conversation, message }) =>
    slaOnInbound(ctx, tx, conversation, message?.createdAt ?? clock.now()),
  );
  hooks.onAgentReply.push((tx, { conversation }) => slaOnAgentReply(tx, conversation, clock.now()));
  hooks.onStatusChanged.push(async (tx, { tenantId, conversation, previousStatus }) => {
    await slaOnStatusChanged(ctx, tx, conversation, previousStatus, clock.now());
    if (!LIVE.has(conversation.status) && conversation.assigneeUserId) await enqueueDrain(ctx, tx, tenantId);
  });
  hooks.onAssigned.push(
    recordAssignmentHistory(async (tx, tenantId) => {
      await enqueueDrain(ctx, tx, tenantId);
    }),
  );
}
