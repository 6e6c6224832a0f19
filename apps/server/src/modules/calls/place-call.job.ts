import type { AppContext } from '../../app-context';
import { defineJob } from '../../platform/jobs/job';
import { PLACE_CALL } from './place-call.job-spec';

/**
 * Hands a queued call to this node's voice role. A node without one fails the job, which pg-boss
 * retries shortly: on the embedded default every node has the voice role, so this only happens while
 * the voice role is still starting.
 */
export const placeCallJob = (ctx: AppContext) =>
  defineJob({
    ...PLACE_CALL,
    retryLimit: 20,
    retryDelaySeconds: 1,
    concurrency: 10,
    async handler(payload) {
      if (!ctx.voiceCalls) throw new Error('no voice role on this node yet');
      await ctx.voiceCalls.place(payload.callId);
    },
  });
