import type { Server } from 'node:http';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import type { TenantRole } from '../../platform/auth/principal';
import type { Subscription } from '../../platform/bus/event-bus';
import { enqueueDrain } from '../assignment/assignment.jobs';
import { events } from '../events/events.schema';
import { changeStatus, presenceView, publishPresence } from '../presence/presence-service';
import { teamMembers } from '../teams/teams.schema';
import { eventIdFloor, timeOfEventId } from './event-cursor';
import { createEventTailer, type EventRow } from './event-tailer';
import {
  type ActivityFrame,
  activitySubject,
  type ClientFrame,
  ClientFrameSchema,
} from './realtime-protocol';
import { createVisibility, type Visibility } from './visibility';

export type RealtimeSocket = {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** False when the last ping went unanswered (the peer vanished without closing); pings again. */
  checkAlive?(): boolean;
  terminate?(): void;
};

type Connection = {
  id: string;
  tenantId: string;
  userId: string;
  socket: RealtimeSocket;
  visibility: Visibility;
  /** Live events that arrived while the replay ran. */
  pending: EventRow[] | null;
  /** Ids sent on this connection lately (replay and live overlap; late commits arrive twice). */
  sent: Map<string, number>;
  closed: boolean;
};

export type RealtimeOptions = {
  pollMs?: number;
  /** How late a transaction may commit an event and still be streamed live and replayed. */
  lateWindowMs?: number;
  /** Connections are refreshed in the presence store this often, and expire after three times it. */
  heartbeatMs?: number;
  maxReplay?: number;
};

const STREAMED_TYPES = ['conversation.', 'message.'];
type Deps = Pick<AppContext, 'db' | 'jobs' | 'bus' | 'presence' | 'logger'>;

/**
 * The realtime side of one process: its WebSocket connections, fed from the event log (tailed
 * while anyone is connected) and from the bus (presence, typing, viewing), and their agents'
 * presence kept alive in the shared store.
 */
export function createRealtimeHub(ctx: Deps, options: RealtimeOptions = {}) {
  const lateWindowMs = options.lateWindowMs ?? 2000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxReplay = options.maxReplay ?? 5000;
  const connections = new Set<Connection>();
  const send = (c: Connection, frame: unknown) => {
    try {
      c.socket.send(JSON.stringify(frame));
    } catch (error) {
      ctx.logger.debug({ err: error }, 'realtime: send failed');
    }
  };

  function deliver(c: Connection, row: EventRow) {
    if (c.sent.has(row.id) || !c.visibility.sees(row.type, row.data)) return;
    c.sent.set(row.id, Date.now());
    send(c, { id: row.id, type: row.type, data: row.data, createdAt: row.createdAt.toISOString() });
  }

  const tailer = createEventTailer({
    db: ctx.db,
    logger: ctx.logger,
    pollMs: options.pollMs ?? 50,
    lateWindowMs,
    deliver(rows) {
      for (const c of connections)
        for (const row of rows) {
          if (row.tenantId !== c.tenantId) continue;
          if (c.pending) c.pending.push(row);
          else deliver(c, row);
        }
    },
  });

  const subscriptions: Subscription[] = [
    ctx.bus.subscribe('realtime.*.presence', ({ subject, data }) => {
      const tenantId = subject.split('.')[1];
      for (const c of connections) if (c.tenantId === tenantId) send(c, { type: 'presence', agent: data });
    }),
    ctx.bus.subscribe('realtime.*.activity', ({ subject, data }) => {
      const tenantId = subject.split('.')[1];
      const frame = data as ActivityFrame;
      for (const c of connections)
        if (
          c.tenantId === tenantId &&
          c.userId !== frame.userId &&
          c.visibility.follows(frame.conversationId)
        )
          send(c, frame);
    }),
    ctx.bus.subscribe('realtime.*.teams', async ({ subject }) => {
      const tenantId = subject.split('.')[1]!;
      for (const c of connections)
        if (c.tenantId === tenantId) c.visibility.setTeams(await teamsOf(tenantId, c.userId));
    }),
  ];

  async function teamsOf(tenantId: string, userId: string) {
    const rows = await ctx.db
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.tenantId, tenantId), eq(teamMembers.userId, userId)));
    return rows.map((row) => row.teamId);
  }

  /** Replays the tenant's events after `cursor` (and the late window before it), in id order. */
  async function replay(c: Connection, cursor: string) {
    let after = eventIdFloor(timeOfEventId(cursor) - lateWindowMs);
    let count = 0;
    for (;;) {
      const rows = await ctx.db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, c.tenantId), gt(events.id, after)))
        .orderBy(asc(events.id))
        .limit(500);
      for (const row of rows) if (STREAMED_TYPES.some((p) => row.type.startsWith(p))) deliver(c, row);
      count += rows.length;
      if (rows.length < 500) return { count, complete: true };
      if (count >= maxReplay) return { count, complete: false };
      after = rows.at(-1)!.id;
    }
  }

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const c of connections) {
      if (c.socket.checkAlive && !c.socket.checkAlive()) {
        c.socket.terminate?.();
        continue;
      }
      ctx.presence.touch(c.tenantId, c.userId, c.id, heartbeatMs * 3).catch(() => {});
      for (const [id, at] of c.sent) if (at < now - lateWindowMs * 3) c.sent.delete(id);
    }
  }, heartbeatMs);
  heartbeat.unref();

  let inject: ((server: Server) => void) | undefined;
  return {
    connectionCount: () => connections.size,
    /** The routes hand over how to take WebSocket upgrades; main.ts attaches the HTTP server. */
    bindUpgrade(handler: (server: Server) => void) {
      inject = handler;
    },
    attach(server: Server) {
      inject?.(server);
    },

    /** A socket authenticated as this agent opened: ready, replay from `cursor` if any, then live. */
    async open(input: {
      connectionId: string;
      socket: RealtimeSocket;
      tenantId: string;
      userId: string;
      role: TenantRole;
      cursor?: string;
    }) {
      const c: Connection = {
        id: input.connectionId,
        tenantId: input.tenantId,
        userId: input.userId,
        socket: input.socket,
        visibility: createVisibility({ userId: input.userId, role: input.role, teamIds: [] }),
        pending: [],
        sent: new Map(),
        closed: false,
      };
      // Registered before the first await, so a socket closing during setup is always cleaned up.
      connections.add(c);
      await tailer.retain();
      c.visibility.setTeams(await teamsOf(input.tenantId, input.userId));
      if (c.closed) return;
      const wasConnected = (await ctx.presence.get(c.tenantId, c.userId)).connected;
      await ctx.presence.touch(c.tenantId, c.userId, c.id, heartbeatMs * 3);
      if (c.closed) {
        await ctx.presence.disconnect(c.tenantId, c.userId, c.id);
        return;
      }
      const [latest] = await ctx.db
        .select({ id: events.id })
        .from(events)
        .where(eq(events.tenantId, c.tenantId))
        .orderBy(desc(events.id))
        .limit(1);
      send(c, { type: 'ready', cursor: input.cursor ?? latest?.id ?? null, connectionId: c.id });
      if (input.cursor) {
        const result = await replay(c, input.cursor);
        send(c, { type: 'replayed', count: result.count, complete: result.complete });
        // Too much was missed to replay: the client reloads its lists instead.
        if (!result.complete) send(c, { type: 'resync' });
      }
      const pending = c.pending ?? [];
      c.pending = null;
      for (const row of pending.sort((a, b) => (a.id < b.id ? -1 : 1))) deliver(c, row);
      send(c, {
        type: 'presence.snapshot',
        agents: (await ctx.presence.list(c.tenantId)).map(presenceView),
      });
      const presence = await publishPresence(ctx, c.tenantId, c.userId);
      if (!wasConnected && presence.status === 'available')
        await ctx.db.transaction((tx) => enqueueDrain(ctx, tx, c.tenantId));
    },

    async message(connectionId: string, text: string) {
      const c = [...connections].find((x) => x.id === connectionId);
      if (!c) return;
      let frame: ClientFrame;
      try {
        frame = ClientFrameSchema.parse(JSON.parse(text));
      } catch {
        send(c, { type: 'error', message: 'unknown or malformed frame' });
        return;
      }
      if (frame.type === 'ping') send(c, { type: 'pong' });
      else if (frame.type === 'presence')
        await changeStatus(ctx, { tenantId: c.tenantId, userId: c.userId, status: frame.status });
      else {
        const activity: ActivityFrame = {
          type: frame.type,
          conversationId: frame.conversationId,
          userId: c.userId,
          at: new Date().toISOString(),
        };
        await ctx.bus.publish(activitySubject(c.tenantId), activity);
      }
    },

    async closed(connectionId: string) {
      const c = [...connections].find((x) => x.id === connectionId);
      if (!c) return;
      c.closed = true;
      connections.delete(c);
      tailer.release();
      const stillConnected = await ctx.presence.disconnect(c.tenantId, c.userId, c.id);
      if (!stillConnected) await publishPresence(ctx, c.tenantId, c.userId);
    },

    /** Shutdown: sockets are told to reconnect (to another node), presence forgets them. */
    async close() {
      clearInterval(heartbeat);
      for (const s of subscriptions) s.unsubscribe();
      await tailer.stop();
      for (const c of [...connections]) {
        c.socket.close(1012, 'server restarting');
        connections.delete(c);
        await ctx.presence.disconnect(c.tenantId, c.userId, c.id).catch(() => {});
      }
    },
  };
}
export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
