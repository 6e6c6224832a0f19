import { eq } from 'drizzle-orm';
import { calls } from '../../modules/calls/calls.schema';
import { findClientContacts } from '../../modules/sip-credentials/sip-registrations';
import { trunksForCall } from '../../modules/trunks/select-trunks';
import { newId } from '../../platform/db/ids';
import type { DialRequest } from '../verbs/call-context';
import { inviteLeg } from './dial-invite';
import { dialThroughTrunks, type LegOutcome } from './dial-through-trunks';
import { moveLiveCall } from './finish-call';
import { outcomeOf } from './hangup-cause';
import type { LiveCall } from './live-call';
import { takeCpsToken } from './take-cps-token';
import type { VoiceEngine } from './voice-engine';

/** Where one B leg goes: through the tenant's trunks, or straight to a SIP URI (a phone's contact). */
export type LegTarget =
  | { kind: 'number'; to: string }
  | {
      kind: 'uri';
      to: string;
      uri: string;
      protocol?: 'udp' | 'tcp';
      destination?: { host: string; port: number; protocol: 'udp' | 'tcp' };
    };

/** The legs a Dial's targets ring: a Number one, a Sip URI one, a Client one per registered phone. */
export async function legTargets(engine: VoiceEngine, tenantId: string, request: DialRequest) {
  const targets: LegTarget[] = [];
  for (const target of request.targets) {
    if (target.type === 'number') targets.push({ kind: 'number', to: target.number });
    else if (target.type === 'sip') {
      const protocol = /;transport=tcp/i.test(target.uri) ? 'tcp' : 'udp';
      targets.push({ kind: 'uri', to: target.uri, uri: target.uri, protocol });
    } else {
      const contacts = await findClientContacts(engine.ctx.db, tenantId, target.identity);
      for (const { registration } of contacts) {
        const tcp = registration.protocol === 'tcp';
        targets.push({
          kind: 'uri',
          to: `client:${target.identity}`,
          uri: registration.contact,
          protocol: tcp ? 'tcp' : 'udp',
          // UDP: to where the REGISTER came from (NAT). TCP: to the Contact (a new connection; the
          // phone's own connection is not reused, RFC 5626 outbound is not done).
          destination: tcp
            ? undefined
            : { host: registration.sourceHost, port: registration.sourcePort, protocol: 'udp' },
        });
      }
    }
  }
  return targets;
}

/** A B leg's call row (`outbound-dial`, child of the A leg), moved to `initiated`. */
export async function startLeg(
  engine: VoiceEngine,
  parent: LiveCall,
  target: LegTarget,
  request: DialRequest,
) {
  const now = new Date();
  const id = newId('call');
  const from = request.callerId ?? parent.from;
  await engine.ctx.db.insert(calls).values({
    id,
    tenantId: parent.tenantId,
    parentCallId: parent.id,
    direction: 'outbound-dial',
    status: 'queued',
    from,
    to: target.to,
    statusCallbackEvents: [],
    timeoutSeconds: request.timeoutSeconds,
    history: [{ status: 'queued', at: now.toISOString() }],
  });
  const row = await moveLiveCall(engine, id, 'initiated', { set: { startedAt: now } });
  const live: LiveCall = {
    id,
    tenantId: parent.tenantId,
    from,
    to: target.to,
    direction: 'outbound-dial',
    sipCallId: '',
    ourTag: '',
    abort: new AbortController(),
    digits: [],
  };
  engine.live.set(id, live);
  return { live, row: row! };
}

/** Rings one leg to its final answer (an error counts as a failed leg, so a Dial never hangs). */
export async function ringLeg(
  engine: VoiceEngine,
  leg: Awaited<ReturnType<typeof startLeg>>,
  target: LegTarget,
  request: DialRequest,
): Promise<LegOutcome> {
  const { live, row } = leg;
  const ringTimeoutMs = request.timeoutSeconds * 1000;
  if (target.kind === 'number') {
    const trunks = await trunksForCall(engine.ctx.db, live.tenantId, target.to);
    if (trunks.length === 0)
      return {
        answered: false,
        end: {
          status: 'failed',
          sipCode: null,
          by: 'iris',
          errorCode: 'no_trunk',
          detail: `no trunk serves ${target.to}`,
        },
      };
    await takeCpsToken(engine.ctx.rateLimits, trunks[0]!, live.abort.signal);
    return dialThroughTrunks(engine, live, row, trunks, ringTimeoutMs);
  }
  const local = engine.sip.addresses()[0]!;
  const fromUser = live.from.replace(/^sips?:/, '').replace(/@.*$/, '') || 'iris';
  const result = await inviteLeg(engine, live, {
    uri: target.uri,
    to: `<${target.uri}>`,
    from: `<sip:${fromUser}@${local.host}:${local.port}>`,
    destination: target.destination,
    protocol: target.protocol,
    callId: `${row.id}@iris`,
    ringTimeoutMs,
    onRinging: () => void moveLiveCall(engine, row.id, 'ringing').catch(() => {}),
  });
  await engine.ctx.db.update(calls).set({ sipCallId: live.sipCallId }).where(eq(calls.id, row.id));
  let outcome = outcomeOf(result.sipCode);
  if (result.timedOut && outcome === 'canceled') outcome = 'no-answer';
  if (outcome === 'answered') return { answered: true };
  const status = outcome === 'failover' ? 'failed' : outcome;
  return {
    answered: false,
    end: {
      status,
      sipCode: result.sipCode,
      by: live.endedBy ?? 'remote',
      errorCode: status === 'failed' ? `sip_${result.sipCode}` : undefined,
    },
  };
}
