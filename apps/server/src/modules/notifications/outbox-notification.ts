import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { notifications } from './notifications.schema';

/** Queues a platform email (invitation, password reset). The email channel delivers the outbox. */
export async function outboxNotification(
  db: Db | Tx,
  input: { tenantId: string | null; kind: string; toEmail: string; subject: string; text: string },
) {
  const [row] = await db
    .insert(notifications)
    .values({ id: newId('ntf'), ...input })
    .returning();
  return row!;
}
