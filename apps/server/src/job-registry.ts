import type { AppContext } from './app-context';
import { drainJob, sweepJob } from './modules/assignment/assignment.jobs';
import { placeCallJob } from './modules/calls/place-call.job';
import { importContactsJob } from './modules/contacts/import-contacts.job';
import { wakeSnoozedJob } from './modules/conversations/wake-snoozed.job';
import { purgeEventsJob } from './modules/events/purge-events.job';
import { purgeStatusReceiptsJob } from './modules/messages/purge-status-receipts.job';
import { sendMessageJob } from './modules/messages/send-message.job';
import { storeInboundMediaJob } from './modules/messages/store-inbound-media.job';
import { purgeExpiredRecordingsJob } from './modules/recordings/purge-expired-recordings.job';
import { recordingCallbackJob } from './modules/recordings/recording-callback.job';
import { reportSandboxStatusJob } from './modules/sandbox/report-sandbox-status.job';
import { slaCheckJob, slaScanJob } from './modules/sla/scan-sla-breaches.job';
import { deliverWebhookJob } from './modules/webhooks/deliver-webhook.job';
import { fanOutEventJob } from './modules/webhooks/fan-out-event.job';
import { syncTemplatesJob } from './modules/whatsapp/sync-templates.job';
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
    placeCallJob(ctx),
    recordingCallbackJob(ctx),
    purgeExpiredRecordingsJob(ctx),
    importContactsJob(ctx),
    wakeSnoozedJob(ctx),
    storeInboundMediaJob(ctx),
    reportSandboxStatusJob(ctx),
    purgeStatusReceiptsJob(ctx.db),
    syncTemplatesJob(ctx),
    drainJob(ctx),
    sweepJob(ctx),
    slaCheckJob(ctx),
    slaScanJob(ctx),
  ];
}

/** Recurring jobs, scheduled by every worker (pg-boss keeps one schedule per job name). */
export async function scheduleRecurringJobs(ctx: AppContext) {
  await ctx.jobs.schedule(purgeIdempotencyKeysJob(ctx.db), '17 * * * *', {});
  await ctx.jobs.schedule(purgeEventsJob(ctx), '37 3 * * *', {});
  await ctx.jobs.schedule(wakeSnoozedJob(ctx), '* * * * *', {});
  await ctx.jobs.schedule(purgeStatusReceiptsJob(ctx.db), '47 3 * * *', {});
  await ctx.jobs.schedule(purgeExpiredRecordingsJob(ctx), '53 3 * * *', {});
  await ctx.jobs.schedule(syncTemplatesJob(ctx), '23 * * * *', {});
  await ctx.jobs.schedule(sweepJob(ctx), '* * * * *', {});
  await ctx.jobs.schedule(slaScanJob(ctx), '* * * * *', {});
}
