import { z } from '@hono/zod-openapi';
import type { ConversationRow } from './conversation-hooks';
import { CONVERSATION_PRIORITIES, CONVERSATION_STATUSES } from './conversations.schema';

const iso = (value: Date | null) => value?.toISOString() ?? null;

export const ContactSummarySchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .openapi('ContactSummary');

export const ConversationSchema = z
  .object({
    id: z.string(),
    contactId: z.string(),
    contact: ContactSummarySchema.nullable(),
    channel: z.string().openapi({ description: 'The message channel it started on' }),
    status: z.enum(CONVERSATION_STATUSES),
    snoozedUntil: z.string().nullable(),
    priority: z.enum(CONVERSATION_PRIORITIES),
    tags: z.array(z.string()),
    attributes: z.record(z.string(), z.unknown()),
    assigneeId: z.string().nullable(),
    teamId: z.string().nullable(),
    subject: z.string().nullable(),
    unread: z.boolean().openapi({ description: 'A message from the contact the caller has not read' }),
    lastMessageAt: z.string().nullable(),
    lastInboundAt: z.string().nullable(),
    lastOutboundAt: z.string().nullable(),
    firstResponseAt: z.string().nullable(),
    sla: z.object({
      policyId: z.string().nullable(),
      firstResponseDueAt: z.string().nullable(),
      nextResponseDueAt: z.string().nullable(),
      resolutionDueAt: z.string().nullable(),
      breachedAt: z.string().nullable(),
      breaches: z.array(z.string()),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('Conversation');

export type ContactSummary = z.infer<typeof ContactSummarySchema>;

/** A conversation as the API returns it; `lastReadAt` is the caller's (unread = inbound after it). */
export function conversationResource(
  row: ConversationRow,
  extra: { contact?: ContactSummary | null; lastReadAt?: Date | null } = {},
) {
  const lastReadAt = extra.lastReadAt ?? null;
  return {
    id: row.id,
    contactId: row.contactId,
    contact: extra.contact ?? null,
    channel: row.channel,
    status: row.status,
    snoozedUntil: iso(row.snoozedUntil),
    priority: row.priority,
    tags: row.tags,
    attributes: row.attributes,
    assigneeId: row.assigneeUserId,
    teamId: row.teamId,
    subject: row.subject,
    unread: row.lastInboundAt !== null && (lastReadAt === null || row.lastInboundAt > lastReadAt),
    lastMessageAt: iso(row.lastMessageAt),
    lastInboundAt: iso(row.lastInboundAt),
    lastOutboundAt: iso(row.lastOutboundAt),
    firstResponseAt: iso(row.firstResponseAt),
    sla: {
      policyId: row.slaPolicyId,
      firstResponseDueAt: iso(row.firstResponseDueAt),
      nextResponseDueAt: iso(row.nextResponseDueAt),
      resolutionDueAt: iso(row.resolutionDueAt),
      breachedAt: iso(row.slaBreachedAt),
      breaches: row.slaBreaches,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: iso(row.closedAt),
  };
}
