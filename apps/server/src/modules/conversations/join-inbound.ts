import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { MessageChannel } from '../../channels/channel';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { channelsOf, identityKindOf, identityOfSender } from '../contacts/identity';
import { resolveInboundContact } from '../contacts/resolve-contact';
import { emitEvent } from '../events/emit-event';
import type { InboundHook } from '../messages/messaging';
import { type Actor, type ConversationRow, runHooks } from './conversation-hooks';
import { type ConversationDeps, conversationEventData, recordStatusChange } from './conversation-service';
import { conversationMessages, conversations } from './conversations.schema';
import { emailThreading } from './email-threading';
import { groupingOf } from './inbox-settings';
import { searchVector } from './search-query';

const actor: Actor = { type: 'system', id: null };
const LIVE = ['open', 'pending', 'snoozed'] as const;

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

async function reread(tx: Tx, id: string) {
  const [row] = await tx.select().from(conversations).where(eq(conversations.id, id));
  return row!;
}

/** The conversation an email answers: the one holding a Message-ID it cites (closed or not). */
async function threadOf(tx: Tx, tenantId: string, cited: string[]) {
  if (cited.length === 0) return undefined;
  const [hit] = await tx
    .select({ conversation: conversations })
    .from(conversationMessages)
    .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
    .where(
      and(
        eq(conversationMessages.tenantId, tenantId),
        inArray(conversationMessages.emailMessageId, cited),
        sql`${conversations.deletedAt} is null`,
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  return hit?.conversation;
}

/** The contact's live conversation to join: on this channel, or on any with the `contact` grouping. */
async function liveConversationOf(tx: Tx, tenantId: string, contactId: string, channels?: MessageChannel[]) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.tenantId, tenantId),
        eq(conversations.contactId, contactId),
        inArray(conversations.status, [...LIVE]),
        channels ? inArray(conversations.channel, channels) : undefined,
        sql`${conversations.deletedAt} is null`,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(1);
  return row;
}

/**
 * The inbound hook (messaging.inboundHooks): on the transaction that stores an inbound message, finds
 * or creates the sender's contact, then the conversation it belongs to — the email thread its headers
 * cite; else the contact's open/pending/snoozed conversation on that channel (or on any channel, per
 * the tenant's grouping; a new email without a known thread starts its own); else a new one — links
 * the message, wakes a pending or snoozed conversation, emits `conversation.*` and runs the hooks.
 */
export function createConversationInboundHook(deps: ConversationDeps): InboundHook {
  return async (tx, message) => {
    const channel = message.channel as MessageChannel;
    const identity = identityOfSender(channel, message.from);
    if (!identity) return;
    const { tenantId } = message;
    const content = message.content ?? {};
    const contact = await resolveInboundContact(tx, tenantId, identity, {
      name: text(content.fromName) ?? text(content.senderName) ?? text(content.userName),
    });
    // One inbound at a time per contact, so two first messages cannot open two conversations.
    await tx.execute(sql`select id from contacts where id = ${contact.id} for update`);

    const email = channel === 'email' ? emailThreading(content) : undefined;
    const grouping = await groupingOf(tx, tenantId);
    let conversation: ConversationRow | undefined = await threadOf(tx, tenantId, email?.cited ?? []);
    if (!conversation && (grouping === 'contact' || channel !== 'email'))
      conversation = await liveConversationOf(
        tx,
        tenantId,
        contact.id,
        grouping === 'contact' ? undefined : channelsOf(identityKindOf(channel)),
      );

    const at = message.createdAt;
    const created = !conversation;
    if (!conversation)
      [conversation] = await tx
        .insert(conversations)
        .values({
          id: newId('conv'),
          tenantId,
          contactId: contact.id,
          channel,
          status: 'open',
          subject: message.subject,
          createdAt: at,
        })
        .returning();
    const previousStatus = conversation!.status;
    const [row] = await tx
      .update(conversations)
      .set({
        status: 'open',
        snoozedUntil: null,
        closedAt: null,
        lastMessageAt: at,
        lastInboundAt: at,
        updatedAt: new Date(),
      })
      .where(eq(conversations.id, conversation!.id))
      .returning();
    await tx.insert(conversationMessages).values({
      id: message.id,
      tenantId,
      conversationId: row!.id,
      kind: 'message',
      messageId: message.id,
      emailMessageId: email?.messageId ?? null,
      search: searchVector([message.subject, message.body].filter(Boolean).join(' ')),
      createdAt: at,
    });

    let current = row!;
    if (created) {
      await emitEvent(deps, tx, {
        tenantId,
        type: 'conversation.created',
        data: conversationEventData(current, { messageId: message.id }),
      });
      await runHooks(deps.conversationHooks.onCreated, tx, {
        tenantId,
        conversation: current,
        message,
        actor,
      });
      // A creation hook may have assigned it or set due times: later events carry that.
      if (deps.conversationHooks.onCreated.length > 0) current = await reread(tx, current.id);
    } else if (previousStatus !== 'open') {
      await recordStatusChange(deps, tx, current, previousStatus, actor);
    }
    await emitEvent(deps, tx, {
      tenantId,
      type: 'conversation.message_created',
      data: conversationEventData(current, { messageId: message.id }),
    });
    await runHooks(deps.conversationHooks.onInbound, tx, { tenantId, conversation: current, message, actor });
  };
}
