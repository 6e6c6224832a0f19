import { and, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { MessageChannel } from '../../channels/channel';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import { contactIdentities } from '../contacts/contacts.schema';
import { addressOf, bareEmail, channelsOf, identityKindOf, normalizeIdentity } from '../contacts/identity';
import { messages } from '../messages/messages.schema';
import { chatReply } from './chat-reply';
import type { ConversationRow } from './conversation-hooks';
import { conversationMessages, conversations } from './conversations.schema';

const fieldError = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, { details: { errors: [{ path, message }] } });

export type ReplyTarget = {
  to: string;
  from?: string;
  /** Channel content the reply needs (chat thread, Teams serviceUrl). */
  content?: Record<string, unknown>;
  /** The message answered, for an email subject. */
  answers?: { subject: string | null; body: string | null };
};

/** The newest inbound message on `channels` matching `where` (a conversation, or a contact's). */
async function lastInbound(tx: Tx, channels: MessageChannel[], where: SQL) {
  const [last] = await tx
    .select({
      channel: messages.channel,
      from: messages.from,
      to: messages.to,
      subject: messages.subject,
      body: messages.body,
      content: messages.content,
    })
    .from(conversationMessages)
    .innerJoin(messages, eq(messages.id, conversationMessages.messageId))
    .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
    .where(
      and(
        where,
        eq(messages.direction, 'inbound'),
        inArray(messages.channel, channels),
        isNotNull(messages.from),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  return last;
}

/**
 * Where a reply on `channel` goes: to the address named (it must be one of the contact's), else back
 * to the contact's last message on that channel — in this conversation, else in any of theirs — from
 * the address it was sent to (the contact hears from the number they wrote to; chat replies go to the
 * chat it came from), else to the contact's identity for that channel.
 */
export async function replyTarget(
  tx: Tx,
  conversation: ConversationRow,
  channel: MessageChannel,
  to?: string,
): Promise<ReplyTarget> {
  const kind = identityKindOf(channel);
  if (to) {
    const normalized = normalizeIdentity(kind, to);
    if (!normalized.ok) throw fieldError('to', normalized.message);
    const [owned] = await tx
      .select({ id: contactIdentities.id })
      .from(contactIdentities)
      .where(
        and(
          eq(contactIdentities.contactId, conversation.contactId),
          eq(contactIdentities.channelKind, kind),
          eq(contactIdentities.value, normalized.identity.value),
        ),
      );
    if (!owned) throw fieldError('to', "is not one of this conversation's contact addresses");
    return { to: addressOf(normalized.identity) };
  }
  const channels = channelsOf(kind);
  const last =
    (await lastInbound(tx, channels, eq(conversationMessages.conversationId, conversation.id))) ??
    (await lastInbound(
      tx,
      channels,
      and(
        eq(conversations.tenantId, conversation.tenantId),
        eq(conversations.contactId, conversation.contactId),
        isNull(conversations.deletedAt),
      )!,
    ));
  if (last) {
    const answers = { subject: last.subject, body: last.body };
    // An email sender may carry a display name (`Bob <bob@x>`): the reply goes to the address.
    if (kind === 'email') return { to: bareEmail(last.from!), from: last.to, answers };
    const chat = chatReply(channel, { from: last.from!, content: last.content });
    return { ...chat, from: last.to, answers };
  }
  const [identity] = await tx
    .select()
    .from(contactIdentities)
    .where(
      and(eq(contactIdentities.contactId, conversation.contactId), eq(contactIdentities.channelKind, kind)),
    )
    .orderBy(desc(contactIdentities.createdAt))
    .limit(1);
  if (!identity) throw fieldError('channel', `the contact has no ${kind} address to reply to`);
  return { to: addressOf({ kind, value: identity.value }) };
}

/** The thread's Message-IDs, oldest first: In-Reply-To is the last, References all (at most 20). */
export async function emailThreadOf(tx: Tx, conversationId: string) {
  const rows = await tx
    .select({ id: conversationMessages.emailMessageId })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        isNotNull(conversationMessages.emailMessageId),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(20);
  const references = rows.map((row) => row.id!).reverse();
  return { inReplyTo: references.at(-1), references };
}
