import { eq, sql } from 'drizzle-orm';
import type { MessageChannel } from '../../channels/channel';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { createTenantScope } from '../../platform/db/tenant-scope';
import { validationError } from '../../platform/errors/problem';
import { emitEvent } from '../events/emit-event';
import { createOutboundMessage } from '../messages/send-message';
import { SendMessageSchema } from '../messages/send-message.schema';
import { resolveSender } from '../numbers/find-sender';
import { type Actor, runHooks } from './conversation-hooks';
import { type ConversationDeps, conversationEventData, lockConversation } from './conversation-service';
import { conversationMessages, conversations } from './conversations.schema';
import { normalizeMessageId } from './email-threading';
import { emailThreadOf, replyTarget } from './reply-target';
import { searchVector } from './search-query';

export type ReplyInput = {
  body?: string;
  media: string[];
  /** Another channel of the same contact; the conversation's own by default. */
  channel?: MessageChannel;
  to?: string;
  from?: string;
  subject?: string;
};

/**
 * An email reply's subject: `Re:` the conversation's (or the answered email's) subject; a thread
 * without one (started on another channel, or a subjectless email) gets the first line it answers.
 */
function replySubject(subject: string | null, answers?: { subject: string | null; body: string | null }) {
  const base = (subject ?? answers?.subject)?.trim();
  if (base) return /^re:/i.test(base) ? base : `Re: ${base}`;
  const line = answers?.body?.trim().split('\n')[0]?.trim();
  if (!line) return 'Re: your message';
  return `Re: ${line.length > 60 ? `${line.slice(0, 57)}...` : line}`;
}

/**
 * An agent's reply, on the caller's transaction: goes through the same createOutboundMessage as
 * POST /v1/messages — so opt-outs, email suppression and the WhatsApp window refuse it the same
 * way (their AppErrors propagate) — then joins the conversation. An email reply carries our own
 * Message-ID and cites the thread's, so the customer's answer threads back here.
 */
export async function replyToConversation(
  ctx: ConversationDeps,
  tx: Tx,
  input: { tenantId: string; conversationId: string; reply: ReplyInput; actor: Actor },
) {
  const { tenantId, reply, actor } = input;
  const conversation = await lockConversation(tx, tenantId, input.conversationId);
  let channel = reply.channel ?? (conversation.channel as MessageChannel);
  // A phone conversation's reply with pictures is an MMS.
  if (channel === 'sms' && reply.media.length > 0) channel = 'mms';
  if (channel === 'mms' && reply.media.length === 0) channel = 'sms';
  const target = await replyTarget(tx, conversation, channel, reply.to);
  const parsed = SendMessageSchema.safeParse({
    channel,
    to: target.to,
    from: reply.from ?? target.from,
    body: reply.body,
    media: reply.media,
    subject:
      channel === 'email' ? (reply.subject ?? replySubject(conversation.subject, target.answers)) : undefined,
    metadata: { conversationId: conversation.id },
  });
  if (!parsed.success) throw validationError(parsed.error, 'reply');
  const message = parsed.data;

  let content = target.content;
  let emailMessageId: string | undefined;
  if (channel === 'email') {
    const { address } = await resolveSender(createTenantScope(tx, tenantId), message);
    message.from = address;
    emailMessageId = `<${newId('mid')}@${address.split('@')[1]}>`;
    const thread = await emailThreadOf(tx, conversation.id);
    content = { messageIdHeader: emailMessageId, ...thread };
  }
  const row = await createOutboundMessage(ctx, tx, tenantId, message, content ? { content } : {});
  // The email channel may stamp its own Message-ID: the stored one is what the customer will cite.
  const stamped = typeof row.content.messageIdHeader === 'string' ? row.content.messageIdHeader : undefined;
  if (stamped) emailMessageId = normalizeMessageId(stamped);

  const now = new Date();
  const [item] = await tx
    .insert(conversationMessages)
    .values({
      id: row.id,
      tenantId,
      conversationId: conversation.id,
      kind: 'message',
      messageId: row.id,
      authorUserId: actor.type === 'user' ? actor.id : null,
      emailMessageId: emailMessageId ?? null,
      search: searchVector([row.subject, row.body].filter(Boolean).join(' ')),
      createdAt: row.createdAt,
    })
    .returning();
  const [updated] = await tx
    .update(conversations)
    .set({
      lastMessageAt: now,
      lastOutboundAt: now,
      firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, ${now.toISOString()}::timestamptz)`,
      updatedAt: now,
    })
    .where(eq(conversations.id, conversation.id))
    .returning();
  await emitEvent(ctx, tx, {
    tenantId,
    type: 'conversation.message_created',
    data: conversationEventData(updated!, { messageId: row.id }),
  });
  await runHooks(ctx.conversationHooks.onAgentReply, tx, {
    tenantId,
    conversation: updated!,
    message: row,
    actor,
  });
  return { conversation: updated!, message: row, item: item! };
}

/** An internal note: on the timeline and searchable, never sent to anyone. */
export async function addNote(
  ctx: ConversationDeps,
  tx: Tx,
  input: { tenantId: string; conversationId: string; body: string; attachments: string[]; actor: Actor },
) {
  const conversation = await lockConversation(tx, input.tenantId, input.conversationId);
  const [note] = await tx
    .insert(conversationMessages)
    .values({
      id: newId('note'),
      tenantId: input.tenantId,
      conversationId: conversation.id,
      kind: 'note',
      authorUserId: input.actor.type === 'user' ? input.actor.id : null,
      body: input.body,
      attachments: input.attachments,
      data: { actor: input.actor },
      search: searchVector(input.body),
      // Millisecond times only: timeline cursors carry JavaScript dates.
      createdAt: new Date(),
    })
    .returning();
  await tx.update(conversations).set({ updatedAt: new Date() }).where(eq(conversations.id, conversation.id));
  await emitEvent(ctx, tx, {
    tenantId: input.tenantId,
    type: 'conversation.message_created',
    data: conversationEventData(conversation, { noteId: note!.id }),
  });
  return note!;
}
