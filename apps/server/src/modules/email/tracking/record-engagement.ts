import type { Tx } from '../../../platform/db/database';
import { newId } from '../../../platform/db/ids';
import type { JobQueue } from '../../../platform/jobs/job';
import { emitEvent } from '../../events/emit-event';
import type { MessageRow } from '../../messages/message-view';
import { type EngagementType, emailEvents, type SuppressionReason } from '../email.schema';
import { suppressAddress } from '../suppression/suppressions';
import { describeUserAgent } from './describe-user-agent';

export type Engagement = {
  type: EngagementType;
  /** The same happening reported twice has the same key: recorded (and emitted) once. */
  eventKey: string;
  /** `tracking` (our pixel, links, unsubscribe page) or the provider instance. */
  source: string;
  recipient: string;
  occurredAt: Date;
  url?: string;
  bounceType?: 'hard' | 'soft';
  reason?: string;
  userAgent?: string;
  ip?: string;
};

/** What puts an address on the suppression list by itself. Soft bounces do not: they are temporary. */
function suppressionOf(engagement: Engagement): SuppressionReason | undefined {
  if (engagement.type === 'bounced' && engagement.bounceType !== 'soft') return 'hard_bounce';
  if (engagement.type === 'complained') return 'complaint';
  if (engagement.type === 'unsubscribed') return 'unsubscribe';
  return undefined;
}

/**
 * Records one engagement event of a sent email on the caller's transaction, once per event key:
 * stored (with device and client from the user agent), emitted as `email.<type>`, and hard bounces,
 * complaints and unsubscribes suppress the recipient. Returns false for a repeat.
 */
export async function recordEngagement(
  deps: { jobs: JobQueue },
  tx: Tx,
  message: Pick<MessageRow, 'id' | 'tenantId' | 'from' | 'subject'>,
  engagement: Engagement,
) {
  const agent =
    engagement.type === 'opened' || engagement.type === 'clicked'
      ? describeUserAgent(engagement.userAgent)
      : undefined;
  const [row] = await tx
    .insert(emailEvents)
    .values({
      id: newId('eev'),
      tenantId: message.tenantId,
      messageId: message.id,
      type: engagement.type,
      eventKey: engagement.eventKey,
      source: engagement.source,
      recipient: engagement.recipient.toLowerCase(),
      url: engagement.url ?? null,
      bounceType: engagement.bounceType ?? null,
      reason: engagement.reason ?? null,
      userAgent: engagement.userAgent?.slice(0, 1000) ?? null,
      device: agent?.device ?? null,
      client: agent?.client ?? null,
      os: agent?.os ?? null,
      ip: engagement.ip ?? null,
      occurredAt: engagement.occurredAt,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return false;

  await emitEvent(deps, tx, {
    tenantId: message.tenantId,
    type: `email.${engagement.type}`,
    data: {
      email: {
        messageId: message.id,
        from: message.from,
        to: engagement.recipient,
        subject: message.subject,
        ...(engagement.url ? { url: engagement.url } : {}),
        ...(engagement.bounceType ? { bounceType: engagement.bounceType } : {}),
        ...(engagement.reason ? { reason: engagement.reason } : {}),
        ...(engagement.userAgent ? { userAgent: engagement.userAgent } : {}),
        ...(agent ? { device: agent.device, client: agent.client } : {}),
      },
    },
  });
  const reason = suppressionOf(engagement);
  if (reason)
    await suppressAddress(tx, {
      tenantId: message.tenantId,
      address: engagement.recipient,
      reason,
      detail: engagement.reason ?? `${engagement.type} (${engagement.source})`,
      messageId: message.id,
    });
  return true;
}
