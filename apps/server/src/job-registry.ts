import type { AppContext } from './app-context';
import { purgeEventsJob } from './modules/events/purge-events.job';
import { purgeStatusReceiptsJob } from './modules/messages/purge-status-receipts.job';
import { sendMessageJob } from './modules/messages/send-message.job';
import { reportSandboxStatusJob } from './modules/sandbox/report-sandbox-status.job';
import { deliverWebhookJob } from './modules/webhooks/deliver-webhook.job';
import { fanOutEventJob } from './modules/webhooks/fan-out-event.job';
import { purgeIdempotencyKeysJob } from './platform/idempotency/purge-idempotency-keys.job';
import type { AnyJobDefinition } from './platform/jobs/job';

/** Every module's job definitions: the worker role runs these. Modules add their jobs here. */
export function registeredJobs(ctx: AppContext): AnyJobDefinition[] {
  return [
    purgeIdempotencyKeysJob(ctx.db),
    fanOutEventJob(ctx),
    deliverWebhookJob(ctx),
    purgeEventsJob(ctx),
    sendMessageJob(ctx),
    reportSandboxStatusJob(ctx),
    purgeStatusReceiptsJob(ctx.db),
  ];
}

/** Recurring jobs, scheduled by every worker (pg-boss keeps one schedule per job name). */
export async function scheduleRecurringJobs(ctx: AppContext) {
  await ctx.jobs.schedule(purgeIdempotencyKeysJob(ctx.db), '17 * * * *', {});
  await ctx.jobs.schedule(purgeEventsJob(ctx), '37 3 * * *', {});
  await ctx.jobs.schedule(purgeStatusReceiptsJob(ctx.db), '47 3 * * *', {});
}
