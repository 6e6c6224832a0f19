import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { mergeAttributes } from '../contacts/contact-service';
import type { Actor } from './conversation-hooks';
import { lockConversation, recordActivity } from './conversation-service';
import { CONVERSATION_PRIORITIES, conversations } from './conversations.schema';

export const UpdateConversationSchema = z
  .object({
    priority: z.enum(CONVERSATION_PRIORITIES).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    attributes: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Merged into the current ones; a key set to null is removed' }),
    subject: z.string().max(998).nullable().optional(),
  })
  .openapi('UpdateConversation');

/** Priority, tags, attributes (merged) or subject; the change is a line on the timeline. */
export async function updateConversation(
  tx: Tx,
  input: {
    tenantId: string;
    conversationId: string;
    changes: z.infer<typeof UpdateConversationSchema>;
    actor: Actor;
  },
) {
  const { changes: given } = input;
  const before = await lockConversation(tx, input.tenantId, input.conversationId);
  const changes = {
    ...(given.priority ? { priority: given.priority } : {}),
    ...(given.tags ? { tags: [...new Set(given.tags)] } : {}),
    ...(given.attributes ? { attributes: mergeAttributes(before.attributes, given.attributes) } : {}),
    ...(given.subject !== undefined ? { subject: given.subject } : {}),
  };
  if (Object.keys(changes).length === 0) return before;
  const [row] = await tx
    .update(conversations)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(conversations.id, before.id))
    .returning();
  await recordActivity(tx, before, input.actor, {
    type: 'updated',
    fields: Object.keys(changes),
    ...(given.priority ? { priority: given.priority, previous: { priority: before.priority } } : {}),
  });
  return row!;
}
