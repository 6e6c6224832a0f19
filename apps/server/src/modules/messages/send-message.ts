import type { MessageChannel } from '../../channels/channel';
import { smsSegments } from '../../channels/sms/sms-segments';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { createTenantScope, type TenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import type { JobQueue } from '../../platform/jobs/job';
import { emitEvent } from '../events/emit-event';
import { resolveSender } from '../numbers/find-sender';
import { isOptedOut } from '../opt-outs/is-opted-out';
import { messageEventData } from './message-view';
import { messages } from './messages.schema';
import { SEND_MESSAGE } from './send-message.job-spec';
import type { SendMessageInput } from './send-message.schema';

const OPT_OUT_CHANNELS = new Set<MessageChannel>(['sms', 'mms', 'whatsapp']);

/**
 * Accepts an outbound message on the caller's transaction: resolves the sender, refuses opted-out
 * recipients, computes SMS encoding and segments, stores it `queued` (or `scheduled`) and enqueues
 * its send — all or nothing, so an accepted message is never lost and never half-created.
 * `content` is the channel's own content, already validated by the channel's endpoint.
 */
export async function createOutboundMessage(
  ctx: { jobs: JobQueue },
  tx: Tx,
  tenantId: string,
  input: SendMessageInput,
  options: { allowOptedOut?: boolean; content?: Record<string, unknown> } = {},
) {
  const tenant: TenantScope = createTenantScope(tx, tenantId);
  const { address } = await resolveSender(tenant, input);
  if (
    !options.allowOptedOut &&
    OPT_OUT_CHANNELS.has(input.channel) &&
    (await isOptedOut(tx, tenantId, address, input.to))
  )
    throw new AppError(
      'recipient_opted_out',
      `${input.to} has opted out of messages from ${address} (they texted STOP)`,
    );

  const now = new Date();
  const sendAt = input.sendAt ? new Date(input.sendAt) : undefined;
  const scheduled = sendAt !== undefined && sendAt.getTime() > now.getTime() + 1000;
  const status = scheduled ? 'scheduled' : 'queued';
  const sms = input.channel === 'sms' ? smsSegments(input.body ?? '') : undefined;
  const [row] = await tenant.insert(messages, {
    id: newId('msg'),
    channel: input.channel,
    direction: 'outbound',
    status,
    from: address,
    to: input.to,
    body: input.body ?? null,
    subject: input.subject ?? null,
    media: input.media,
    template: input.template ?? null,
    content: options.content ?? {},
    metadata: input.metadata,
    encoding: sms?.encoding ?? null,
    segments: sms ? Math.max(1, sms.segments) : input.channel === 'mms' ? 1 : null,
    provider: null,
    statusCallback: input.statusCallback ?? null,
    sendAt: sendAt ?? null,
    validUntil: input.validityPeriod
      ? new Date((sendAt ?? now).getTime() + input.validityPeriod * 1000)
      : null,
    history: [{ status, at: now.toISOString(), source: 'api' }],
  });
  if (!scheduled)
    await emitEvent(ctx, tx, {
      tenantId,
      type: 'message.queued',
      data: messageEventData(row!),
      callbackUrl: row!.statusCallback ?? undefined,
    });
  await ctx.jobs.enqueue(
    SEND_MESSAGE,
    { messageId: row!.id },
    { tx, startAfter: scheduled ? sendAt : undefined },
  );
  return row!;
}
