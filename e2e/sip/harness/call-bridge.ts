import type { EventEmitter } from 'node:events';
import {
  type Dialog,
  getCallId,
  getFrom,
  getHeader,
  getTag,
  getTo,
  type IncomingRequest,
  type SipResponse,
  type SipStack,
  serializeNameAddr,
} from '@iris/sip';
import type { CallRecord, HarnessEvents } from './call-record';
import type { MediaPath } from './media-path';

export type Leg = { call: CallRecord; side: 'a' | 'b' };

export type BridgeContext = {
  stack: SipStack;
  media: MediaPath;
  events: EventEmitter<HarnessEvents>;
  /** Dialog → the call and which leg it is, for in-dialog relaying. */
  legs: WeakMap<Dialog, Leg>;
  calls: CallRecord[];
};

const SDP = { 'Content-Type': 'application/sdp' };
const hasSdp = (response: SipResponse) => response.body.length > 0;

/**
 * Bridges an incoming INVITE to `target`: rtpengine offer on the A SDP, INVITE to B with the
 * rewritten SDP, provisional responses relayed, rtpengine answer on B's 2xx SDP, then 200 to A.
 * A CANCEL from A (the stack has already answered it 200 + 487) is propagated to B.
 */
export async function bridgeInvite(ctx: BridgeContext, incoming: IncomingRequest, target: string) {
  const { request } = incoming;
  const from = getFrom(request);
  const call: CallRecord = {
    id: getCallId(request),
    aTag: getTag(from) ?? '',
    target,
    state: 'routing',
    reinvites: [],
  };
  ctx.calls.push(call);
  ctx.events.emit('call', call);

  // Listen for CANCEL before the first await: one arriving during the rtpengine offer must not be missed.
  let cancelB: (() => void) | undefined;
  // A function, not a narrowed property read: the state changes inside the CANCEL callback.
  const cancelled = () => call.state === 'cancelled';
  incoming.onCancel(() => {
    call.state = 'cancelled';
    cancelB?.();
  });
  const offer = await ctx.media.offer(call.id, call.aTag, request.body.toString());
  if (cancelled()) {
    call.media = await ctx.media.end(call.id);
    ctx.events.emit('failed', call);
    return;
  }
  const { tag: _tag, ...fromParams } = from.params;
  const outgoing = ctx.stack.sendRequest(
    ctx.stack.createRequest({
      method: 'INVITE',
      uri: target,
      from: serializeNameAddr({ ...from, params: fromParams }),
      to: target,
      body: offer,
      contentType: 'application/sdp',
    }),
  );
  cancelB = () => outgoing.cancel();
  outgoing.onProvisional((response) => {
    if (response.status === 100 || cancelled()) return;
    call.state = 'ringing';
    call.bTag = getTag(getTo(response));
    if (!hasSdp(response) || !call.bTag) {
      incoming.reply(response.status, response.reason);
      return;
    }
    ctx.media
      .answer(call.id, call.aTag, call.bTag, response.body.toString())
      .then((sdp) => incoming.reply(response.status, response.reason, SDP, sdp))
      .catch(() => incoming.reply(response.status, response.reason));
  });

  const final = await outgoing.response;
  call.finalStatus = final.status;
  if (final.status >= 300 || cancelled()) {
    const bDialog = outgoing.dialog();
    // B answered while A's CANCEL crossed it: the stack ACKed B's 2xx, so B's leg must be hung up.
    if (final.status < 300 && bDialog) await ctx.stack.dialogs.send(bDialog, 'BYE').response;
    if (!cancelled()) call.state = 'failed';
    incoming.reply(final.status, final.reason);
    call.media = await ctx.media.end(call.id);
    ctx.events.emit('failed', call);
    return;
  }
  call.bTag = getTag(getTo(final)) ?? '';
  const answer = await ctx.media.answer(call.id, call.aTag, call.bTag, final.body.toString());
  incoming.reply(200, 'OK', { ...SDP, ...userAgentOf(final) }, answer);
  call.aDialog = incoming.dialog;
  call.bDialog = outgoing.dialog();
  if (call.aDialog) ctx.legs.set(call.aDialog, { call, side: 'a' });
  if (call.bDialog) ctx.legs.set(call.bDialog, { call, side: 'b' });
  call.state = 'answered';
  ctx.events.emit('answered', call);
}

/** Keeps the callee's product name visible to the caller (helps reading traces). */
function userAgentOf(response: SipResponse): Record<string, string> {
  const server = getHeader(response, 'Server') ?? getHeader(response, 'User-Agent');
  return server ? { Server: `iris-harness (${server})` } : {};
}
