import { z } from 'zod';
import type { JobSpec } from '../../platform/jobs/job';

/** Creates one delivery per matching enabled endpoint of the event's tenant, and one to its status callback URL if any. */
export const WEBHOOK_FANOUT: JobSpec<{ eventId: string; callbackUrl?: string }> = {
  name: 'webhooks.fanout',
  payload: z.object({ eventId: z.string(), callbackUrl: z.string().optional() }),
};

/** One HTTP attempt of one delivery; retried with backoff by the delivery's own schedule. */
export const WEBHOOK_DELIVER: JobSpec<{ deliveryId: string }> = {
  name: 'webhooks.deliver',
  payload: z.object({ deliveryId: z.string() }),
};
