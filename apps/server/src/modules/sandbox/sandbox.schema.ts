import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/** A virtual phone, email inbox or chat user of the device simulator, created on first use. */
export const sandboxDevices = pgTable(
  'sandbox_devices',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'phone' | 'email' | 'chat'>().notNull(),
    address: text('address').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sandbox_devices_tenant_kind_address_key').on(t.tenantId, t.kind, t.address)],
);

/** What each device received from the tenant and sent to it: the simulator's conversation view. */
export const sandboxTraffic = pgTable(
  'sandbox_traffic',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    deviceId: text('device_id')
      .notNull()
      .references(() => sandboxDevices.id, { onDelete: 'cascade' }),
    /** The message on the tenant's side: one delivery per message, however often it is resent. */
    messageId: text('message_id').notNull(),
    direction: text('direction').$type<'to_device' | 'from_device'>().notNull(),
    channel: text('channel').notNull(),
    from: text('from').notNull(),
    to: text('to').notNull(),
    body: text('body'),
    media: jsonb('media').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sandbox_traffic_message_key').on(t.messageId, t.direction),
    index('sandbox_traffic_device_idx').on(t.tenantId, t.deviceId, t.id),
  ],
);
