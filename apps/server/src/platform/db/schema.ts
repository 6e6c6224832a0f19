// Every table, for Drizzle's typed queries; drizzle-kit reads the *.schema.ts files directly.
import { apiKeys } from '../../modules/api-keys/api-keys.schema';
import { assignmentTables } from '../../modules/assignment/assignment-tables';
import { auditLog } from '../../modules/audit/audit.schema';
import { passwordResetTokens, refreshTokens } from '../../modules/auth/auth.schema';
import { calls } from '../../modules/calls/calls.schema';
import { voiceNodes } from '../../modules/calls/voice-nodes.schema';
import { voiceNumberSettings } from '../../modules/calls/voice-numbers.schema';
import { inboxTables } from '../../modules/conversations/inbox-tables';
import { emailTables } from '../../modules/email/email.schema';
import { events } from '../../modules/events/events.schema';
import { invitations } from '../../modules/invitations/invitations.schema';
import { messageMedia } from '../../modules/messages/message-media.schema';
import { dailyUsage, messages, statusReceipts } from '../../modules/messages/messages.schema';
import { routingRules } from '../../modules/messages/routing-rules.schema';
import { notifications } from '../../modules/notifications/notifications.schema';
import { numbers } from '../../modules/numbers/numbers.schema';
import { optOutSettings, optOuts } from '../../modules/opt-outs/opt-outs.schema';
import { recordings } from '../../modules/recordings/recordings.schema';
import { sandboxDevices, sandboxTraffic } from '../../modules/sandbox/sandbox.schema';
import { memberships, tenants } from '../../modules/tenants/tenants.schema';
import { trunkRegistrations } from '../../modules/trunks/trunk-registrations.schema';
import { voiceTrunks } from '../../modules/trunks/trunks.schema';
import { users } from '../../modules/users/users.schema';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookLeases,
} from '../../modules/webhooks/webhooks.schema';
import { whatsappTables } from '../../modules/whatsapp/whatsapp.schema';
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
  voiceTrunks,
  trunkRegistrations,
  calls,
  voiceNumberSettings,
  voiceNodes,
  recordings,
  messageMedia,
  dailyUsage,
  optOuts,
  optOutSettings,
  sandboxDevices,
  sandboxTraffic,
  ...inboxTables,
  ...assignmentTables,
  ...emailTables,
  ...whatsappTables,
};
