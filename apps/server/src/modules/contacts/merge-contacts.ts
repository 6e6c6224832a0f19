import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import { moveConversations } from '../conversations/contact-conversations';
import { lockContact, mergeAttributes, softDeleteContacts, unionTags } from './contact-service';
import { contactIdentities, contacts } from './contacts.schema';

/**
 * Merges `sourceId` into `targetId`: identities and conversations move to the target, tags join,
 * attributes and empty display fields fill from the source (the target's values win), and the source
 * is marked merged (hidden, `mergedIntoId` kept for references). Both are locked, in id order, so two
 * merges of the same pair cannot deadlock or lose an identity.
 */
export async function mergeContacts(tx: Tx, input: { tenantId: string; targetId: string; sourceId: string }) {
  const { tenantId, targetId, sourceId } = input;
  if (targetId === sourceId)
    throw new AppError('validation_failed', 'sourceContactId: a contact cannot be merged into itself', {
      details: { errors: [{ path: 'sourceContactId', message: 'is the contact itself' }] },
    });
  const [first, second] = [targetId, sourceId].sort();
  const locked = new Map([
    [first!, await lockContact(tx, tenantId, first!, first === targetId ? 'id' : 'sourceContactId')],
    [second!, await lockContact(tx, tenantId, second!, second === targetId ? 'id' : 'sourceContactId')],
  ]);
  const target = locked.get(targetId)!;
  const source = locked.get(sourceId)!;

  await tx
    .update(contactIdentities)
    .set({ contactId: targetId })
    .where(and(eq(contactIdentities.tenantId, tenantId), eq(contactIdentities.contactId, sourceId)));
  const conversationsMoved = await moveConversations(tx, tenantId, sourceId, targetId);
  const [merged] = await tx
    .update(contacts)
    .set({
      name: target.name ?? source.name,
      email: target.email ?? source.email,
      phone: target.phone ?? source.phone,
      attributes: mergeAttributes(source.attributes, target.attributes),
      tags: unionTags(target.tags, source.tags),
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, targetId))
    .returning();
  await softDeleteContacts(tx, tenantId, [sourceId], targetId);
  return { contact: merged!, conversationsMoved };
}
