import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { classifyKeyword } from './opt-out-keywords';
import { optOutSettings, optOuts } from './opt-outs.schema';

export const DEFAULT_HELP_REPLY =
  'Reply STOP to unsubscribe, START to subscribe again. Msg&data rates may apply.';

/**
 * Acts on an inbound keyword, on the transaction storing the inbound message: STOP-words opt the
 * sender out (of that number, or of the tenant per its setting), START/UNSTOP opt back in (this
 * number and tenant-wide), HELP asks for the configured reply. Returns the reply to send, if any.
 */
export async function applyKeyword(
  tx: Tx,
  input: { tenantId: string; sender: string; recipient: string; body: string | null },
): Promise<{ action: ReturnType<typeof classifyKeyword>; reply?: string }> {
  const action = classifyKeyword(input.body);
  if (!action) return { action };
  const [settings] = await tx
    .select()
    .from(optOutSettings)
    .where(eq(optOutSettings.tenantId, input.tenantId));
  if (action === 'help') return { action, reply: settings?.helpReply ?? DEFAULT_HELP_REPLY };
  if (action === 'opt_out') {
    const sender = settings?.scope === 'tenant' ? '*' : input.sender;
    await tx
      .insert(optOuts)
      .values({
        id: newId('opt'),
        tenantId: input.tenantId,
        sender,
        recipient: input.recipient,
        keyword: input.body!.trim().toUpperCase(),
      })
      .onConflictDoNothing();
    return { action };
  }
  await tx
    .delete(optOuts)
    .where(
      and(
        eq(optOuts.tenantId, input.tenantId),
        eq(optOuts.recipient, input.recipient),
        inArray(optOuts.sender, [input.sender, '*']),
      ),
    );
  return { action };
}
