import { z } from '@hono/zod-openapi';
import { WhatsAppTemplateEventDataSchema } from '../whatsapp/whatsapp-events';

/**
 * Every event a tenant can receive, with its payload schema. Emitters validate against it and the
 * OpenAPI document publishes it (`webhooks`). Add an event here before emitting it.
 */
const Money = z.object({ amountMicros: z.number().int(), currency: z.string().length(3) });

export const MessageEventDataSchema = z
  .object({
    message: z.object({
      id: z.string(),
      channel: z.enum(['sms', 'mms', 'whatsapp', 'email', 'slack', 'discord', 'telegram', 'teams']),
      direction: z.enum(['outbound', 'inbound']),
      status: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      body: z.string().nullable(),
      segments: z.number().int().nullable(),
      provider: z.string().nullable(),
      errorCode: z.string().nullable(),
      errorMessage: z.string().nullable(),
      price: Money.nullable(),
      metadata: z.record(z.string(), z.unknown()),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  })
  .openapi('MessageEventData');

export const EmailEventDataSchema = z
  .object({
    email: z.object({
      messageId: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      subject: z.string().nullable(),
      url: z.string().optional().openapi({ description: 'clicked: the link' }),
      bounceType: z.enum(['hard', 'soft']).optional(),
      reason: z.string().optional(),
      userAgent: z.string().optional(),
      device: z.string().optional().openapi({ description: 'opened/clicked: desktop, mobile or tablet' }),
      client: z.string().optional().openapi({ description: 'opened/clicked: the mail client or browser' }),
    }),
  })
  .openapi('EmailEventData');

export const CallEventDataSchema = z
  .object({
    call: z.object({
      id: z.string(),
      direction: z.enum(['outbound', 'inbound']),
      from: z.string(),
      to: z.string(),
      status: z.string(),
      durationSeconds: z.number().int().nullable(),
      errorCode: z.string().nullable(),
      price: Money.nullable(),
      startedAt: z.string().nullable(),
      answeredAt: z.string().nullable(),
      endedAt: z.string().nullable(),
    }),
  })
  .openapi('CallEventData');

export const RecordingEventDataSchema = z
  .object({
    recording: z.object({
      id: z.string(),
      callId: z.string(),
      durationSeconds: z.number().int().nullable(),
      contentType: z.string().nullable(),
      errorCode: z.string().nullable(),
    }),
  })
  .openapi('RecordingEventData');

export const ConversationEventDataSchema = z
  .object({
    conversation: z.object({
      id: z.string(),
      contactId: z.string(),
      channel: z.string(),
      status: z.enum(['open', 'pending', 'snoozed', 'closed']),
      priority: z.enum(['urgent', 'high', 'normal', 'low']),
      assigneeId: z.string().nullable(),
      teamId: z.string().nullable(),
    }),
    messageId: z.string().optional(),
    noteId: z.string().optional().openapi({ description: 'message_created for an internal note' }),
    previous: z
      .object({
        status: z.string().optional(),
        assigneeId: z.string().nullable().optional(),
        teamId: z.string().nullable().optional(),
      })
      .optional()
      .openapi({ description: 'status_changed / assigned: the values before the change' }),
    sla: z.object({ metric: z.string(), dueAt: z.string() }).optional(),
  })
  .openapi('ConversationEventData');

export const AgentEventDataSchema = z
  .object({ agent: z.object({ id: z.string(), status: z.string(), previousStatus: z.string().nullable() }) })
  .openapi('AgentEventData');

export const CampaignEventDataSchema = z
  .object({
    campaign: z.object({
      id: z.string(),
      name: z.string(),
      channel: z.string(),
      stats: z.record(z.string(), z.number()).optional(),
    }),
  })
  .openapi('CampaignEventData');

export const WebhookEndpointEventDataSchema = z
  .object({ endpoint: z.object({ id: z.string(), url: z.string(), reason: z.string() }) })
  .openapi('WebhookEndpointEventData');

export const EVENT_CATALOG = {
  'message.queued': MessageEventDataSchema,
  'message.sent': MessageEventDataSchema,
  'message.delivered': MessageEventDataSchema,
  'message.undelivered': MessageEventDataSchema,
  'message.failed': MessageEventDataSchema,
  'message.received': MessageEventDataSchema,
  'message.read': MessageEventDataSchema,
  'email.delivered': EmailEventDataSchema,
  'email.opened': EmailEventDataSchema,
  'email.clicked': EmailEventDataSchema,
  'email.bounced': EmailEventDataSchema,
  'email.complained': EmailEventDataSchema,
  'email.unsubscribed': EmailEventDataSchema,
  'email.deferred': EmailEventDataSchema,
  'email.received': EmailEventDataSchema,
  'call.initiated': CallEventDataSchema,
  'call.ringing': CallEventDataSchema,
  'call.answered': CallEventDataSchema,
  'call.completed': CallEventDataSchema,
  'call.failed': CallEventDataSchema,
  'recording.completed': RecordingEventDataSchema,
  'recording.failed': RecordingEventDataSchema,
  'recording.deleted': RecordingEventDataSchema,
  'conversation.created': ConversationEventDataSchema,
  'conversation.assigned': ConversationEventDataSchema,
  'conversation.status_changed': ConversationEventDataSchema,
  'conversation.message_created': ConversationEventDataSchema,
  'conversation.sla_breached': ConversationEventDataSchema,
  'agent.status_changed': AgentEventDataSchema,
  'campaign.started': CampaignEventDataSchema,
  'campaign.completed': CampaignEventDataSchema,
  'whatsapp.template_status_changed': WhatsAppTemplateEventDataSchema,
  'webhook.endpoint_disabled': WebhookEndpointEventDataSchema,
  'webhook.test': z.object({ endpointId: z.string(), message: z.string() }).openapi('WebhookTestEventData'),
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** `message.*` matches every message event, `*` every event; otherwise the exact type. */
export function eventMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function isKnownEventPattern(pattern: string): boolean {
  return EVENT_TYPES.some((type) => eventMatches(pattern, type));
}
