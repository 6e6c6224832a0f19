import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { emitEvent } from '../events/emit-event';
import { type RecordingRow, recordings } from './recordings.schema';

type Ctx = Pick<AppContext, 'db' | 'jobs' | 'storage'>;

/**
 * Deletes a recording: its audio first, then the row with `recording.deleted` in one transaction.
 * In this order a crash in between leaves a row without audio, which the next attempt (API or
 * retention job) deletes — never audio without a row that nobody would delete. Only the run that
 * actually deleted the row emits the event, so concurrent or repeated runs emit it once.
 */
export async function deleteRecording(ctx: Ctx, row: RecordingRow): Promise<boolean> {
  if (row.storageKey) await ctx.storage.delete(row.storageKey);
  return ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(recordings).where(eq(recordings.id, row.id)).returning();
    if (!deleted) return false;
    await emitEvent(ctx, tx, {
      tenantId: deleted.tenantId,
      type: 'recording.deleted',
      data: {
        recording: {
          id: deleted.id,
          callId: deleted.callId,
          durationSeconds: deleted.durationSeconds,
          contentType: deleted.contentType,
          errorCode: null,
        },
      },
    });
    return true;
  });
}
