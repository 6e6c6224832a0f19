import type { ChannelProvider, RawWebhook, StatusUpdate } from '../channel';

export const EMAIL_ENGAGEMENT_TYPES = [
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
  'deferred',
] as const;
export type EmailEngagementType = (typeof EMAIL_ENGAGEMENT_TYPES)[number];

/** One provider event about one recipient of one sent email, in our words (CONVENTIONS §8). */
export type EmailEngagementEvent = {
  /** The provider instance id (the message's `provider`). */
  provider: string;
  providerMessageId: string;
  /** Same event delivered twice → same key (namespaced by the instance, so unique across providers). */
  eventKey: string;
  type: EmailEngagementType;
  bounceType?: 'hard' | 'soft';
  url?: string;
  userAgent?: string;
  ip?: string;
  recipient: string;
  occurredAt: Date;
  reason?: string;
};

/**
 * The one adapter contract for email senders. Besides status webhooks, an email provider's event
 * webhook carries engagement (opens, clicks, complaints…): `parseEngagementWebhook` verifies the
 * request like `parseStatusWebhook` does and returns those. Both may be called on the same request:
 * verification is repeatable (a Mailgun token seen again with the same body is a redelivery).
 */
export type EmailProvider = ChannelProvider<'email'> & {
  parseEngagementWebhook?(request: RawWebhook): Promise<EmailEngagementEvent[]>;
};

/**
 * What a provider event means for the message's status: delivered → delivered; a bounce (final for
 * that message) → undelivered with `bounced_hard`/`bounced_soft`; deferred → still sent. Opens,
 * clicks, complaints and unsubscribes say nothing new about delivery.
 */
export function statusUpdateOf(event: EmailEngagementEvent): StatusUpdate | undefined {
  const base = {
    provider: event.provider,
    providerMessageId: event.providerMessageId,
    eventKey: event.eventKey,
    occurredAt: event.occurredAt,
  };
  switch (event.type) {
    case 'delivered':
      return { ...base, status: 'delivered' };
    case 'bounced':
      return {
        ...base,
        status: 'undelivered',
        errorCode: event.bounceType === 'soft' ? 'bounced_soft' : 'bounced_hard',
        errorMessage: event.reason,
      };
    case 'deferred':
      return { ...base, status: 'sent' };
    default:
      return undefined;
  }
}

/** A provider's event webhook, parsed once: the engagement events and every status update (including status-only ones such as drops). */
export type ParsedEmailEvents = { engagement: EmailEngagementEvent[]; statuses: StatusUpdate[] };

/** Builds the parsed result from engagement events plus status-only updates (drops, rejections). */
export function parsedEmailEvents(
  engagement: EmailEngagementEvent[],
  statusOnly: StatusUpdate[] = [],
): ParsedEmailEvents {
  const statuses = engagement.map(statusUpdateOf).filter((s): s is StatusUpdate => s !== undefined);
  return { engagement, statuses: [...statuses, ...statusOnly] };
}
