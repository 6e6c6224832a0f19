import type { MessageChannel } from '../../channels/channel';
import type { EventBus } from '../../platform/bus/event-bus';

/** Live updates for the simulator page. The bus may drop them: the simulator's lists come from the database. */
export type FeedItem =
  | {
      type: 'device.received' | 'device.sent';
      at: string;
      deviceId: string;
      trafficId: string;
      messageId: string;
      channel: string;
      from: string;
      to: string;
      body: string | null;
      media: string[];
    }
  | { type: 'message.status'; at: string; messageId: string; providerMessageId: string; status: string };

export const feedSubject = (tenantId: string) => `tenant.${tenantId}.sandbox`;

export async function publishFeed(bus: EventBus, tenantId: string, item: FeedItem) {
  await bus.publish(feedSubject(tenantId), item);
}

export type DeviceKind = 'phone' | 'email' | 'chat';

export function deviceKindOf(channel: MessageChannel): DeviceKind {
  if (channel === 'sms' || channel === 'mms' || channel === 'whatsapp') return 'phone';
  return channel === 'email' ? 'email' : 'chat';
}
