import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { voiceTrunks } from './trunks.schema';

/**
 * Registration state of a trunk, and the lease that lets exactly one voice node register it: the
 * node holding an unexpired lease (renewed every heartbeat) sends the REGISTERs; when it dies the
 * lease expires and another node takes over.
 */
export const trunkRegistrations = pgTable('voice_trunk_registrations', {
  trunkId: text('trunk_id')
    .primaryKey()
    .references(() => voiceTrunks.id, { onDelete: 'cascade' }),
  nodeId: text('node_id'),
  leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }).notNull(),
  /** `registering`, `registered`, `failed` or `unregistered`. */
  state: text('state').notNull(),
  /** When the carrier's binding runs out (from its 200's Expires). */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  lastError: text('last_error'),
  failures: integer('failures').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type TrunkRegistrationRow = typeof trunkRegistrations.$inferSelect;
