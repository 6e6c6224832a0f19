import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { conversations } from './conversations.schema';

/** A merge: the source contact's conversations become the target's (the contacts module calls this). */
export async function moveConversations(
  tx: Tx,
  tenantId: string,
  fromContactId: string,
  toContactId: string,
) {
  const moved = await tx
    .update(conversations)
    .set({ contactId: toContactId, updatedAt: new Date() })
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.contactId, fromContactId)))
    .returning({ id: conversations.id });
  return moved.length;
}

/** A deleted contact's conversations are deleted with it (soft, like the contact). */
export async function deleteConversationsOf(tx: Tx, tenantId: string, contactId: string) {
  const now = new Date();
  await tx
    .update(conversations)
    .set({ deletedAt: now, updatedAt: now })
    .where(
      and(
        eq(conversations.tenantId, tenantId),
        eq(conversations.contactId, contactId),
        isNull(conversations.deletedAt),
      ),
    );
}
