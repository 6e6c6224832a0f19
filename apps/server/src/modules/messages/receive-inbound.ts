import type { InboundMessage, MessageChannel } from '../../channels/channel';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { JobQueue } from '../../platform/jobs/job';
import { emitEvent } from '../events/emit-event';
import { findRoutableSender, type Sender } from '../numbers/find-sender';
import { applyKeyword } from '../opt-outs/apply-keyword';
import { messageEventData } from './message-view';
import { messages } from './messages.schema';
import type { Messaging } from './messaging';
import { recordUsage } from './record-usage';
import { createOutboundMessage } from './send-message';
import { enqueueInboundMedia } from './store-inbound-media';

type Deps = { jobs: JobQueue; messaging: Messaging };

const KEYWORD_CHANNELS = new Set<MessageChannel>(['sms', 'mms', 'whatsapp']);

/**
 * The inbound pipeline, on the caller's transaction: number lookup → tenant → stored (`inbound`,
 * `received`) → opt-out keywords → conversation hooks → `message.received`. A provider message id
 * seen before is a redelivery and is dropped. Returns undefined when no tenant owns `to`.
 */
export async function receiveInbound(deps: Deps, tx: Tx, inbound: InboundMessage, known?: { owner: Sender }) {
  const owner = known?.owner ?? (await findRoutableSender(tx, inbound.to));
  if (!owner) return undefined;
  const [row] = await tx
    .insert(messages)
    .values({
      id: newId('msg'),
      tenantId: owner.tenantId,
      channel: inbound.channel,
      direction: 'inbound',
      status: 'received',
      from: inbound.from,
      to: inbound.to,
      body: inbound.body,
      media: inbound.media,
      subject: inbound.subject ?? null,
      content: inbound.content ?? {},
      provider: inbound.provider,
      providerMessageId: inbound.providerMessageId,
      segments: inbound.channel === 'sms' || inbound.channel === 'mms' ? 1 : null,
      history: [{ status: 'received', at: inbound.receivedAt.toISOString(), source: 'inbound' }],
      createdAt: inbound.receivedAt,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return { duplicate: true as const, tenantId: owner.tenantId };

  await recordUsage(tx, row);
  await enqueueInboundMedia(deps, tx, row);
  await emitEvent(deps, tx, {
    tenantId: owner.tenantId,
    type: 'message.received',
    data: messageEventData(row),
  });
  for (const hook of deps.messaging.inboundHooks) await hook(tx, row);

  if (KEYWORD_CHANNELS.has(inbound.channel)) {
    const keyword = await applyKeyword(tx, {
      tenantId: owner.tenantId,
      sender: inbound.to,
      recipient: inbound.from,
      body: inbound.body,
    });
    if (keyword.reply) {
      // The HELP answer is a compliance reply: it goes out even to a recipient who opted out.
      await createOutboundMessage(
        deps,
        tx,
        owner.tenantId,
        {
          channel: inbound.channel,
          from: inbound.to,
          to: inbound.from,
          body: keyword.reply,
          media: [],
          metadata: { autoReply: 'help' },
        },
        { allowOptedOut: true },
      );
    }
    return { duplicate: false as const, tenantId: owner.tenantId, message: row, keyword: keyword.action };
  }
  return { duplicate: false as const, tenantId: owner.tenantId, message: row, keyword: undefined };
}
