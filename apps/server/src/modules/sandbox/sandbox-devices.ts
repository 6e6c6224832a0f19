import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { sandboxDevices } from './sandbox.schema';
import type { DeviceKind } from './sandbox-feed';

/** On the sandbox any address is a virtual device of the tenant, created the first time it is used. */
export async function ensureDevice(tx: Db | Tx, tenantId: string, kind: DeviceKind, address: string) {
  await tx
    .insert(sandboxDevices)
    .values({ id: newId('dev'), tenantId, kind, address })
    .onConflictDoNothing();
  const [device] = await tx
    .select()
    .from(sandboxDevices)
    .where(
      and(
        eq(sandboxDevices.tenantId, tenantId),
        eq(sandboxDevices.kind, kind),
        eq(sandboxDevices.address, address),
      ),
    );
  return device!;
}
