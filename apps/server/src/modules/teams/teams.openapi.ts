import { z } from '@hono/zod-openapi';
import { ASSIGNMENT_MODES, type teamMembers, type teams } from './teams.schema';

const Capacity = z.record(z.string().min(1).max(32), z.number().int().min(0).max(10_000)).openapi({
  description: 'Per channel (sms, email, whatsapp…): open conversations at once',
  example: { sms: 5 },
});

const teamFields = {
  name: z.string().trim().min(1).max(100),
  assignmentMode: z.enum(ASSIGNMENT_MODES),
  channels: z.array(z.string().min(1).max(32)).max(20),
  isDefault: z.boolean(),
  slaPolicyId: z.string().max(64).nullable(),
  reassignOfflineAfterSeconds: z
    .number()
    .int()
    .min(30)
    .max(7 * 86_400)
    .nullable(),
};

export const TeamInputSchema = z
  .object({
    ...teamFields,
    assignmentMode: teamFields.assignmentMode.default('manual'),
    channels: teamFields.channels.default([]),
    isDefault: teamFields.isDefault.default(false),
    slaPolicyId: teamFields.slaPolicyId.default(null),
    reassignOfflineAfterSeconds: teamFields.reassignOfflineAfterSeconds.default(null),
  })
  .openapi('TeamInput');
// No defaults here: a field left out of a PATCH stays as it is.
export const TeamPatchSchema = z.object(teamFields).partial().openapi('TeamPatch');

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    assignmentMode: z.enum(ASSIGNMENT_MODES),
    channels: z.array(z.string()),
    isDefault: z.boolean(),
    slaPolicyId: z.string().nullable(),
    reassignOfflineAfterSeconds: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Team');

export const MemberInputSchema = z
  .object({
    maxConversations: z.number().int().min(0).max(10_000).default(10),
    capacity: Capacity.default({}),
  })
  .openapi('TeamMemberInput');
export const MemberSchema = z
  .object({
    userId: z.string(),
    maxConversations: z.number().int(),
    capacity: z.record(z.string(), z.number().int()),
    createdAt: z.string(),
  })
  .openapi('TeamMember');

export const MemberParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
  userId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'userId', in: 'path' } }),
});

export const teamView = (row: typeof teams.$inferSelect) => ({
  id: row.id,
  name: row.name,
  assignmentMode: row.assignmentMode,
  channels: row.channels,
  isDefault: row.isDefault,
  slaPolicyId: row.slaPolicyId,
  reassignOfflineAfterSeconds: row.reassignOfflineAfterSeconds,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const memberView = (row: typeof teamMembers.$inferSelect) => ({
  userId: row.userId,
  maxConversations: row.maxConversations,
  capacity: row.capacity,
  createdAt: row.createdAt.toISOString(),
});
