import { z } from 'zod';
import type { JobSpec } from '../../platform/jobs/job';

/** Sends one message through the router; enqueued with the message, on its transaction. */
export const SEND_MESSAGE: JobSpec<{ messageId: string }> = {
  name: 'messages.send',
  payload: z.object({ messageId: z.string() }),
};
