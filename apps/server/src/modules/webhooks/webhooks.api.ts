import { z } from '@hono/zod-openapi';
import { isKnownEventPattern } from '../events/event-catalog';
import type { webhookAttempts, webhookDeliveries, webhookEndpoints } from './webhooks.schema';

const EventPattern = z
  .string()
  .refine(isKnownEventPattern, 'must be an event type from the catalog, a `type.*` pattern, or `*`');

export const CreateWebhookSchema = z
  .object({
    url: z.string().max(2048),
    events: z.array(EventPattern).min(1).max(100),
    description: z.string().max(500).optional(),
    maxConcurrency: z.number().int().min(1).max(100).optional(),
  })
  .openapi('CreateWebhook');

export const UpdateWebhookSchema = CreateWebhookSchema.partial()
  .extend({ enabled: z.boolean().optional() })
  .openapi('UpdateWebhook');

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    maxConcurrency: z.number().int(),
    failingSince: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Webhook');

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().openapi({ description: 'Signing secret, Standard Webhooks form (whsec_…)' }),
}).openapi('WebhookWithSecret');

export const RotateSecretSchema = z
  .object({ overlapHours: z.number().int().min(0).max(168).default(24) })
  .openapi('RotateWebhookSecret');

export const ReplaySchema = z
  .object({
    eventId: z.string().optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
  })
  .openapi('ReplayWebhook', { description: 'Either eventId, or both from and to' });

export const AttemptSchema = z
  .object({
    id: z.string(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    latencyMs: z.number().int(),
    responseExcerpt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookAttempt');

export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    attemptLog: z.array(AttemptSchema),
  })
  .openapi('WebhookDelivery');

export const DeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const webhookView = (row: typeof webhookEndpoints.$inferSelect) => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.eventTypes,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  maxConcurrency: row.maxConcurrency,
  failingSince: iso(row.failingSince),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const attemptView = (row: typeof webhookAttempts.$inferSelect) => ({
  id: row.id,
  statusCode: row.statusCode,
  error: row.error,
  latencyMs: row.latencyMs,
  responseExcerpt: row.responseExcerpt,
  createdAt: row.createdAt.toISOString(),
});

export const deliveryView = (
  row: typeof webhookDeliveries.$inferSelect,
  eventType: string,
  attempts: (typeof webhookAttempts.$inferSelect)[],
) => ({
  id: row.id,
  eventId: row.eventId,
  eventType,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: iso(row.nextAttemptAt),
  createdAt: row.createdAt.toISOString(),
  completedAt: iso(row.completedAt),
  attemptLog: attempts.map(attemptView),
});
