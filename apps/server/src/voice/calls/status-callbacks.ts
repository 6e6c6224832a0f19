import type { AppContext } from '../../app-context';
import { type CallStatus, callbackEventOf } from '../../modules/calls/call-status';
import type { CallRow } from '../../modules/calls/calls.schema';
import { readVoiceSettings } from '../../modules/voice-settings/voice-settings';
import { callbackSecrets } from '../../modules/webhooks/callback-secret';
import { webhookHeaders } from '../../modules/webhooks/webhook-signature';
import { newId } from '../../platform/db/ids';
import type { Logger } from '../../platform/logging/logger';
import { twilioSignature } from './twilio-signature';

const ATTEMPTS = 3;
const TIMEOUT_MS = 5_000;

/** Twilio's status callback parameters for a call in `row`'s state. */
export function statusCallbackParams(row: CallRow, sequence: number): Record<string, string> {
  const params: Record<string, string> = {
    CallSid: row.id,
    AccountSid: row.tenantId,
    From: row.from,
    To: row.to,
    CallStatus: row.status,
    Direction: row.direction,
    ApiVersion: '2010-04-01',
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(sequence),
    Timestamp: new Date().toUTCString(),
  };
  if (row.parentCallId) params.ParentCallSid = row.parentCallId;
  if (row.durationSeconds !== null) params.CallDuration = String(row.durationSeconds);
  if (row.billableSeconds !== null) params.Duration = String(Math.ceil(row.billableSeconds / 60));
  if (row.hangupSipCode !== null) params.SipResponseCode = String(row.hangupSipCode);
  return params;
}

type SigningCtx = Pick<AppContext, 'db' | 'encryptor' | 'tenantSettings'>;

/**
 * A form POST to a tenant's callback URL as Twilio sends it: the form body, our Standard Webhooks
 * signature, and `X-Twilio-Signature` unless the tenant turned it off (`/v1/voice/settings`). Status
 * callbacks and recording status callbacks are signed by this one function.
 */
export async function signedCallbackRequest(
  ctx: SigningCtx,
  tenantId: string,
  url: string,
  params: Record<string, string>,
): Promise<{ headers: Record<string, string>; body: string }> {
  const body = new URLSearchParams(params).toString();
  const secrets = await callbackSecrets(ctx, tenantId);
  const settings = await readVoiceSettings(ctx.tenantSettings, tenantId);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(settings.twilioSignature
        ? { 'x-twilio-signature': twilioSignature(secrets[0]!, url, params) }
        : {}),
      ...webhookHeaders(secrets, newId('scb'), Math.floor(Date.now() / 1000), body),
    },
  };
}

/**
 * A call's status callbacks (initiated, ringing, answered, completed), sent by the voice node that
 * carries the call, one after another per call, so the tenant sees them in order — jobs in parallel
 * could overtake each other. Form-encoded like Twilio's, signed by `signedCallbackRequest`. The tenant's webhooks get the `call.*` events through the event log as usual.
 */
export function createStatusCallbacks(ctx: SigningCtx, logger: Logger) {
  const chains = new Map<string, { tail: Promise<void>; sequence: number }>();

  async function deliver(row: CallRow, sequence: number) {
    const params = statusCallbackParams(row, sequence);
    const url = row.statusCallback!;
    const { headers, body } = await signedCallbackRequest(ctx, row.tenantId, url, params);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (response.ok) return;
      } catch {
        // retried below
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
    logger.warn({ callId: row.id, status: row.status }, 'status callback not delivered');
  }

  return {
    /** Queues the callback for the state `row` has just reached, if the tenant asked for it. */
    push(row: CallRow | undefined) {
      if (!row?.statusCallback) return;
      const event = callbackEventOf(row.status as CallStatus);
      if (!event || !row.statusCallbackEvents.includes(event)) return;
      const chain = chains.get(row.id) ?? { tail: Promise.resolve(), sequence: 0 };
      const sequence = chain.sequence;
      chain.sequence += 1;
      chain.tail = chain.tail.then(() => deliver(row, sequence));
      chains.set(row.id, chain);
      if (event === 'completed') void chain.tail.finally(() => chains.delete(row.id));
    },
    /** Resolves when every queued callback has been sent or given up on. */
    async drain() {
      await Promise.all([...chains.values()].map((chain) => chain.tail));
    },
  };
}
export type StatusCallbacks = ReturnType<typeof createStatusCallbacks>;
