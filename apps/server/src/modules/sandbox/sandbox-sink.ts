import { randomInt } from 'node:crypto';
import type { AppContext } from '../../app-context';
import type { SandboxSink } from '../../channels/sandbox/sandbox-sink';
import { newId } from '../../platform/db/ids';
import { REPORT_SANDBOX_STATUS } from './report-sandbox-status.job';
import { sandboxTraffic } from './sandbox.schema';
import { ensureDevice } from './sandbox-devices';
import { deviceKindOf, publishFeed } from './sandbox-feed';

type Deps = Pick<AppContext, 'db' | 'jobs' | 'bus' | 'config'>;

/**
 * The device simulator's side of the sandbox provider: the message lands on the recipient's virtual
 * device (once, however often it is resent) and a carrier-like status report is scheduled on the same
 * transaction — `delivered`, or `undelivered` at the configured failure rate.
 */
export function createSandboxSink(deps: Deps): SandboxSink {
  return {
    async accept(message) {
      const { deliveryDelayMs, failureRate } = deps.config.messaging.sandbox;
      const traffic = await deps.db.transaction(async (tx) => {
        const device = await ensureDevice(tx, message.tenantId, deviceKindOf(message.channel), message.to);
        const [row] = await tx
          .insert(sandboxTraffic)
          .values({
            id: newId('sbt'),
            tenantId: message.tenantId,
            deviceId: device.id,
            messageId: message.messageId,
            direction: 'to_device',
            channel: message.channel,
            from: message.from,
            to: message.to,
            body: message.body,
            media: message.media,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) return undefined;
        const fails = failureRate > 0 && randomInt(1_000_000) < failureRate * 1_000_000;
        await deps.jobs.enqueue(
          REPORT_SANDBOX_STATUS,
          {
            tenantId: message.tenantId,
            messageId: message.messageId,
            providerMessageId: message.providerMessageId,
            status: fails ? 'undelivered' : 'delivered',
          },
          { tx, startAfter: new Date(Date.now() + deliveryDelayMs) },
        );
        return row;
      });
      if (traffic)
        await publishFeed(deps.bus, message.tenantId, {
          type: 'device.received',
          at: traffic.createdAt.toISOString(),
          deviceId: traffic.deviceId,
          trafficId: traffic.id,
          messageId: message.messageId,
          channel: message.channel,
          from: message.from,
          to: message.to,
          body: message.body,
          media: message.media,
        });
    },
  };
}
