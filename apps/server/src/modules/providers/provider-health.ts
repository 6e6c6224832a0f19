import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { ChannelKind } from '../../channels/channel';
import type { MessageRouter } from '../../channels/router/message-router';
import type { Db } from '../../platform/db/database';
import { messages } from '../messages/messages.schema';

export type Counts24h = { sent: number; failed: number };

/**
 * The tenant's outbound messages of the last 24 hours per provider instance: sent (sent, delivered,
 * read) and failed (failed, undelivered). One aggregate over the messages table.
 */
export async function countRecentSends(db: Db, tenantId: string): Promise<Map<string, Counts24h>> {
  const rows = await db
    .select({
      provider: messages.provider,
      sent: sql<number>`count(*) filter (where ${messages.status} in ('sent', 'delivered', 'read'))::int`,
      failed: sql<number>`count(*) filter (where ${messages.status} in ('failed', 'undelivered'))::int`,
    })
    .from(messages)
    .where(
      and(
        eq(messages.tenantId, tenantId),
        eq(messages.direction, 'outbound'),
        isNotNull(messages.provider),
        gt(messages.createdAt, sql`now() - interval '24 hours'`),
      ),
    )
    .groupBy(messages.provider);
  return new Map(rows.map((r) => [r.provider!, { sent: Number(r.sent), failed: Number(r.failed) }]));
}

/**
 * Circuit state and last outcomes as the answering node's router saw them. The error text of a
 * platform instance is withheld (it can name another tenant's recipient): only its code is shown.
 */
export function healthOf(router: MessageRouter, kind: ChannelKind, id: string, owner: 'platform' | 'tenant') {
  const health = router.health(kind, id);
  return {
    state: health.state,
    failures: health.failures,
    openedAt: health.openedAt?.toISOString() ?? null,
    lastSuccessAt: health.lastSuccessAt?.toISOString() ?? null,
    lastFailureAt: health.lastFailureAt?.toISOString() ?? null,
    lastErrorCode: health.lastErrorCode,
    lastError: owner === 'tenant' ? health.lastError : null,
  };
}
