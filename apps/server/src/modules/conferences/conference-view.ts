import { z } from '@hono/zod-openapi';
import type { Participant, Room } from '../../voice/conference/conference-rooms';

export const ParticipantSchema = z
  .object({
    callId: z.string(),
    from: z.string(),
    joinedAt: z.string(),
    muted: z.boolean(),
    startConferenceOnEnter: z.boolean(),
    endConferenceOnExit: z.boolean(),
  })
  .openapi('ConferenceParticipant');

export const ConferenceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** `waiting` until a participant with startConferenceOnEnter joins (until then nobody hears anyone). */
    status: z.enum(['waiting', 'in-progress']),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    participantCount: z.number().int(),
  })
  .openapi('Conference');

export const ConferenceDetailSchema = ConferenceSchema.extend({
  participants: z.array(ParticipantSchema),
}).openapi('ConferenceDetail');

export const participantView = (p: Participant): z.infer<typeof ParticipantSchema> => ({
  callId: p.callId,
  from: p.from,
  joinedAt: p.joinedAt.toISOString(),
  muted: p.leg.isMuted(),
  startConferenceOnEnter: p.startConferenceOnEnter,
  endConferenceOnExit: p.endConferenceOnExit,
});

export const conferenceView = (room: Room): z.infer<typeof ConferenceSchema> => ({
  id: room.id,
  name: room.name,
  status: room.startedAt ? 'in-progress' : 'waiting',
  createdAt: room.createdAt.toISOString(),
  startedAt: room.startedAt?.toISOString() ?? null,
  participantCount: room.participants.size,
});

/** One page of items sorted by id (sortable ids), after `cursor`. */
export function pageById<T extends { id: string }>(items: T[], query: { limit: number; cursor?: string }) {
  const sorted = [...items].sort((a, b) => a.id.localeCompare(b.id));
  const after = query.cursor ? sorted.filter((item) => item.id > query.cursor!) : sorted;
  const data = after.slice(0, query.limit);
  return { data, nextCursor: after.length > query.limit ? data[data.length - 1]!.id : null };
}
