import type { MessageChannel } from '../../channels/channel';
import { smsSegments } from '../../channels/sms/sms-segments';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { createTenantScope, type TenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import type { JobQueue } from '../../platform/jobs/job';
import { type EmailLinkDeps, prepareOutboundEmail } from '../email/send/prepare-outbound-email';
import { emitEvent } from '../events/emit-event';
import { resolveSender } from '../numbers/find-sender';
import { isOptedOut } from '../opt-outs/is-opted-out';
import { prepareWhatsAppSend } from '../whatsapp/prepare-whatsapp-send';
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
  ctx: { jobs: JobQueue } & EmailLinkDeps,
  tx: Tx,
  tenantId: string,
  input: SendMessageInput,
  options: { allowOptedOut?: boolean; content?: Record<string, unknown> } = {},
) {
  const tenant: TenantScope = createTenantScope(tx, tenantId);
  const { sender, address } = await resolveSender(tenant, input);
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
  const id = newId('msg');
  // Email: suppression, domain verification, template, Message-ID, tracking (modules/email).
  const email =
    input.channel === 'email'
      ? await prepareOutboundEmail(ctx, tx, {
          id,
          tenantId,
          input,
          sender,
          address,
          content: options.content,
        })
      : undefined;
  // WhatsApp: content, template checked against the synced template, 24-hour window (modules/whatsapp).
  const whatsapp =
    input.channel === 'whatsapp'
      ? await prepareWhatsAppSend(tx, {
          tenantId,
          sender,
          from: address,
          message: input,
          content: options.content,
        })
      : undefined;
  const [row] = await tenant.insert(messages, {
    id,
    channel: input.channel,
    direction: 'outbound',
    status,
    from: address,
    to: input.to,
    body: email ? email.body : (whatsapp?.body ?? input.body ?? null),
    subject: email ? email.subject : (input.subject ?? null),
    media: input.media,
    template: input.template ?? null,
    content: email?.content ?? whatsapp?.content ?? options.content ?? {},
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
