import { z } from 'zod';
import { PRESENCE_STATUSES } from '../presence/presence-store';

/** What a client may send over /v1/realtime. */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('presence'), status: z.enum(PRESENCE_STATUSES) }),
  z.object({ type: z.literal('typing'), conversationId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('viewing'), conversationId: z.string().min(1).max(64) }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** Typing/viewing, passed between nodes on the bus. */
export type ActivityFrame = {
  type: 'typing' | 'viewing';
  conversationId: string;
  userId: string;
  at: string;
};

export const activitySubject = (tenantId: string) => `realtime.${tenantId}.activity`;
/** A team's members changed: connections of the tenant reload which teams their agent is in. */
export const teamsSubject = (tenantId: string) => `realtime.${tenantId}.teams`;
