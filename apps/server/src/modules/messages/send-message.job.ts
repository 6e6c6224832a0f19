import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { kindOf, type MessageChannel } from '../../channels/channel';
import type { RouteOutcome } from '../../channels/router/message-router';
import type { Tx } from '../../platform/db/database';
import { createTenantScope } from '../../platform/db/tenant-scope';
import { defineJob } from '../../platform/jobs/job';
import { resolveSender } from '../numbers/find-sender';
import { applyHeldReceipts, lockProviderMessage } from './apply-status-updates';
import type { MessageRow } from './message-view';
import { messages } from './messages.schema';
import { recordUsage } from './record-usage';
import { SEND_MESSAGE } from './send-message.job-spec';
import { tenantRoutingRules } from './tenant-routing-rules';
import { lockMessage, transitionMessage } from './transition-message';

/** Attempts (across crashes and retryable failures) before a message fails as undeliverable. */
export const MAX_SEND_ATTEMPTS = 8;

type Deps = Pick<AppContext, 'db' | 'jobs' | 'messaging' | 'config'>;

/**
 * Sends one message. Idempotent: it claims the message (queued → sending) in one transaction, calls
 * the router outside any transaction, and stores the outcome in another. A worker killed mid-send
 * leaves the message `sending`; the retried job sends again under the same idempotency key (our
 * message id), so the provider recognises the repeat. A message already past `sending` is left alone.
 */
export function sendMessageJob(deps: Deps) {
  return defineJob({
    ...SEND_MESSAGE,
    concurrency: 10,
    retryLimit: MAX_SEND_ATTEMPTS * 2,
    retryDelaySeconds: 2,
    // A killed worker's send is retried after this: longer than the slowest routing (three timeouts).
    expireInSeconds: Math.ceil((deps.config.messaging.providerTimeoutMs * 3) / 1000) + 5,
    async handler({ messageId }) {
      const claimed = await deps.db.transaction(async (tx) => {
        let row = await lockMessage(tx, messageId);
        if (!row) return undefined;
        if (row.status === 'scheduled')
          row = await transitionMessage(deps, tx, row, 'queued', { source: 'scheduler' });
        if (!row || (row.status !== 'queued' && row.status !== 'sending')) return undefined;
        // An attempt whose outcome was never stored died mid-send: the provider may hold the message,
        // so it is sent again under the same key rather than expired.
        const lastStored = Math.max(0, ...row.routing.map((d) => d.attempt ?? 0));
        const diedMidSend = row.status === 'sending' && row.attempts > lastStored;
        if (!diedMidSend && row.validUntil && row.validUntil.getTime() < Date.now()) {
          await fail(
            tx,
            row,
            'validity_period_expired',
            'The validity period ended before the message was sent',
          );
          return undefined;
        }
        if (row.attempts >= MAX_SEND_ATTEMPTS) {
          await fail(
            tx,
            row,
            'provider_unavailable',
            'No provider accepted the message after repeated attempts',
          );
          return undefined;
        }
        const set = { attempts: row.attempts + 1 };
        if (row.status === 'queued')
          return transitionMessage(deps, tx, row, 'sending', { source: 'worker', set });
        return (await tx.update(messages).set(set).where(eq(messages.id, row.id)).returning())[0];
      });
      if (!claimed) return;

      const outcome = await route(claimed);
      const retry = await deps.db.transaction(async (tx) => {
        if (outcome.ok) await lockProviderMessage(tx, outcome.provider, outcome.result.providerMessageId);
        const row = await lockMessage(tx, messageId);
        if (row?.status !== 'sending') return false;
        const routing = [...row.routing, ...outcome.decisions.map((d) => ({ ...d, attempt: row.attempts }))];
        if (outcome.ok) {
          const set = {
            routing,
            provider: outcome.provider,
            providerMessageId: outcome.result.providerMessageId,
            priceMicros: outcome.price?.amountMicros ?? null,
            currency: outcome.price?.currency ?? null,
          };
          const sent = await transitionMessage(deps, tx, row, 'sent', { source: 'router', set });
          await applyHeldReceipts(deps, tx, outcome.provider, outcome.result.providerMessageId);
          // Last: the tenant's usage row for the day is one row every send updates; its lock is held
          // until commit, so taking it last keeps concurrent sends from queueing behind each other.
          await recordUsage(tx, sent!);
          return false;
        }
        if (!outcome.retryable || row.attempts >= MAX_SEND_ATTEMPTS) {
          await transitionMessage(deps, tx, row, 'failed', {
            source: 'router',
            detail: outcome.message,
            set: { routing, errorCode: outcome.code, errorMessage: outcome.message },
          });
          return false;
        }
        await tx.update(messages).set({ routing, updatedAt: new Date() }).where(eq(messages.id, row.id));
        if (!outcome.ok && outcome.retryAfterMs !== undefined) {
          // Every candidate said when to come back (Retry-After): the next attempt is a job due then,
          // on this transaction, rather than pg-boss's backoff, which could come back sooner.
          // (A little later than asked: due exactly then, the job could find the hold not yet over.)
          const startAfter = new Date(Date.now() + outcome.retryAfterMs + 100);
          await deps.jobs.enqueue(SEND_MESSAGE, { messageId }, { tx, startAfter });
          return false;
        }
        return true;
      });
      // Every candidate failed retryably: pg-boss retries the job with exponential backoff.
      if (retry && !outcome.ok) throw new Error(`send of ${messageId} deferred: ${outcome.message}`);

      async function fail(tx: Tx, row: MessageRow, code: string, message: string) {
        await transitionMessage(deps, tx, row, 'failed', {
          source: 'worker',
          detail: message,
          set: { errorCode: code, errorMessage: message },
        });
      }
    },
  });

  async function route(row: MessageRow): Promise<RouteOutcome> {
    const channel = row.channel as MessageChannel;
    const tenant = createTenantScope(deps.db, row.tenantId);
    let sender: Awaited<ReturnType<typeof resolveSender>>['sender'];
    try {
      ({ sender } = await resolveSender(tenant, { channel, from: row.from ?? undefined, to: row.to }));
    } catch {
      const message = `The sender ${row.from} was released after the message was accepted`;
      return { ok: false, retryable: false, code: 'sender_unavailable', message, decisions: [] };
    }
    const target = { kind: kindOf(channel), channel, to: row.to, tenantId: row.tenantId };
    const message = {
      messageId: row.id,
      tenantId: row.tenantId,
      channel,
      from: row.from ?? sender.address,
      to: row.to,
      body: row.body,
      media: row.media,
      subject: row.subject,
      content: row.content,
      callbackBaseUrl: `${deps.config.http.publicUrl}/hooks/${target.kind}`,
    };
    const tenantRules = await tenantRoutingRules(deps.db, row.tenantId);
    return deps.messaging.router.send(
      message,
      target,
      row.segments ?? 1,
      // A chat account is one bot at one provider instance: no other instance can speak for it.
      // Nor can another instance send from a WhatsApp number (Meta binds it to one phone number id).
      sender.sandbox
        ? ['sandbox']
        : sender.kind === 'channel_account' || channel === 'whatsapp'
          ? [sender.provider]
          : undefined,
      tenantRules,
    );
  }
}
