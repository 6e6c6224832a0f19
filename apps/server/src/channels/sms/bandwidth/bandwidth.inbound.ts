import { timingSafeEqual } from 'node:crypto';
import {
  type InboundMessage,
  ProviderError,
  type ProviderStatus,
  type RawWebhook,
  type StatusUpdate,
} from '../../channel';
import { BandwidthCallbackSchema, type BandwidthCredentials } from './bandwidth.schema';

/** Bandwidth's callbacks carry the application's callback credentials as HTTP Basic: no HMAC. */
export function verifyBandwidthCallback(id: string, credentials: BandwidthCredentials, request: RawWebhook) {
  const expected = Buffer.from(
    `Basic ${Buffer.from(`${credentials.callbackUsername}:${credentials.callbackPassword}`).toString('base64')}`,
  );
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new ProviderError(`${id}: missing or wrong callback credentials`, {
      retryable: false,
      code: 'invalid_signature',
    });
}

/** Bandwidth's event types for outbound messages, in our statuses. */
const STATUS: Record<string, ProviderStatus> = {
  // MMS only: Bandwidth is sending it.
  'message-sending': 'queued',
  'message-delivered': 'delivered',
  'message-failed': 'undelivered',
};

/** Bandwidth's delivery error codes as ours; others keep Bandwidth's number. */
const DELIVERY_ERRORS: Record<number, string> = {
  4301: 'invalid_content',
  4405: 'invalid_recipient',
  4432: 'destination_not_permitted',
  4434: 'destination_not_permitted',
  4470: 'carrier_filtered',
  4481: 'invalid_recipient',
  4720: 'invalid_recipient',
  4721: 'unreachable',
  4750: 'carrier_rejected',
  4770: 'carrier_filtered',
  4775: 'recipient_opted_out',
  5620: 'carrier_unknown_error',
};

function parseEvents(id: string, credentials: BandwidthCredentials, request: RawWebhook) {
  verifyBandwidthCallback(id, credentials, request);
  return BandwidthCallbackSchema.parse(JSON.parse(request.body));
}

export function parseBandwidthStatus(
  id: string,
  credentials: BandwidthCredentials,
  request: RawWebhook,
): StatusUpdate[] {
  return parseEvents(id, credentials, request).flatMap((event): StatusUpdate[] => {
    const status = STATUS[event.type];
    if (!status) return [];
    const code = event.errorCode;
    return [
      {
        provider: id,
        providerMessageId: event.message.id,
        status,
        // No event id: a message gets each event type at most once (delivered or failed, never both).
        eventKey: `${id}:${event.message.id}:${event.type}`,
        occurredAt: new Date(event.time),
        ...(status === 'undelivered'
          ? {
              errorCode:
                code !== undefined ? (DELIVERY_ERRORS[code] ?? `bandwidth_${code}`) : 'provider_undelivered',
              errorMessage: `Bandwidth error ${code ?? ''}: ${event.description ?? ''}`.trim(),
            }
          : {}),
      },
    ];
  });
}

export function parseBandwidthInbound(
  id: string,
  credentials: BandwidthCredentials,
  request: RawWebhook,
): InboundMessage[] {
  return parseEvents(id, credentials, request)
    .filter((event) => event.type === 'message-received')
    .map((event) => ({
      provider: id,
      providerMessageId: event.message.id,
      channel: event.message.media.length > 0 ? ('mms' as const) : ('sms' as const),
      from: event.message.from,
      // In a group message, `to` names which of our numbers this event is for.
      to: event.to ?? event.message.to[0] ?? '',
      body: event.message.text ?? null,
      media: event.message.media,
      receivedAt: new Date(event.message.time ?? event.time),
    }));
}
