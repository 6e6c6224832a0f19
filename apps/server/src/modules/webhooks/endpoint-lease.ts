import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { webhookEndpoints, webhookLeases } from './webhooks.schema';

const LEASE_SECONDS = 30; // longer than the 15 s request timeout, so a live request never loses its lease

/**
 * Takes one of the endpoint's concurrency slots for a delivery, across every worker process. The
 * endpoint row lock (NO KEY UPDATE: it does not block the foreign-key checks of new deliveries)
 * serializes the count-and-insert, which runs as one statement after the lock, on a fresh snapshot.
 * A crashed worker's lease simply expires. False when the endpoint is at its cap, or this delivery
 * is already in flight elsewhere.
 */
export async function acquireEndpointLease(db: Db, endpointId: string, deliveryId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select({ cap: webhookEndpoints.maxConcurrency })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpointId))
      .for('no key update');
    if (!endpoint) return false;
    const inserted = await tx.execute(sql`
      insert into ${webhookLeases} (delivery_id, endpoint_id, expires_at)
      select ${deliveryId}, ${endpointId}, now() + make_interval(secs => ${LEASE_SECONDS})
      where (select count(*) from ${webhookLeases} where endpoint_id = ${endpointId} and expires_at > now()) < ${endpoint.cap}
      on conflict (delivery_id) do update set expires_at = excluded.expires_at
        where ${webhookLeases.expiresAt} < now()
      returning delivery_id`);
    return (inserted as unknown as { rows: unknown[] }).rows.length === 1;
  });
}

/** Frees the slot, and sweeps the endpoint's expired leases (left by crashed workers) while at it. */
export async function releaseEndpointLease(db: Db, endpointId: string, deliveryId: string) {
  await db.execute(
    sql`delete from ${webhookLeases} where delivery_id = ${deliveryId} or (endpoint_id = ${endpointId} and expires_at < now())`,
  );
}
