import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { findRoom, listRooms } from '../../voice/conference/conference-rooms';
import {
  ConferenceDetailSchema,
  ConferenceSchema,
  conferenceView,
  ParticipantSchema,
  pageById,
  participantView,
} from './conference-view';

const tags = ['voice'];
const RoomParamSchema = z.object({
  conference: z.string().min(1).max(100).openapi({ description: 'The conference id (cnf_…) or its name' }),
});
const ParticipantParamSchema = RoomParamSchema.extend({ callId: z.string().min(1).max(64) });
const UpdateParticipantSchema = z.object({ muted: z.boolean() }).openapi('UpdateConferenceParticipant');

/**
 * `/v1/voice/conferences`: the tenant's active conferences (rooms of `<Dial><Conference>`), their
 * participants, mute and kick. Rooms live on the voice node that mixes them; this API answers from
 * the node it runs on (docs/voice.md "Conferences and queues across voice nodes").
 */
export function createConferenceRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'supervisor', scope: 'calls:write' });
  const roomOf = (tenantId: string, name: string) => {
    const room = findRoom(tenantId, name);
    if (!room) throw new AppError('not_found', 'No active conference with this id or name');
    return room;
  };
  const participantOf = (tenantId: string, params: z.infer<typeof ParticipantParamSchema>) => {
    const participant = roomOf(tenantId, params.conference).participants.get(params.callId);
    if (!participant) throw new AppError('not_found', 'No such participant in this conference');
    return participant;
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List active conferences (oldest first)',
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(ConferenceSchema), 'A page of conferences'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    (c) => {
      const rooms = listRooms(c.get('tenant').tenantId).map(conferenceView);
      return c.json(pageById(rooms, c.req.valid('query')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{conference}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get an active conference with its participants',
      request: { params: RoomParamSchema },
      responses: {
        200: jsonContent(ConferenceDetailSchema, 'The conference'),
        404: problem('No active conference with this id or name in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    (c) => {
      const room = roomOf(c.get('tenant').tenantId, c.req.valid('param').conference);
      return c.json(
        { ...conferenceView(room), participants: [...room.participants.values()].map(participantView) },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{conference}/participants/{callId}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Mute or unmute a participant',
      request: { params: ParticipantParamSchema, ...jsonBody(UpdateParticipantSchema) },
      responses: {
        200: jsonContent(ParticipantSchema, 'The participant'),
        404: problem('No such conference or participant in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    (c) => {
      const participant = participantOf(c.get('tenant').tenantId, c.req.valid('param'));
      participant.leg.setMuted(c.req.valid('json').muted);
      return c.json(participantView(participant), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{conference}/participants/{callId}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Remove (kick) a participant: its Dial ends and its document goes on',
      request: { params: ParticipantParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such conference or participant in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    (c) => {
      participantOf(c.get('tenant').tenantId, c.req.valid('param')).leave('kicked');
      return c.body(null, 204);
    },
  );
  return router;
}
