import type { AppContext } from '../../app-context';
import type { InboundMessage, RawWebhook } from '../../channels/channel';
import type { MetaWhatsAppProvider } from '../../channels/whatsapp/meta/meta.adapter';
import { type WebhookEnvelope, WebhookEnvelopeSchema } from '../../channels/whatsapp/meta/meta.schema';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import type { Logger } from '../../platform/logging/logger';
import { recordStatusUpdates } from '../messages/apply-status-updates';
import { receiveInbound } from '../messages/receive-inbound';
import { findRoutableSender } from '../numbers/find-sender';
import { applyTemplateStatus, metaProviders } from './sync-templates';

type Deps = Pick<AppContext, 'db' | 'jobs' | 'messaging'>;

const phoneNumberIdOf = (value: unknown) =>
  (value as { metadata?: { phone_number_id?: unknown } } | null)?.metadata?.phone_number_id;

/** The instances a webhook concerns: its business numbers (messages) and business accounts (templates). */
function concerned(providers: MetaWhatsAppProvider[], envelope: WebhookEnvelope) {
  return providers.filter((p) =>
    envelope.entry.some((entry) =>
      entry.changes.some((change) =>
        change.field === 'messages'
          ? phoneNumberIdOf(change.value) === p.meta.phoneNumberId
          : entry.id === p.meta.businessAccountId,
      ),
    ),
  );
}

function envelopeOf(body: string): WebhookEnvelope | undefined {
  try {
    const parsed = WebhookEnvelopeSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The tenant's WhatsApp number on this instance the message was sent to; none means nobody owns it here. */
async function ownerOf(tx: Tx, provider: string, message: InboundMessage) {
  const owner = await findRoutableSender(tx, message.to);
  const ours =
    owner?.kind === 'phone_number' && owner.provider === provider && owner.capabilities.includes('whatsapp');
  return ours ? owner : undefined;
}

/**
 * Meta's one webhook for a WhatsApp Business app (`POST /v1/whatsapp/webhook`). The instances it
 * concerns are found by the phone number ids (and business account ids) in the payload — or named
 * with `?instance=` — and the request must verify under each one's app secret (X-Hub-Signature-256
 * over the raw bytes) before anything is stored. Then: inbound messages to the inbound pipeline
 * (deduped by wamid), statuses to the status pipeline (deduped per wamid and status, never moving a
 * message backwards), template status updates to the synced templates.
 */
export async function receiveMetaWebhook(
  deps: Deps,
  raw: RawWebhook,
  options: { instance?: string; logger: Logger },
) {
  const all = metaProviders(deps);
  const envelope = envelopeOf(raw.body);
  const candidates = options.instance
    ? all.filter((p) => p.id === options.instance)
    : envelope
      ? concerned(all, envelope)
      : [];
  if (candidates.length === 0 || !candidates.every((p) => p.meta.verifySignature(raw)))
    throw new AppError('unauthorized', 'The webhook signature does not verify');
  if (!envelope)
    throw new AppError('bad_request', 'The webhook payload is not a WhatsApp Business Account notification');

  const result = { received: 0, duplicates: 0, statuses: 0, templates: 0 };
  for (const provider of candidates) {
    const parsed = provider.meta.parse(envelope);
    for (const error of parsed.errors)
      options.logger.warn({ provider: provider.id, error }, 'WhatsApp reported an account error');
    for (const message of parsed.inbound) {
      const outcome = await deps.db.transaction(async (tx) => {
        const owner = await ownerOf(tx, provider.id, message);
        return owner ? receiveInbound(deps, tx, message, { owner }) : undefined;
      });
      // Unowned numbers are acknowledged all the same: Meta would only retry for a week.
      if (!outcome)
        options.logger.warn(
          { provider: provider.id, to: message.to },
          'WhatsApp message to a number no tenant owns here',
        );
      else if (outcome.duplicate) result.duplicates++;
      else result.received++;
    }
    result.statuses += (await recordStatusUpdates(deps, parsed.statuses)).recorded;
    for (const update of parsed.templates)
      result.templates += await deps.db.transaction((tx) => applyTemplateStatus(deps, tx, update));
  }
  return result;
}

/** The subscription handshake (`GET /v1/whatsapp/webhook`): our verify token gets its challenge back. */
export function verifySubscription(
  deps: Pick<AppContext, 'messaging'>,
  query: { mode?: string; token?: string; challenge?: string; instance?: string },
) {
  const providers = metaProviders(deps).filter((p) => !query.instance || p.id === query.instance);
  const known = query.token !== undefined && providers.some((p) => p.meta.isVerifyToken(query.token!));
  if (query.mode !== 'subscribe' || !known || !query.challenge)
    throw new AppError('forbidden', 'The verify token does not match');
  return query.challenge;
}
