import type { Context } from 'hono';
import { actorOf, type Principal } from '../../platform/auth/principal';
import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { AppEnv } from '../../platform/http/app-env';
import { clientAddress } from '../../platform/http/client-address';
import { auditLog } from './audit.schema';

export type AuditEntry = {
  tenantId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
};

/** Records an admin-grade action (keys, roles, invitations, tenant changes) with who did it and from where. */
export async function recordAudit(db: Db | Tx, c: Context<AppEnv>, principal: Principal, entry: AuditEntry) {
  await db.insert(auditLog).values({
    id: newId('aud'),
    ...actorOf(principal),
    ...entry,
    details: entry.details ?? {},
    ip: clientAddress(c),
  });
}
