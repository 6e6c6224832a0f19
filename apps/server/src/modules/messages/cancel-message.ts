import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import type { JobQueue } from '../../platform/jobs/job';
import { messages } from './messages.schema';
import { lockMessage, transitionMessage } from './transition-message';

/** Cancels a scheduled message; its send job, when it fires, finds it canceled and does nothing. */
export async function cancelMessage(deps: { db: Db; jobs: JobQueue }, tenantId: string, id: string) {
  return deps.db.transaction(async (tx) => {
    const row = await lockMessage(tx, id);
    if (!row || row.tenantId !== tenantId) throw new AppError('not_found', 'No message with this id');
    if (row.status !== 'scheduled')
      throw new AppError('conflict', `Only a scheduled message can be canceled; this one is ${row.status}`);
    const canceled = await transitionMessage(deps, tx, row, 'canceled', { source: 'api' });
    return canceled ?? (await tx.select().from(messages).where(eq(messages.id, id)))[0]!;
  });
}
