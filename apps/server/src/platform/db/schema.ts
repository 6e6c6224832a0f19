// Every table, for Drizzle's typed queries; drizzle-kit reads the *.schema.ts files directly.
import { apiKeys } from '../../modules/api-keys/api-keys.schema';
import { auditLog } from '../../modules/audit/audit.schema';
import { passwordResetTokens, refreshTokens } from '../../modules/auth/auth.schema';
import { events } from '../../modules/events/events.schema';
import { invitations } from '../../modules/invitations/invitations.schema';
import { dailyUsage, messages, statusReceipts } from '../../modules/messages/messages.schema';
import { routingRules } from '../../modules/messages/routing-rules.schema';
import { notifications } from '../../modules/notifications/notifications.schema';
import { numbers } from '../../modules/numbers/numbers.schema';
import { optOutSettings, optOuts } from '../../modules/opt-outs/opt-outs.schema';
import { sandboxDevices, sandboxTraffic } from '../../modules/sandbox/sandbox.schema';
import { memberships, tenants } from '../../modules/tenants/tenants.schema';
import { users } from '../../modules/users/users.schema';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookLeases,
} from '../../modules/webhooks/webhooks.schema';
import { idempotencyKeys } from '../idempotency/idempotency.schema';

export const schema = {
  users,
  tenants,
  memberships,
  refreshTokens,
  passwordResetTokens,
  apiKeys,
  invitations,
  notifications,
  auditLog,
  idempotencyKeys,
  events,
  webhookEndpoints,
  webhookDeliveries,
  webhookAttempts,
  webhookLeases,
  numbers,
  messages,
  statusReceipts,
  routingRules,
  dailyUsage,
  optOuts,
  optOutSettings,
  sandboxDevices,
  sandboxTraffic,
};
