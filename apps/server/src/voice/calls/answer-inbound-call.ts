import { getCallId, getFrom, getTag, getTo, type IncomingRequest, type Uri } from '@iris/sip';
import { eq } from 'drizzle-orm';
import { calls } from '../../modules/calls/calls.schema';
import { voiceNumberSettings } from '../../modules/calls/voice-numbers.schema';
import { findRoutableSender } from '../../modules/numbers/find-sender';
import { newId } from '../../platform/db/ids';
import { flowVerbs } from '../flows/flow-verbs';
import { g711Of } from './bridge-legs';
import { buildCallContext } from './build-call-context';
import { finishCall } from './finish-call';
import type { LiveCall } from './live-call';
import { audioPortOf, sinkSdp } from './media-sink';
import { runCallDocument } from './run-call-document';
import type { VoiceEngine } from './voice-engine';

const SDP = { 'Content-Type': 'application/sdp' };
const userOf = (uri: Uri) => (uri.type === 'sip' ? (uri.user ?? '') : '');
const e164 = (user: string) =>
  /^\+?\d{3,15}$/.test(user) ? (user.startsWith('+') ? user : `+${user}`) : user;

/**
 * An INVITE from a carrier to one of a tenant's voice numbers: a call leg (`inbound`), the verbs
 * from the number's voice URL (fetched while it rings, so a leading Reject never answers) or its
 * built-in flow (voice/flows), then the answer through rtpengine and the document. Unknown numbers
 * get 404, numbers without voice settings 480.
 */
export async function answerInboundCall(engine: VoiceEngine, incoming: IncomingRequest): Promise<void> {
  const { ctx, media } = engine;
  const { request } = incoming;
  const to = e164(userOf(getTo(request).uri));
  const from = e164(userOf(getFrom(request).uri) || 'anonymous');
  const number = await findRoutableSender(ctx.db, to);
  if (!number?.capabilities.includes('voice')) return void incoming.reply(404, 'Not Found');
  const [settings] = await ctx.db
    .select()
    .from(voiceNumberSettings)
    .where(eq(voiceNumberSettings.numberId, number.id));
  if (!settings) return void incoming.reply(480, 'Temporarily Unavailable');

  const ringing = incoming.reply(180, 'Ringing');
  const now = new Date();
  // A built-in flow is a document generated here; the call row keeps it like an inline document.
  const builtIn = settings.flow ? flowVerbs(settings.flow, { from }) : undefined;
  const [row] = await ctx.db
    .insert(calls)
    .values({
      id: newId('call'),
      tenantId: number.tenantId,
      direction: 'inbound',
      status: 'ringing',
      from,
      to,
      url: builtIn ? null : settings.voiceUrl,
      verbs: builtIn ?? null,
      method: settings.voiceMethod,
      statusCallback: settings.statusCallback,
      statusCallbackEvents: settings.statusCallbackEvents,
      timeoutSeconds: 60,
      sipCallId: getCallId(request),
      nodeId: engine.nodeId,
      startedAt: now,
      history: [{ status: 'ringing', at: now.toISOString() }],
    })
    .returning();
  const live: LiveCall = {
    id: row!.id,
    tenantId: row!.tenantId,
    from,
    to,
    direction: 'inbound',
    sipCallId: getCallId(request) ?? row!.id,
    ourTag: getTag(getTo(ringing)) ?? '',
    remoteTag: getTag(getFrom(request)),
    abort: new AbortController(),
    digits: [],
  };
  engine.live.set(live.id, live);
  engine.bySipCallId.set(live.sipCallId, live);
  incoming.onCancel(() => {
    live.endedBy = 'remote';
    live.abort.abort();
  });
  try {
    const call = buildCallContext(engine, live, () => 'ringing');
    let verbs: Awaited<ReturnType<typeof call.fetchVerbs>> | undefined;
    let fetchError: unknown;
    try {
      verbs = builtIn ?? (await call.fetchVerbs(settings.voiceUrl!, settings.voiceMethod as 'GET' | 'POST'));
    } catch (error) {
      fetchError = error; // answered anyway: the caller hears the error prompt (run-call-document)
    }
    if (live.abort.signal.aborted) {
      await finishCall(engine, live, { status: 'canceled', sipCode: 487, by: 'remote' });
      return;
    }
    const first = verbs?.[0];
    if (first?.verb === 'reject') {
      const busy = first.reason === 'busy';
      incoming.reply(busy ? 486 : 603, busy ? 'Busy Here' : 'Decline');
      await finishCall(engine, live, {
        status: busy ? 'busy' : 'failed',
        sipCode: busy ? 486 : 603,
        by: 'iris',
        errorCode: busy ? undefined : 'rejected',
      });
      return;
    }
    const local = sinkSdp(engine.sink, Date.now());
    let answer = local;
    if (media) {
      const offer = await media.ng.offer({
        callId: live.sipCallId,
        fromTag: live.remoteTag ?? '',
        sdp: request.body.toString(),
      });
      live.mediaPort = audioPortOf(offer.sdp);
      live.payloadType = g711Of(request.body.toString());
      answer = (
        await media.ng.answer({
          callId: live.sipCallId,
          fromTag: live.remoteTag ?? '',
          toTag: live.ourTag,
          sdp: local,
        })
      ).sdp;
    }
    incoming.reply(200, 'OK', SDP, answer);
    live.dialog = incoming.dialog;
    // A fetch that failed is re-run by runCallDocument, which turns its error into the fallback.
    await runCallDocument(engine, live, row!, fetchError ? undefined : verbs);
  } catch (error) {
    engine.logger.error({ err: error, callId: live.id }, 'inbound call failed');
    if (!live.dialog) incoming.reply(500, 'Server Internal Error');
    await finishCall(engine, live, { status: 'failed', sipCode: 500, by: 'iris', errorCode: 'internal' });
  } finally {
    engine.live.delete(live.id);
    engine.bySipCallId.delete(live.sipCallId);
    void media?.ng.delete({ callId: live.sipCallId }).catch(() => {});
  }
}
