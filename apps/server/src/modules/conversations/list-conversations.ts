import { z } from '@hono/zod-openapi';
import { and, arrayContains, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { MESSAGE_CHANNELS } from '../../channels/channel';
import type { Db } from '../../platform/db/database';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import { PageQuerySchema } from '../../platform/http/api-schemas';
import { contacts } from '../contacts/contacts.schema';
import { conversationResource } from './conversation-view';
import {
  CONVERSATION_PRIORITIES,
  CONVERSATION_STATUSES,
  conversationMessages,
  conversationReads,
  conversations,
} from './conversations.schema';
import { searchQuery } from './search-query';

const statusList = z
  .string()
  .max(100)
  .transform((value) => value.split(',').map((s) => s.trim()))
  .pipe(z.array(z.enum(CONVERSATION_STATUSES)).min(1))
  .openapi({ description: 'One status or several, comma-separated (e.g. `open,pending`)' });

export const ConversationListQuerySchema = PageQuerySchema.extend({
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  status: statusList.optional(),
  priority: z.enum(CONVERSATION_PRIORITIES).optional(),
  assignee: z
    .string()
    .max(64)
    .default('any')
    .openapi({ description: '`me`, `unassigned`, `any` (default) or a user id' }),
  team: z.string().max(64).optional().openapi({ description: 'A team id, or `none`' }),
  tag: z.string().max(100).optional(),
  contactId: z.string().max(64).optional(),
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .openapi({
      description: 'Only conversations with (true) or without (false) unread messages for the caller',
    }),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Full-text: message and note text, contact fields' }),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuerySchema>;

/** Unread for the user whose read mark is joined: a message from the contact after it (or no mark). */
export function unreadSql(): SQL {
  return sql`(${conversations.lastInboundAt} is not null and (${conversationReads.lastReadAt} is null or ${conversations.lastInboundAt} > ${conversationReads.lastReadAt}))`;
}

/** The page's SQL filters: everything the inbox list can narrow by. */
function filtersOf(query: ConversationListQuery, userId: string | null): SQL | undefined {
  let assignee: SQL | undefined;
  if (query.assignee === 'me') {
    if (!userId) throw new AppError('validation_failed', 'assignee: `me` needs a user, not an API key');
    assignee = eq(conversations.assigneeUserId, userId);
  } else if (query.assignee === 'unassigned') assignee = isNull(conversations.assigneeUserId);
  else if (query.assignee !== 'any') assignee = eq(conversations.assigneeUserId, query.assignee);
  const q = query.q ? searchQuery(query.q) : undefined;
  return and(
    isNull(conversations.deletedAt),
    query.channel ? eq(conversations.channel, query.channel) : undefined,
    query.status ? inArray(conversations.status, query.status) : undefined,
    query.priority ? eq(conversations.priority, query.priority) : undefined,
    assignee,
    query.team === 'none' ? isNull(conversations.teamId) : undefined,
    query.team && query.team !== 'none' ? eq(conversations.teamId, query.team) : undefined,
    query.tag ? arrayContains(conversations.tags, [query.tag]) : undefined,
    query.contactId ? eq(conversations.contactId, query.contactId) : undefined,
    query.unread === true ? unreadSql() : undefined,
    query.unread === false ? sql`not ${unreadSql()}` : undefined,
    q
      ? sql`(${contacts.search} @@ ${q} or exists (select 1 from ${conversationMessages} where ${conversationMessages.conversationId} = ${conversations.id} and ${conversationMessages.search} @@ ${q}))`
      : undefined,
    // A query with nothing searchable in it matches nothing rather than everything.
    query.q && !q ? sql`false` : undefined,
  );
}

/** One page of the inbox, newest conversation first, each with its contact and the caller's unread flag. */
export async function listConversations(
  db: Db,
  tenant: TenantScope,
  query: ConversationListQuery,
  userId: string | null,
) {
  const where = tenant.owned(
    conversations,
    and(filtersOf(query, userId), query.cursor ? lt(conversations.id, query.cursor) : undefined),
  );
  const rows = await db
    .select({
      conversation: conversations,
      contact: { id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone },
      lastReadAt: conversationReads.lastReadAt,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(
      conversationReads,
      and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, userId ?? '')),
    )
    .where(where)
    .orderBy(desc(conversations.id))
    .limit(query.limit + 1);
  const data = rows.slice(0, query.limit);
  return {
    data: data.map((row) =>
      conversationResource(row.conversation, { contact: row.contact, lastReadAt: row.lastReadAt }),
    ),
    nextCursor: rows.length > query.limit ? data.at(-1)!.conversation.id : null,
  };
}
