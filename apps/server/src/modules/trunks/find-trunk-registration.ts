import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { trunkRegistrations } from './trunk-registrations.schema';

/** The registration state row of a trunk; null while no voice node has taken it. */
export async function findTrunkRegistration(db: Db, trunkId: string) {
  const [row] = await db.select().from(trunkRegistrations).where(eq(trunkRegistrations.trunkId, trunkId));
  return row ?? null;
}
