import { and, count, eq, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { webhookEndpoints, webhookLeases } from './webhooks.schema';

const LEASE_MS = 30_000; // longer than the 15 s request timeout, so a live request never loses its lease

/**
 * Takes one of the endpoint's concurrency slots for a delivery, across every worker: the endpoint
 * row lock serializes the count and the insert. A crashed worker's lease expires on its own.
 * Returns false when the endpoint is at its cap or this delivery is already in flight elsewhere.
 */
export async function acquireEndpointLease(db: Db, endpointId: string, deliveryId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select({ cap: webhookEndpoints.maxConcurrency })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpointId))
      .for('update');
    if (!endpoint) return false;
    await tx
      .delete(webhookLeases)
      .where(and(eq(webhookLeases.endpointId, endpointId), lt(webhookLeases.expiresAt, new Date())));
    const [row] = await tx
      .select({ n: count() })
      .from(webhookLeases)
      .where(eq(webhookLeases.endpointId, endpointId));
    if ((row?.n ?? 0) >= endpoint.cap) return false;
    const inserted = await tx
      .insert(webhookLeases)
      .values({ deliveryId, endpointId, expiresAt: new Date(Date.now() + LEASE_MS) })
      .onConflictDoNothing()
      .returning({ id: webhookLeases.deliveryId });
    return inserted.length === 1;
  });
}

export async function releaseEndpointLease(db: Db, deliveryId: string) {
  await db.delete(webhookLeases).where(eq(webhookLeases.deliveryId, deliveryId));
}
