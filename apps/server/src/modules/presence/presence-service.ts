import type { AppContext } from '../../app-context';
import { enqueueDrain } from '../assignment/assignment.jobs';
import { emitEvent } from '../events/emit-event';
import type { AgentPresence, PresenceStatus } from './presence-store';

type Deps = Pick<AppContext, 'db' | 'jobs' | 'bus' | 'presence' | 'logger'>;

/** Bus subject of a tenant's presence changes (live only: presence is not replayed from the log). */
export const presenceSubject = (tenantId: string) => `realtime.${tenantId}.presence`;

export const presenceView = (presence: AgentPresence) => ({
  userId: presence.userId,
  status: presence.status,
  connected: presence.connected,
  lastSeenAt: presence.lastSeenAt?.toISOString() ?? null,
});
export type PresenceFrame = ReturnType<typeof presenceView>;

/** Tells every node's realtime connections of the tenant (the bus may drop; presence is refreshed). */
export async function publishPresence(deps: Deps, tenantId: string, userId: string) {
  const presence = await deps.presence.get(tenantId, userId);
  await deps.bus.publish(presenceSubject(tenantId), presenceView(presence)).catch((error) => {
    deps.logger.warn({ err: error }, 'presence not published');
  });
  return presence;
}

/**
 * An agent chose a status: stored, `agent.status_changed` in the event log (webhooks), published
 * live, and an agent becoming available drains their teams' waiting conversations.
 */
export async function changeStatus(
  deps: Deps,
  input: { tenantId: string; userId: string; status: PresenceStatus },
) {
  const previous = await deps.presence.setStatus(input.tenantId, input.userId, input.status);
  if (previous !== input.status) {
    await deps.db.transaction(async (tx) => {
      await emitEvent(deps, tx, {
        tenantId: input.tenantId,
        type: 'agent.status_changed',
        data: { agent: { id: input.userId, status: input.status, previousStatus: previous } },
      });
      if (input.status === 'available') await enqueueDrain(deps, tx, input.tenantId);
    });
  }
  return publishPresence(deps, input.tenantId, input.userId);
}
