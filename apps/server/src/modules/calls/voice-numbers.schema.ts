import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { InboundFlow } from '../../voice/flows/flow-schema';
import { tenants } from '../tenants/tenants.schema';

/**
 * Where inbound calls to one of the tenant's numbers (capability `voice`) get their verbs: the
 * tenant's voice URL, or a built-in flow (voice/flows: say, voicemail, forward). Exactly one is set.
 */
export const voiceNumberSettings = pgTable('voice_number_settings', {
  numberId: text('number_id').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  voiceUrl: text('voice_url'),
  flow: jsonb('flow').$type<InboundFlow>(),
  voiceMethod: text('voice_method').notNull().default('POST'),
  statusCallback: text('status_callback'),
  statusCallbackEvents: text('status_callback_events').array().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
