import { openRoom } from '../../voice/conference/conference-rooms';
import { openQueue } from '../../voice/queues/call-queues';

/**
 * Seeds tenant A of the cross-tenant sweep with a conference room and a call queue. Both live in
 * the voice node's memory (the sweep runs no voice role, so no call can create them): they are
 * opened directly, as a first `<Dial><Conference>` / `<Enqueue>` would.
 */
export function seedConferencesForSweep(tenantId: string) {
  const room = openRoom(tenantId, 'alpha secret room');
  const queue = openQueue(tenantId, 'alpha secret queue');
  return { ids: [room.id, queue.id], secrets: ['alpha secret room', 'alpha secret queue'] };
}
