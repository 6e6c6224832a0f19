import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { MessageChannel } from '../../channels/channel';
import type { Db, Tx } from '../../platform/db/database';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import { numbers } from './numbers.schema';

export type Sender = typeof numbers.$inferSelect;

const fieldError = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, { details: { errors: [{ path, message }] } });

/** Email may come from an address the tenant owns or any address at a domain it owns. */
function emailCandidates(address: string) {
  const domain = address.split('@')[1] ?? '';
  return [address, domain];
}

/**
 * The sender of an outbound message: `from` if the tenant owns it and it carries the channel;
 * otherwise one of `senderPool` (sticky per recipient, so a conversation keeps its number); with
 * neither, the tenant's first sender for the channel (every tenant has its sandbox ones).
 */
export async function resolveSender(
  tenant: TenantScope,
  input: { channel: MessageChannel; from?: string; senderPool?: string[]; to: string },
): Promise<{ sender: Sender; address: string }> {
  const capable = sql`${input.channel} = any(${numbers.capabilities})`;
  if (input.from) {
    const addresses = input.channel === 'email' ? emailCandidates(input.from) : [input.from];
    const rows = await tenant.select(numbers, and(capable, inArray(numbers.address, addresses)));
    if (!rows[0]) throw fieldError('from', `is not one of your senders for ${input.channel}`);
    return { sender: rows[0], address: input.from };
  }
  const all = await tenant.select(numbers, capable, { orderBy: asc(numbers.id) });
  const pool = input.senderPool ? all.filter((n) => input.senderPool!.includes(n.address)) : all;
  if (input.senderPool && pool.length !== new Set(input.senderPool).size)
    throw fieldError('senderPool', `names an address that is not one of your senders for ${input.channel}`);
  if (pool.length === 0) throw fieldError('from', `you have no sender for ${input.channel}`);
  const usable = pool.filter((n) => n.kind !== 'email_domain');
  if (usable.length === 0) throw fieldError('from', 'name the address to send from at your email domain');
  let hash = 0;
  for (const char of input.to) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const sender = usable[hash % usable.length]!;
  return { sender, address: sender.address };
}

/** Inbound: the sender (and so the tenant) a number or address belongs to, across all tenants. */
export async function findRoutableSender(db: Db | Tx, address: string): Promise<Sender | undefined> {
  const [row] = await db
    .select()
    .from(numbers)
    .where(
      and(
        eq(numbers.address, address),
        sql`${numbers.kind} in ('phone_number', 'email_address', 'channel_account')`,
      ),
    );
  return row;
}
