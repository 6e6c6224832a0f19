import type { RawWebhook } from '../../channel';
import type { EmailEngagementEvent, ParsedEmailEvents } from '../email-provider';
import { parsedEmailEvents } from '../email-provider';
import { hasBasicAuth, invalidSignature, sha256Hex } from '../shared/webhook-auth';
import type { PostmarkCredentials } from './postmark.schema';
import { type PostmarkRecord, PostmarkRecordSchema } from './postmark.schema';

export function checkPostmarkAuth(credentials: PostmarkCredentials, request: RawWebhook) {
  if (!hasBasicAuth(request.headers, credentials.webhookUsername, credentials.webhookPassword))
    throw invalidSignature('postmark', 'webhook credentials do not match');
}

/** Bounce types that say the address is dead; the others are temporary or not bounces at all. */
const HARD = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated', 'SpamNotification']);
const SOFT = new Set([
  'SoftBounce',
  'Transient',
  'DnsError',
  'Blocked',
  'DMARCPolicy',
  'Undeliverable',
  'Unknown',
]);

/**
 * Verifies (Basic auth) and maps one webhook record. Postmark has no event id, so the key is a hash
 * of what identifies the event (record type, message, recipient, time, link): a redelivery of the
 * same record hashes the same.
 */
export function parsePostmarkEvents(
  instanceId: string,
  credentials: PostmarkCredentials,
  request: RawWebhook,
): ParsedEmailEvents {
  checkPostmarkAuth(credentials, request);
  const record = PostmarkRecordSchema.parse(JSON.parse(request.body));
  const mapped = mappedOf(record);
  if (!mapped || !record.MessageID) return parsedEmailEvents([]);
  const recipient = (record.Recipient ?? record.Email ?? '').toLowerCase();
  const at = record.DeliveredAt ?? record.BouncedAt ?? record.ReceivedAt ?? record.ChangedAt;
  const identity = [
    record.RecordType,
    record.ID ?? '',
    record.MessageID,
    recipient,
    at ?? '',
    record.OriginalLink ?? '',
  ];
  const event: EmailEngagementEvent = {
    provider: instanceId,
    providerMessageId: record.MessageID,
    eventKey: `${instanceId}:${sha256Hex(identity.join('\n')).slice(0, 40)}`,
    recipient,
    occurredAt: at ? new Date(at) : new Date(),
    ...mapped,
  };
  return parsedEmailEvents([event]);
}

type Mapped = Pick<EmailEngagementEvent, 'type' | 'bounceType' | 'reason' | 'url' | 'userAgent'>;

function mappedOf(record: PostmarkRecord): Mapped | undefined {
  const userAgent = record.UserAgent ? { userAgent: record.UserAgent } : {};
  switch (record.RecordType) {
    case 'Delivery':
      return { type: 'delivered' };
    case 'Open':
      return { type: 'opened', ...userAgent };
    case 'Click':
      return { type: 'clicked', ...(record.OriginalLink ? { url: record.OriginalLink } : {}), ...userAgent };
    case 'SpamComplaint':
      return { type: 'complained' };
    case 'SubscriptionChange':
      // Only a suppression is an unsubscribe; a reactivation says nothing we track.
      return record.SuppressSending ? { type: 'unsubscribed' } : undefined;
    case 'Bounce': {
      const reason = record.Details || record.Description;
      const withReason = reason ? { reason } : {};
      if (record.Type === 'SpamComplaint') return { type: 'complained' };
      if (record.Type === 'Unsubscribe') return { type: 'unsubscribed' };
      if (HARD.has(record.Type ?? '') || (record.Inactive && !SOFT.has(record.Type ?? '')))
        return { type: 'bounced', bounceType: 'hard', ...withReason };
      if (SOFT.has(record.Type ?? '')) return { type: 'bounced', bounceType: 'soft', ...withReason };
      // AutoResponder, AddressChange, Subscribe, ChallengeVerification…: not bounces.
      return undefined;
    }
    default:
      return undefined;
  }
}
