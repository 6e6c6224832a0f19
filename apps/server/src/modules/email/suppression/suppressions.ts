import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../platform/db/database';
import { newId } from '../../../platform/db/ids';
import { AppError } from '../../../platform/errors/app-error';
import { emailSuppressions, type SuppressionReason } from '../email.schema';

/** Addresses compare case-insensitively: the list stores and looks them up lower-cased. */
export const normalizeAddress = (address: string) => address.trim().toLowerCase();

/** Refuses a send to any suppressed recipient (to, cc or bcc) with 422 `recipient_suppressed`. */
export async function assertNotSuppressed(db: Db | Tx, tenantId: string, recipients: string[]) {
  const addresses = [...new Set(recipients.map(normalizeAddress))];
  if (addresses.length === 0) return;
  const rows = await db
    .select({ address: emailSuppressions.address, reason: emailSuppressions.reason })
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.tenantId, tenantId), inArray(emailSuppressions.address, addresses)));
  if (rows.length === 0) return;
  const list = rows.map((r) => `${r.address} (${r.reason.replace('_', ' ')})`).join(', ');
  throw new AppError(
    'recipient_suppressed',
    `Suppressed recipient: ${list}. Remove the suppression to send.`,
    {
      details: { suppressed: rows },
    },
  );
}

/**
 * Adds an address to the tenant's suppression list; an address already there keeps its first reason
 * (a later unsubscribe does not hide that it hard-bounced). Returns whether it was new.
 */
export async function suppressAddress(
  db: Db | Tx,
  input: {
    tenantId: string;
    address: string;
    reason: SuppressionReason;
    detail?: string;
    messageId?: string;
  },
) {
  const inserted = await db
    .insert(emailSuppressions)
    .values({
      id: newId('sup'),
      tenantId: input.tenantId,
      address: normalizeAddress(input.address),
      reason: input.reason,
      detail: input.detail ?? null,
      messageId: input.messageId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  return inserted[0];
}
