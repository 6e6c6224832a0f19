import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { ProviderStatus, StatusUpdate } from '../../channels/channel';
import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { JobQueue } from '../../platform/jobs/job';
import type { MessageStatus } from './message-status';
import { messages, statusReceipts } from './messages.schema';
import { lockMessage, transitionMessage } from './transition-message';

type Deps = { db: Db; jobs: JobQueue };

/** A provider's `queued` only says it accepted the send, which the send's own response already told us. */
const OUR_STATUS: Record<ProviderStatus, MessageStatus | undefined> = {
  queued: undefined,
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  read: 'read',
};

/**
 * Serializes everything about one provider message id (its receipts and the storing of the send
 * result that names it), so a receipt racing the send's response is either seen by the send's
 * transaction or sees the stored id itself — never neither.
 */
export async function lockProviderMessage(tx: Tx, provider: string, providerMessageId: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`receipt:${provider}:${providerMessageId}`}))`,
  );
}

/**
 * The status pipeline: each normalized update is stored once (a redelivered webhook has the same
 * event key and is dropped) and applied to its message. One whose message does not carry that
 * provider id yet is held, and applied when the send result is stored.
 */
export async function recordStatusUpdates(deps: Deps, updates: StatusUpdate[]) {
  let recorded = 0;
  for (const update of updates) {
    await deps.db.transaction(async (tx) => {
      await lockProviderMessage(tx, update.provider, update.providerMessageId);
      const inserted = await tx
        .insert(statusReceipts)
        .values({
          id: newId('rcp'),
          provider: update.provider,
          providerMessageId: update.providerMessageId,
          status: update.status,
          errorCode: update.errorCode ?? null,
          errorMessage: update.errorMessage ?? null,
          eventKey: update.eventKey,
          occurredAt: update.occurredAt,
        })
        .onConflictDoNothing()
        .returning({ id: statusReceipts.id });
      if (inserted.length === 0) return;
      recorded++;
      await applyHeldReceipts(deps, tx, update.provider, update.providerMessageId);
    });
  }
  return { recorded };
}

/** Applies the unapplied receipts of one provider message, oldest first, if its message is known. */
export async function applyHeldReceipts(
  deps: Pick<Deps, 'jobs'>,
  tx: Tx,
  provider: string,
  providerMessageId: string,
) {
  const [match] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.provider, provider),
        eq(messages.direction, 'outbound'),
        eq(messages.providerMessageId, providerMessageId),
      ),
    );
  if (!match) return;
  const held = await tx
    .select()
    .from(statusReceipts)
    .where(
      and(
        eq(statusReceipts.provider, provider),
        eq(statusReceipts.providerMessageId, providerMessageId),
        isNull(statusReceipts.appliedAt),
      ),
    )
    .orderBy(asc(statusReceipts.occurredAt), asc(statusReceipts.id));
  let row = await lockMessage(tx, match.id);
  for (const receipt of held) {
    const to = OUR_STATUS[receipt.status as ProviderStatus];
    if (row && to) {
      const failed = to === 'failed' || to === 'undelivered';
      const moved = await transitionMessage(deps, tx, row, to, {
        source: 'provider',
        at: receipt.occurredAt,
        set: failed
          ? { errorCode: receipt.errorCode ?? `provider_${to}`, errorMessage: receipt.errorMessage }
          : {},
      });
      if (moved) row = moved;
    }
    await tx
      .update(statusReceipts)
      .set({ appliedAt: new Date(), messageId: match.id })
      .where(eq(statusReceipts.id, receipt.id));
  }
}
