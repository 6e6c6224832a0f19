import type { AppContext } from '../../app-context';
import { createTenantProviderSource } from './tenant-provider-source';

/** Lets the router (sends, webhooks, rule checks) find tenant-owned instances in the database. */
export function registerTenantProviders(ctx: Pick<AppContext, 'db' | 'encryptor' | 'messaging'>) {
  ctx.messaging.router.useTenantProviders(
    createTenantProviderSource({ db: ctx.db, encryptor: ctx.encryptor, runtime: ctx.messaging.runtime }),
  );
}
