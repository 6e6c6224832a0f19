import type { Schemas } from '../../../shared/api/client';

/** How a conversation is named in lists: the contact's name, else its address, else the id. */
export function conversationLabel(c: Pick<Schemas['Conversation'], 'id' | 'contact' | 'subject'>): string {
  return c.contact?.name ?? c.contact?.phone ?? c.contact?.email ?? c.subject ?? c.id;
}

/** The conversation id an event is about (conversation.* events carry `data.conversation.id`). */
export function eventConversationId(data: Record<string, unknown>): string | undefined {
  const conversation = data.conversation;
  if (typeof conversation === 'object' && conversation !== null && 'id' in conversation) {
    const id = (conversation as { id: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return typeof data.conversationId === 'string' ? data.conversationId : undefined;
}

/** A timeline item as the panel renders it (the generated type of `message` is awkward to assign). */
export type TimelineItem = Omit<Schemas['ConversationTimelineItem'], 'message'> & {
  message: Schemas['Message'] | null;
};
export type ConversationDetail = Schemas['Conversation'] & { messages: TimelineItem[] };
