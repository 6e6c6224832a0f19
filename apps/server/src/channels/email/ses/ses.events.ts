import type { StatusUpdate } from '../../channel';
import type { EmailEngagementEvent, ParsedEmailEvents } from '../email-provider';
import { parsedEmailEvents } from '../email-provider';
import type { SesEvent, SnsMessage } from './ses.schema';
import { SesEventSchema } from './ses.schema';

type Draft = Omit<EmailEngagementEvent, 'provider' | 'providerMessageId' | 'eventKey'>;

/**
 * One SES event record (the Message of an SNS notification) → our events, one per recipient it
 * names. Keys are the SNS MessageId (kept by SNS across its retries) plus the recipient.
 */
export function mapSesNotification(instanceId: string, notification: SnsMessage): ParsedEmailEvents {
  const event = SesEventSchema.parse(JSON.parse(notification.Message));
  const providerMessageId = event.mail.messageId;
  const keyed = (draft: Draft): EmailEngagementEvent => ({
    ...draft,
    provider: instanceId,
    providerMessageId,
    eventKey: `${instanceId}:${notification.MessageId}:${draft.recipient}`,
  });
  const kind = event.eventType ?? event.notificationType ?? '';
  if (kind === 'Reject' || kind === 'Rendering Failure') {
    const failed: StatusUpdate = {
      provider: instanceId,
      providerMessageId,
      status: 'failed',
      eventKey: `${instanceId}:${notification.MessageId}`,
      occurredAt: new Date(notification.Timestamp),
      errorCode: kind === 'Reject' ? 'rejected' : 'rendering_failed',
      errorMessage: event.reject?.reason ?? event.failure?.errorMessage,
    };
    return parsedEmailEvents([], [failed]);
  }
  return parsedEmailEvents(draftsOf(kind, event).map(keyed));
}

const lower = (address: string) => address.toLowerCase();

function draftsOf(kind: string, event: SesEvent): Draft[] {
  // Opens, clicks and subscription changes name no recipient: the message's own (one per send here).
  const destination = event.mail.destination.map(lower);
  switch (kind) {
    case 'Delivery': {
      const at = new Date(event.delivery!.timestamp);
      return event.delivery!.recipients.map((r) => ({
        type: 'delivered',
        recipient: lower(r),
        occurredAt: at,
      }));
    }
    case 'Bounce': {
      const bounce = event.bounce!;
      // Permanent: the address is dead. Transient/Undetermined: SES gave up for now — a soft bounce.
      const bounceType = bounce.bounceType === 'Permanent' ? 'hard' : 'soft';
      return bounce.bouncedRecipients.map((r) => ({
        type: 'bounced',
        bounceType,
        recipient: lower(r.emailAddress),
        occurredAt: new Date(bounce.timestamp),
        reason: r.diagnosticCode ?? `${bounce.bounceType}/${bounce.bounceSubType ?? ''}`,
      }));
    }
    case 'Complaint':
      return event.complaint!.complainedRecipients.map((r) => ({
        type: 'complained',
        recipient: lower(r.emailAddress),
        occurredAt: new Date(event.complaint!.timestamp),
      }));
    case 'DeliveryDelay':
      return event.deliveryDelay!.delayedRecipients.map((r) => ({
        type: 'deferred',
        recipient: lower(r.emailAddress),
        occurredAt: new Date(event.deliveryDelay!.timestamp),
        reason: r.diagnosticCode ?? event.deliveryDelay!.delayType,
      }));
    case 'Open':
      return destination.map((recipient) => ({
        type: 'opened',
        recipient,
        occurredAt: new Date(event.open!.timestamp),
        ...(event.open!.userAgent ? { userAgent: event.open!.userAgent } : {}),
        ...(event.open!.ipAddress ? { ip: event.open!.ipAddress } : {}),
      }));
    case 'Click':
      return destination.map((recipient) => ({
        type: 'clicked',
        recipient,
        occurredAt: new Date(event.click!.timestamp),
        ...(event.click!.link ? { url: event.click!.link } : {}),
        ...(event.click!.userAgent ? { userAgent: event.click!.userAgent } : {}),
        ...(event.click!.ipAddress ? { ip: event.click!.ipAddress } : {}),
      }));
    case 'Subscription':
      return destination.map((recipient) => ({
        type: 'unsubscribed',
        recipient,
        occurredAt: new Date(event.subscription!.timestamp),
      }));
    default:
      // Send (the API answer said so), and anything SES adds later.
      return [];
  }
}
