import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { defineJob, type JobSpec } from '../../platform/jobs/job';
import { recordStatusUpdates } from '../messages/apply-status-updates';
import { publishFeed } from './sandbox-feed';

type Payload = {
  tenantId: string;
  messageId: string;
  providerMessageId: string;
  status: 'delivered' | 'undelivered';
};

export const REPORT_SANDBOX_STATUS: JobSpec<Payload> = {
  name: 'sandbox.report-status',
  payload: z.object({
    tenantId: z.string(),
    messageId: z.string(),
    providerMessageId: z.string(),
    status: z.enum(['delivered', 'undelivered']),
  }),
};

/** The sandbox "carrier" reporting back: through the same status pipeline as a real provider's webhook. */
export function reportSandboxStatusJob(deps: Pick<AppContext, 'db' | 'jobs' | 'bus'>) {
  return defineJob({
    ...REPORT_SANDBOX_STATUS,
    concurrency: 5,
    async handler(payload) {
      const { recorded } = await recordStatusUpdates(deps, [
        {
          provider: 'sandbox',
          providerMessageId: payload.providerMessageId,
          status: payload.status,
          // One report per message and status: a rerun of this job is a duplicate, dropped.
          eventKey: `sandbox:${payload.providerMessageId}:${payload.status}`,
          occurredAt: new Date(),
          ...(payload.status === 'undelivered'
            ? {
                errorCode: 'sandbox_simulated_failure',
                errorMessage: 'The sandbox failure rate chose this message to fail',
              }
            : {}),
        },
      ]);
      if (recorded > 0)
        await publishFeed(deps.bus, payload.tenantId, {
          type: 'message.status',
          at: new Date().toISOString(),
          messageId: payload.messageId,
          providerMessageId: payload.providerMessageId,
          status: payload.status,
        });
    },
  });
}
