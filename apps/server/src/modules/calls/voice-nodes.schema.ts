import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One voice node of the cluster, alive while it keeps heartbeating (`last_seen_at`). The status
 * snapshot (SIP addresses, media engine, rtpengine health, live calls) is what `/v1/admin/voice/status`
 * shows for nodes other than the one answering; calls carried by a node silent too long are reaped.
 */
export const voiceNodes = pgTable('voice_nodes', {
  id: text('id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  status: jsonb('status').$type<Record<string, unknown>>().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
});
export type VoiceNodeRow = typeof voiceNodes.$inferSelect;
