import type { RawWebhook, StatusUpdate } from '../../channel';
import { bareMessageId } from '../email-content';
import { type EmailEngagementEvent, type ParsedEmailEvents, parsedEmailEvents } from '../email-provider';
import { invalidSignature, sha256Hex } from '../shared/webhook-auth';
import { type MailgunEventData, MailgunWebhookSchema } from './mailgun.schema';
import type { createMailgunVerifier } from './mailgun.signature';

type Verify = ReturnType<typeof createMailgunVerifier>;

/** Verifies and maps one event webhook (Mailgun posts one event per request). */
export function parseMailgunEvents(
  instanceId: string,
  verify: Verify,
  request: RawWebhook,
): ParsedEmailEvents {
  let payload: ReturnType<typeof MailgunWebhookSchema.parse>;
  try {
    payload = MailgunWebhookSchema.parse(JSON.parse(request.body));
  } catch {
    // No signature block we can read: nothing verifies.
    throw invalidSignature('mailgun', 'no readable signature block');
  }
  verify(payload.signature, sha256Hex(request.body));
  const data = payload['event-data'];
  const providerMessageId = bareMessageId(data.message?.headers?.['message-id'] ?? '');
  if (!providerMessageId) return parsedEmailEvents([]);
  const base = {
    provider: instanceId,
    providerMessageId,
    eventKey: `${instanceId}:${data.id}`,
    recipient: (data.recipient ?? '').toLowerCase(),
    occurredAt: new Date(data.timestamp * 1000),
  };
  const mapped = engagementOf(data);
  if (mapped) return parsedEmailEvents([{ ...base, ...mapped }]);
  if (data.event === 'rejected') {
    const rejected: StatusUpdate = {
      ...base,
      status: 'failed',
      errorCode: 'rejected',
      errorMessage: reasonOf(data),
    };
    return parsedEmailEvents([], [rejected]);
  }
  return parsedEmailEvents([]);
}

const reasonOf = (data: MailgunEventData) =>
  data['delivery-status']?.description || data['delivery-status']?.message || data.reason || undefined;

type Mapped = Pick<EmailEngagementEvent, 'type' | 'bounceType' | 'reason' | 'url' | 'userAgent' | 'ip'>;

function engagementOf(data: MailgunEventData): Mapped | undefined {
  const client = {
    ...(data['client-info']?.['user-agent'] ? { userAgent: data['client-info']['user-agent'] } : {}),
    ...(data.ip ? { ip: data.ip } : {}),
  };
  const reason = reasonOf(data);
  switch (data.event) {
    case 'delivered':
      return { type: 'delivered' };
    case 'failed':
      // `temporary`: Mailgun will try again (a deferral); `permanent`: it gave up — a hard bounce.
      if (data.severity === 'temporary') return { type: 'deferred', ...(reason ? { reason } : {}) };
      return { type: 'bounced', bounceType: 'hard', ...(reason ? { reason } : {}) };
    case 'opened':
      return { type: 'opened', ...client };
    case 'clicked':
      return { type: 'clicked', ...(data.url ? { url: data.url } : {}), ...client };
    case 'complained':
      return { type: 'complained' };
    case 'unsubscribed':
      return { type: 'unsubscribed' };
    default:
      // accepted (the send said so), rejected (status only), stored, list events.
      return undefined;
  }
}
