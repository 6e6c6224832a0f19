import { z } from 'zod';
import type { JobSpec } from '../../platform/jobs/job';

/**
 * Places one outbound call. A separate job name from the worker's others because it must run where
 * the voice role runs (the SIP stack and media live there); the API enqueues it on the call's
 * transaction (outbox).
 */
export const PLACE_CALL: JobSpec<{ callId: string }> = {
  name: 'voice.place-call',
  payload: z.object({ callId: z.string() }),
};
