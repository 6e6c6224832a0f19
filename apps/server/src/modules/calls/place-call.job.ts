import type { AppContext } from '../../app-context';
import { defineJob } from '../../platform/jobs/job';
import { PLACE_CALL } from './place-call.job-spec';

/**
 * Hands a queued call to this node's voice role. Only voice nodes consume this queue (`role: 'voice'`:
 * main.ts starts its worker once the voice role is up), so api/worker nodes never pick it up. The
 * check below only guards the moment the role is stopping.
 */
export const placeCallJob = (ctx: AppContext) =>
  defineJob({
    ...PLACE_CALL,
    retryLimit: 20,
    retryDelaySeconds: 1,
    concurrency: 10,
    role: 'voice',
    async handler(payload) {
      if (!ctx.voiceCalls) throw new Error('no voice role on this node yet');
      await ctx.voiceCalls.place(payload.callId);
    },
  });
