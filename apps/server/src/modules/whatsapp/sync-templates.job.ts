import type { AppContext } from '../../app-context';
import { ProviderError } from '../../channels/channel';
import { defineJob } from '../../platform/jobs/job';
import { metaSenders, SYNC_TEMPLATES, syncTemplates } from './sync-templates';

/**
 * Keeps every tenant's templates in step with its business accounts (hourly, and when Meta reports
 * a template we have not seen). Idempotent: a sync replaces the copy with what Meta lists. One
 * account failing does not stop the others; a retryable failure retries the job afterwards.
 */
export function syncTemplatesJob(deps: Pick<AppContext, 'db' | 'messaging'>) {
  return defineJob({
    ...SYNC_TEMPLATES,
    retryLimit: 5,
    retryDelaySeconds: 30,
    expireInSeconds: 15 * 60,
    async handler({ provider }, { logger }) {
      let retry: unknown;
      for (const pair of await metaSenders(deps, { provider })) {
        try {
          await syncTemplates(deps.db, pair.tenantId, pair.provider);
        } catch (error) {
          logger.warn(
            { err: error, tenantId: pair.tenantId, provider: pair.provider.id },
            'template sync failed',
          );
          if (!(error instanceof ProviderError) || error.retryable) retry = error;
        }
      }
      if (retry) throw retry;
    },
  });
}
