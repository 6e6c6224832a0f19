import { verify } from 'node:crypto';
import type { RawWebhook, StatusUpdate } from '../../channel';
import type { EmailEngagementEvent, ParsedEmailEvents } from '../email-provider';
import { parsedEmailEvents } from '../email-provider';
import { publicKeyFrom } from '../shared/public-key';
import { invalidSignature } from '../shared/webhook-auth';
import { type SendgridEvent, SendgridEventsSchema } from './sendgrid.schema';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/**
 * SendGrid's signed webhooks (Event Webhook, and Inbound Parse with a security policy): ECDSA
 * P-256/SHA-256 over `timestamp + raw body`, base64 DER signature in the header.
 */
export function verifySendgridSignature(
  request: RawWebhook,
  publicKey: string | undefined,
  bytes?: Uint8Array,
) {
  if (!publicKey) throw invalidSignature('sendgrid', 'no verification key is configured');
  const signature = request.headers.get(SIGNATURE_HEADER);
  const timestamp = request.headers.get(TIMESTAMP_HEADER);
  if (!signature || !timestamp) throw invalidSignature('sendgrid', 'signature headers missing');
  const signed = Buffer.concat([
    Buffer.from(timestamp),
    bytes ? Buffer.from(bytes) : Buffer.from(request.body),
  ]);
  let ok = false;
  try {
    ok = verify('sha256', signed, publicKeyFrom(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw invalidSignature('sendgrid', 'signature does not verify');
}

/** `sg_message_id` is the send's X-Message-Id followed by `.filter…` routing data. */
const messageIdOf = (event: SendgridEvent) => (event.sg_message_id ?? '').split('.')[0] ?? '';

/** Verifies and maps an Event Webhook batch to our engagement events and status updates. */
export function parseSendgridEvents(
  instanceId: string,
  publicKey: string | undefined,
  request: RawWebhook,
): ParsedEmailEvents {
  verifySendgridSignature(request, publicKey);
  const events = SendgridEventsSchema.parse(JSON.parse(request.body));
  const engagement: EmailEngagementEvent[] = [];
  const statusOnly: StatusUpdate[] = [];
  for (const event of events) {
    const providerMessageId = messageIdOf(event);
    if (!providerMessageId) continue;
    const base = {
      provider: instanceId,
      providerMessageId,
      eventKey: `${instanceId}:${event.sg_event_id}`,
      recipient: event.email.toLowerCase(),
      occurredAt: new Date(event.timestamp * 1000),
    };
    const type = engagementTypeOf(event);
    if (type) engagement.push({ ...base, ...type });
    else if (event.event === 'dropped')
      statusOnly.push({
        ...base,
        status: 'failed',
        errorCode: 'dropped',
        errorMessage: event.reason,
      });
  }
  return parsedEmailEvents(engagement, statusOnly);
}

type Mapped = Pick<EmailEngagementEvent, 'type' | 'bounceType' | 'reason' | 'url' | 'userAgent' | 'ip'>;

function engagementTypeOf(event: SendgridEvent): Mapped | undefined {
  const client = {
    ...(event.useragent ? { userAgent: event.useragent } : {}),
    ...(event.ip ? { ip: event.ip } : {}),
  };
  switch (event.event) {
    case 'delivered':
      return { type: 'delivered' };
    case 'deferred':
      return { type: 'deferred', ...(event.response ? { reason: event.response } : {}) };
    case 'bounce':
      // `type: blocked` is SendGrid's soft bounce (the receiver refused for now), `bounce` a hard one.
      return {
        type: 'bounced',
        bounceType: event.type === 'blocked' ? 'soft' : 'hard',
        ...(event.reason ? { reason: event.reason } : {}),
      };
    case 'open':
      return { type: 'opened', ...client };
    case 'click':
      return { type: 'clicked', ...(event.url ? { url: event.url } : {}), ...client };
    case 'spamreport':
      return { type: 'complained' };
    case 'unsubscribe':
    case 'group_unsubscribe':
      return { type: 'unsubscribed' };
    default:
      // processed (queued: the send response said so), dropped (status only), group_resubscribe, account events.
      return undefined;
  }
}
