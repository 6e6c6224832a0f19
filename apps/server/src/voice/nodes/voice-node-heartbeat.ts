import { hostname } from 'node:os';
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { voiceNodes } from '../../modules/calls/voice-nodes.schema';
import type { Logger } from '../../platform/logging/logger';
import type { VoiceCalls } from '../calls/voice-calls';
import { reapLostCalls } from './reap-lost-calls';

export type VoiceNodeHeartbeat = {
  /** Stops heartbeating and reaping; `forget` also removes the node's row (graceful stop). */
  stop(options?: { forget?: boolean }): Promise<void>;
  /** One heartbeat and one reaper pass now (the timer does the same every interval). */
  beat(): Promise<void>;
};

/**
 * Keeps this voice node's row in `voice_nodes` fresh every `heartbeatSeconds` with its status
 * snapshot, and on each beat reaps the calls of nodes silent longer than `nodeLostSeconds`.
 */
export function startVoiceNodeHeartbeat(options: {
  ctx: AppContext;
  nodeId: string;
  calls: VoiceCalls;
  logger: Logger;
}): VoiceNodeHeartbeat {
  const { ctx, nodeId, calls, logger } = options;
  const { heartbeatSeconds, nodeLostSeconds } = ctx.config.voice;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function beatOnce() {
    const status = await calls.status();
    await ctx.db
      .insert(voiceNodes)
      .values({ id: nodeId, hostname: hostname(), pid: process.pid, status, lastSeenAt: sql`now()` })
      .onConflictDoUpdate({ target: voiceNodes.id, set: { status, lastSeenAt: sql`now()` } });
    const reaped = await reapLostCalls(ctx, nodeLostSeconds);
    if (reaped.length > 0) logger.warn({ calls: reaped }, 'ended the calls of a lost voice node');
  }
  // Beats never overlap: a slow database delays the next one rather than stacking them.
  const beat = () => {
    running ??= beatOnce()
      .catch((error) => logger.error({ err: error }, 'voice node heartbeat failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void beat();
  }, heartbeatSeconds * 1000);
  timer.unref();
  return {
    beat,
    async stop(stopOptions = {}) {
      stopped = true;
      clearInterval(timer);
      await running;
      if (stopOptions.forget) await ctx.db.delete(voiceNodes).where(eq(voiceNodes.id, nodeId));
    },
  };
}
