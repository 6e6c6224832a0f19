import type { Tx } from '../../platform/db/database';
import type { MessageRow } from '../messages/message-view';
import type { conversations } from './conversations.schema';

export type ConversationRow = typeof conversations.$inferSelect;

/** Who did something to a conversation: an agent, an API key, or IRIS itself (inbound, jobs). */
export type Actor = { type: 'user' | 'api_key' | 'system'; id: string | null };

export type ConversationHookEvent = {
  tenantId: string;
  /** The conversation as it is after the change (re-read it if an earlier hook changed it). */
  conversation: ConversationRow;
  message?: MessageRow;
  actor: Actor;
  previousStatus?: ConversationRow['status'];
};

/** Runs inside the transaction of the change: a hook that throws rolls the change back. */
export type ConversationHook = (tx: Tx, event: ConversationHookEvent) => Promise<void>;

/**
 * Extension points for the work that builds on conversations (SLA due times, auto-assignment),
 * created once in main.ts and reached through the app context: modules push their hooks here
 * instead of editing this module. Hooks run in list order after this module's own writes.
 */
export type ConversationHooks = {
  /** A conversation was opened by an inbound message (runs before `onInbound` for that message). */
  onCreated: ConversationHook[];
  /** An inbound message joined a conversation (new or existing). */
  onInbound: ConversationHook[];
  /** An agent's (or API key's) reply was queued on the conversation — not notes. */
  onAgentReply: ConversationHook[];
  /** The status moved (by an agent, or by inbound waking a pending/snoozed conversation). */
  onStatusChanged: ConversationHook[];
  /** The assignee or team changed. */
  onAssigned: ConversationHook[];
};

export function createConversationHooks(): ConversationHooks {
  return { onCreated: [], onInbound: [], onAgentReply: [], onStatusChanged: [], onAssigned: [] };
}

export async function runHooks(hooks: ConversationHook[], tx: Tx, event: ConversationHookEvent) {
  for (const hook of hooks) await hook(tx, event);
}
