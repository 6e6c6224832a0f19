import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { emitEvent } from '../events/emit-event';
import { outboxNotification } from '../notifications/outbox-notification';
import { memberships } from '../tenants/tenants.schema';
import { users } from '../users/users.schema';
import { webhookEndpoints } from './webhooks.schema';

/** Turns an endpoint off, tells the tenant (event + email to its admins). */
export async function disableEndpoint(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  endpoint: typeof webhookEndpoints.$inferSelect,
  reason: string,
) {
  await ctx.db.transaction(async (tx) => {
    const changed = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: reason, updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
      .returning({ id: webhookEndpoints.id });
    if (changed.length === 0) return;
    await emitEvent(ctx, tx, {
      tenantId: endpoint.tenantId,
      type: 'webhook.endpoint_disabled',
      data: { endpoint: { id: endpoint.id, url: endpoint.url, reason } },
    });
    const admins = await tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, endpoint.tenantId), eq(memberships.role, 'tenant_admin')));
    for (const admin of admins) {
      await outboxNotification(tx, {
        tenantId: endpoint.tenantId,
        kind: 'webhook_disabled',
        toEmail: admin.email,
        subject: 'An IRIS webhook endpoint was disabled',
        text: `IRIS stopped sending events to ${endpoint.url} (${endpoint.id}): ${reason}.\nFix the receiver, then enable the endpoint again and replay what it missed.`,
      });
    }
  });
}
