import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import type { MessageChannel } from '../../channels/channel';
import { newId } from '../../platform/db/ids';
import { createTenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import { receiveInbound } from '../messages/receive-inbound';
import { numbers } from '../numbers/numbers.schema';
import { sandboxTraffic } from './sandbox.schema';
import { ensureDevice } from './sandbox-devices';
import { deviceKindOf, publishFeed } from './sandbox-feed';

type Input = { channel: MessageChannel; from: string; to: string; body?: string; media: string[] };

/**
 * A virtual device sends to one of the tenant's sandbox numbers or addresses: the message enters the
 * same inbound pipeline a carrier's webhook feeds (keywords, hooks, events) for this tenant.
 */
export async function sendFromDevice(
  ctx: Pick<AppContext, 'db' | 'jobs' | 'bus' | 'messaging'>,
  tenantId: string,
  input: Input,
) {
  const result = await ctx.db.transaction(async (tx) => {
    const tenant = createTenantScope(tx, tenantId);
    const [owner] = await tenant.select(
      numbers,
      and(
        eq(numbers.address, input.to),
        eq(numbers.provider, 'sandbox'),
        sql`${input.channel} = any(${numbers.capabilities})`,
      ),
    );
    if (!owner)
      throw new AppError(
        'validation_failed',
        `to: ${input.to} is not one of your sandbox senders for ${input.channel}`,
        {
          details: {
            errors: [{ path: 'to', message: `is not one of your sandbox senders for ${input.channel}` }],
          },
        },
      );
    const device = await ensureDevice(tx, tenantId, deviceKindOf(input.channel), input.from);
    const received = await receiveInbound(
      ctx,
      tx,
      {
        provider: 'sandbox',
        providerMessageId: newId('sbx_in'),
        channel: input.channel,
        from: input.from,
        to: input.to,
        body: input.body ?? null,
        media: input.media,
        receivedAt: new Date(),
      },
      { owner },
    );
    const message = received!.duplicate ? undefined : received!.message;
    const [traffic] = await tx
      .insert(sandboxTraffic)
      .values({
        id: newId('sbt'),
        tenantId,
        deviceId: device.id,
        messageId: message!.id,
        direction: 'from_device',
        channel: input.channel,
        from: input.from,
        to: input.to,
        body: input.body ?? null,
        media: input.media,
      })
      .returning();
    return {
      message: message!,
      traffic: traffic!,
      keyword: received!.duplicate ? undefined : received!.keyword,
    };
  });
  await publishFeed(ctx.bus, tenantId, {
    type: 'device.sent',
    at: result.traffic.createdAt.toISOString(),
    deviceId: result.traffic.deviceId,
    trafficId: result.traffic.id,
    messageId: result.message.id,
    channel: input.channel,
    from: input.from,
    to: input.to,
    body: input.body ?? null,
    media: input.media,
  });
  return result;
}
