import type { TenantRole } from '../../platform/auth/principal';

type ConversationData = {
  conversation?: { id: string; assigneeId: string | null; teamId: string | null };
  messageId?: string;
  previous?: { assigneeId?: string | null; teamId?: string | null };
  message?: { id: string };
};

const STREAMED = ['conversation.', 'message.'];

/**
 * What one connection may see of the tenant's events. Supervisors and admins: every conversation
 * and message event. Agents: conversations assigned to them or waiting unassigned in one of their
 * teams — plus the event that takes one away from them — and message events of messages they
 * were shown in those conversations.
 */
export function createVisibility(input: { userId: string; role: TenantRole; teamIds: string[] }) {
  const everything = input.role !== 'agent';
  let teams = new Set(input.teamIds);
  const conversations = new Set<string>();
  const messages = new Set<string>();

  return {
    setTeams(teamIds: string[]) {
      teams = new Set(teamIds);
    },
    /** Whether a conversation (by id) is one this connection follows: typing/viewing are shown for those. */
    follows(conversationId: string) {
      return everything || conversations.has(conversationId);
    },
    sees(type: string, data: unknown): boolean {
      if (!STREAMED.some((prefix) => type.startsWith(prefix))) return false;
      if (everything) return true;
      const d = (data ?? {}) as ConversationData;
      if (type.startsWith('message.')) return d.message ? messages.has(d.message.id) : false;
      const c = d.conversation;
      if (!c) return false;
      const mine =
        c.assigneeId === input.userId || (c.assigneeId === null && c.teamId !== null && teams.has(c.teamId));
      const wasMine = conversations.has(c.id) || d.previous?.assigneeId === input.userId;
      if (mine) {
        conversations.add(c.id);
        if (d.messageId) messages.add(d.messageId);
      } else conversations.delete(c.id);
      return mine || wasMine;
    },
  };
}
export type Visibility = ReturnType<typeof createVisibility>;
