import { z } from 'zod';
import type { JobSpec } from '../../platform/jobs/job';

/** Creates one delivery per matching enabled endpoint of the event's tenant. */
export const WEBHOOK_FANOUT: JobSpec<{ eventId: string }> = {
  name: 'webhooks.fanout',
  payload: z.object({ eventId: z.string() }),
};

/** One HTTP attempt of one delivery; retried with backoff by the delivery's own schedule. */
export const WEBHOOK_DELIVER: JobSpec<{ deliveryId: string }> = {
  name: 'webhooks.deliver',
  payload: z.object({ deliveryId: z.string() }),
};
