import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { newId } from '../../platform/db/ids';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { numbers } from './numbers.schema';

export type ChannelAccount = typeof numbers.$inferSelect;

/**
 * A tenant's chat accounts (Slack workspaces, Discord applications, Telegram bots, Teams bots) are
 * senders of kind `channel_account`; the social module reaches them through these, not the table.
 */
const isAccount = (condition?: SQL) =>
  condition ? and(eq(numbers.kind, 'channel_account'), condition)! : eq(numbers.kind, 'channel_account');

export function pageChannelAccounts<V>(
  tenant: TenantScope,
  query: { limit: number; cursor?: string },
  view: (row: ChannelAccount) => V,
  channels: readonly string[],
) {
  const carries = or(...channels.map((channel) => sql`${channel} = any(${numbers.capabilities})`));
  return tenant.page(numbers, query, view, isAccount(carries));
}

export async function findChannelAccount(
  tenant: TenantScope,
  id: string,
): Promise<ChannelAccount | undefined> {
  const [row] = await tenant.select(numbers, isAccount(eq(numbers.id, id)));
  return row;
}

/** Adds the account; its address is unique across tenants (inbound finds the tenant by it): 409 if taken. */
export async function addChannelAccount(
  tenant: TenantScope,
  account: { channel: string; address: string; provider: string; label: string | null },
): Promise<ChannelAccount> {
  const [row] = await tenant.insert(numbers, {
    id: newId('num'),
    kind: 'channel_account',
    address: account.address,
    capabilities: [account.channel],
    provider: account.provider,
    label: account.label,
  });
  return row!;
}

export async function removeChannelAccount(tenant: TenantScope, id: string): Promise<boolean> {
  const removed = await tenant.delete(numbers, isAccount(eq(numbers.id, id)));
  return removed.length > 0;
}
