import { z } from '@hono/zod-openapi';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { conversationReads, conversations } from './conversations.schema';
import { unreadSql } from './list-conversations';

export const ConversationStatsSchema = z
  .object({
    open: z.number().int(),
    pending: z.number().int(),
    snoozed: z.number().int(),
    unassigned: z.number().int().openapi({ description: 'Open or pending with no assignee' }),
    assignedToMe: z.number().int().openapi({ description: 'Open or pending, assigned to the caller' }),
    unread: z.number().int().openapi({
      description: 'Not closed, assigned to the caller or unassigned, with a message the caller has not read',
    }),
    slaBreached: z.number().int().openapi({ description: 'Not closed, with an SLA breach' }),
  })
  .openapi('ConversationStats');

/** The portal's inbox cards in one scan of the tenant's live conversations. */
export async function conversationStats(db: Db, tenant: TenantScope, userId: string | null) {
  const active = sql`${conversations.status} in ('open', 'pending')`;
  const notClosed = sql`${conversations.status} <> 'closed'`;
  const mine = userId ? eq(conversations.assigneeUserId, userId) : sql`false`;
  const count = (condition: ReturnType<typeof sql>) =>
    sql<number>`(count(*) filter (where ${condition}))::int`;
  const [row] = await db
    .select({
      open: count(sql`${conversations.status} = 'open'`),
      pending: count(sql`${conversations.status} = 'pending'`),
      snoozed: count(sql`${conversations.status} = 'snoozed'`),
      unassigned: count(sql`${active} and ${conversations.assigneeUserId} is null`),
      assignedToMe: count(sql`${active} and ${mine}`),
      unread: count(
        sql`${notClosed} and ${or(mine, isNull(conversations.assigneeUserId))} and ${unreadSql()}`,
      ),
      slaBreached: count(sql`${notClosed} and ${conversations.slaBreachedAt} is not null`),
    })
    .from(conversations)
    .leftJoin(
      conversationReads,
      and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, userId ?? '')),
    )
    .where(tenant.owned(conversations, isNull(conversations.deletedAt)));
  return row!;
}
