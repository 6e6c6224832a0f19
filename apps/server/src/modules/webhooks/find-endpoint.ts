import { eq } from 'drizzle-orm';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import { webhookEndpoints } from './webhooks.schema';

/** One of the tenant's endpoints, or a 404: another tenant's id looks exactly like a missing one. */
export async function findEndpoint(tenant: TenantScope, id: string) {
  const [endpoint] = await tenant.select(webhookEndpoints, eq(webhookEndpoints.id, id));
  if (!endpoint) throw new AppError('not_found', 'No webhook endpoint with this id');
  return endpoint;
}
