import { z } from '@hono/zod-openapi';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import { MessageSchema } from '../messages/message.openapi';
import { messageResource } from '../messages/message-view';
import { messages } from '../messages/messages.schema';
import { conversationMessages } from './conversations.schema';

export const TimelineItemSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['message', 'note', 'activity']),
    authorId: z.string().nullable().openapi({ description: 'The agent who sent it or wrote the note' }),
    message: MessageSchema.nullable().openapi({ description: 'kind message: the message itself' }),
    body: z.string().nullable().openapi({ description: 'kind note: the note (never sent)' }),
    attachments: z.array(z.string()),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'kind activity: what changed, by whom' }),
    createdAt: z.string(),
  })
  .openapi('ConversationTimelineItem');

type ItemRow = typeof conversationMessages.$inferSelect;

export function timelineItem(item: ItemRow, message: typeof messages.$inferSelect | null) {
  return {
    id: item.id,
    kind: item.kind,
    authorId: item.authorUserId,
    message: message ? messageResource(message) : null,
    body: item.body,
    attachments: item.attachments,
    data: item.data,
    createdAt: item.createdAt.toISOString(),
  };
}

// Timeline ids mix prefixes (msg_, note_, act_), so pages go by (created_at, id), newest first.
const encodeCursor = (item: ItemRow) => `${item.createdAt.getTime().toString(36)}.${item.id}`;
function decodeCursor(cursor: string): SQL {
  const [time, id] = cursor.split('.', 2);
  const at = new Date(Number.parseInt(time ?? '', 36));
  if (!id || Number.isNaN(at.getTime()))
    throw new AppError('bad_request', 'cursor: not a cursor this API gave');
  return or(
    lt(conversationMessages.createdAt, at),
    and(eq(conversationMessages.createdAt, at), lt(conversationMessages.id, id)),
  )!;
}

/** One page of a conversation's timeline, newest first (the caller checked the conversation is theirs). */
export async function timelinePage(
  db: Db | Tx,
  conversationId: string,
  query: { limit: number; cursor?: string; kind?: ItemRow['kind'] },
) {
  const rows = await db
    .select({ item: conversationMessages, message: messages })
    .from(conversationMessages)
    .leftJoin(messages, eq(messages.id, conversationMessages.messageId))
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        query.kind ? eq(conversationMessages.kind, query.kind) : undefined,
        query.cursor ? decodeCursor(query.cursor) : undefined,
      ),
    )
    .orderBy(desc(conversationMessages.createdAt), desc(conversationMessages.id))
    .limit(query.limit + 1);
  const data = rows.slice(0, query.limit);
  return {
    data: data.map((row) => timelineItem(row.item, row.message)),
    nextCursor: rows.length > query.limit ? encodeCursor(data.at(-1)!.item) : null,
  };
}
