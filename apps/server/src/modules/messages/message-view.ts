import type { MessageChannel } from '../../channels/channel';
import type { messages } from './messages.schema';

export type MessageRow = typeof messages.$inferSelect;

const price = (row: MessageRow) =>
  row.priceMicros !== null && row.currency ? { amountMicros: row.priceMicros, currency: row.currency } : null;

/** The message as events carry it (MessageEventDataSchema). */
export function messageEventData(row: MessageRow) {
  return {
    message: {
      id: row.id,
      channel: row.channel as MessageChannel,
      direction: row.direction,
      status: row.status,
      from: row.from,
      to: row.to,
      body: row.body,
      segments: row.segments,
      provider: row.provider,
      errorCode: row.errorCode,
      errorMessage: row.errorMessage,
      price: price(row),
      metadata: row.metadata,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    },
  };
}

/** The API resource: the event shape plus encoding, media, schedule, history and routing decisions. */
export function messageResource(row: MessageRow) {
  return {
    ...messageEventData(row).message,
    subject: row.subject,
    media: row.media,
    template: row.template,
    encoding: row.encoding as 'GSM-7' | 'UCS-2' | null,
    providerMessageId: row.providerMessageId,
    statusCallback: row.statusCallback,
    sendAt: row.sendAt?.toISOString() ?? null,
    validUntil: row.validUntil?.toISOString() ?? null,
    history: row.history,
    routing: row.routing,
  };
}
