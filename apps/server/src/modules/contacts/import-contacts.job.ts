import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import { defineJob, type JobSpec } from '../../platform/jobs/job';
import { contactImports, type ImportRowError } from './contacts.schema';
import { headerKey, importRow, rowToContact } from './import-row';
import { parseCsv } from './parse-csv';

export const IMPORT_CONTACTS: JobSpec<{ importId: string }> = {
  name: 'contacts.import',
  payload: z.object({ importId: z.string() }),
};

/** Rows per transaction: progress advances (and a crash resumes) batch by batch. */
export const IMPORT_BATCH_ROWS = 100;
/** Per-row errors kept on the import (the count goes on). */
const MAX_ERRORS_KEPT = 1000;

/**
 * Processes a CSV import in batches. Each batch's rows, its progress counters and its row errors
 * commit together, so a worker that dies resumes at the first unprocessed row: running it twice
 * imports each row once. Each row runs in a savepoint, so a bad row rolls back alone.
 */
export function importContactsJob(deps: { db: Db }) {
  return defineJob({
    ...IMPORT_CONTACTS,
    retryLimit: 5,
    retryDelaySeconds: 5,
    expireInSeconds: 15 * 60,
    async handler({ importId }) {
      for (;;) {
        const done = await deps.db.transaction(async (tx) => {
          const [job] = await tx
            .select()
            .from(contactImports)
            .where(eq(contactImports.id, importId))
            .for('update');
          if (!job || job.status === 'completed' || job.status === 'failed') return true;
          const parsed = parseCsv(job.csv);
          if (!parsed.ok) throw new Error(`import ${importId}: CSV checked at upload no longer parses`);
          const [header, ...rows] = parsed.rows;
          const headers = (header?.fields ?? []).map(headerKey);
          const batch = rows.slice(job.processedRows, job.processedRows + IMPORT_BATCH_ROWS);
          let created = 0;
          let updated = 0;
          const errors: ImportRowError[] = [];
          for (const row of batch) {
            try {
              const outcome = await tx.transaction((savepoint) =>
                importRow(savepoint, job.tenantId, rowToContact(headers, row.fields)),
              );
              if (outcome === 'created') created++;
              else updated++;
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              errors.push({ row: row.line, message: error.message });
            }
          }
          const processed = job.processedRows + batch.length;
          const finished = processed >= rows.length;
          await tx
            .update(contactImports)
            .set({
              status: finished ? 'completed' : 'running',
              processedRows: processed,
              createdCount: job.createdCount + created,
              updatedCount: job.updatedCount + updated,
              errorCount: job.errorCount + errors.length,
              errors: [...job.errors, ...errors].slice(0, MAX_ERRORS_KEPT),
              updatedAt: new Date(),
              completedAt: finished ? new Date() : null,
            })
            .where(eq(contactImports.id, importId));
          return finished;
        });
        if (done) return;
      }
    },
  });
}
