import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/** A call recording: a WAV in the object store under `storageKey`. */
export const recordings = pgTable(
  'recordings',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    callId: text('call_id').notNull(),
    status: text('status').notNull(),
    storageKey: text('storage_key'),
    contentType: text('content_type').notNull(),
    durationSeconds: integer('duration_seconds'),
    sizeBytes: integer('size_bytes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recordings_tenant_idx').on(t.tenantId, t.id), index('recordings_call_idx').on(t.callId)],
);
export type RecordingRow = typeof recordings.$inferSelect;
