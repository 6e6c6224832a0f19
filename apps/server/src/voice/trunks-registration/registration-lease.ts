import { and, eq, sql } from 'drizzle-orm';
import { trunkRegistrations } from '../../modules/trunks/trunk-registrations.schema';
import type { Db } from '../../platform/db/database';

/** Longer than a few heartbeats: a live node renews it every beat; a dead node's runs out. */
export const LEASE_SECONDS = 15;

/**
 * Takes or renews the right to register one trunk, across every voice node: one upsert that wins
 * when nobody holds the lease, this node holds it, or the holder's lease ran out. True when this
 * node holds it now.
 */
export async function acquireRegistrationLease(db: Db, trunkId: string, nodeId: string): Promise<boolean> {
  const taken = await db.execute(sql`
    insert into ${trunkRegistrations} (trunk_id, node_id, lease_expires_at, state)
    values (${trunkId}, ${nodeId}, now() + make_interval(secs => ${LEASE_SECONDS}), 'registering')
    on conflict (trunk_id) do update
      set node_id = excluded.node_id, lease_expires_at = excluded.lease_expires_at
      where ${trunkRegistrations.nodeId} = ${nodeId}
         or ${trunkRegistrations.nodeId} is null
         or ${trunkRegistrations.leaseExpiresAt} < now()
    returning trunk_id`);
  return (taken as unknown as { rows: unknown[] }).rows.length === 1;
}

/** Records a registration outcome, only while this node still holds the trunk. */
export async function recordRegistration(
  db: Db,
  trunkId: string,
  nodeId: string,
  values: Partial<
    Pick<typeof trunkRegistrations.$inferInsert, 'state' | 'expiresAt' | 'lastError' | 'failures'>
  >,
) {
  await db
    .update(trunkRegistrations)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(trunkRegistrations.trunkId, trunkId), eq(trunkRegistrations.nodeId, nodeId)));
}

/** Gives the trunk up (graceful stop): another node may take it at once. */
export async function releaseRegistrationLease(db: Db, trunkId: string, nodeId: string, state: string) {
  await db
    .update(trunkRegistrations)
    .set({ nodeId: null, state, expiresAt: null, updatedAt: new Date() })
    .where(and(eq(trunkRegistrations.trunkId, trunkId), eq(trunkRegistrations.nodeId, nodeId)));
}
