import type { IncomingRequest } from '@iris/sip';
import type { BridgeContext } from './call-bridge';

/**
 * Relays a request received in one leg's dialog to the other leg: BYE ends both legs (and the
 * rtpengine call), re-INVITE goes through rtpengine offer/answer with the sender as offerer, and
 * anything else (INFO, UPDATE without SDP, ...) is forwarded and its final status copied back.
 */
export async function relayInDialog(ctx: BridgeContext, incoming: IncomingRequest): Promise<void> {
  const leg = incoming.dialog ? ctx.legs.get(incoming.dialog) : undefined;
  if (!leg) {
    incoming.reply(481);
    return;
  }
  const { call, side } = leg;
  const other = side === 'a' ? call.bDialog : call.aDialog;
  const senderTag = side === 'a' ? call.aTag : (call.bTag ?? '');
  const otherTag = side === 'a' ? (call.bTag ?? '') : call.aTag;
  if (!other) {
    incoming.reply(481);
    return;
  }
  const { method, body } = incoming.request;

  if (method === 'BYE') {
    incoming.reply(200);
    call.state = 'ended';
    call.endedBy = side;
    const bye = ctx.stack.dialogs.send(other, 'BYE');
    call.media = await ctx.media.end(call.id);
    await bye.response;
    ctx.events.emit('ended', call);
    return;
  }

  if (method === 'INVITE' && body.length > 0) {
    const offer = await ctx.media.offer(call.id, senderTag, body.toString());
    const response = await ctx.stack.dialogs.send(other, 'INVITE', {
      body: offer,
      contentType: 'application/sdp',
    }).response;
    if (response.status >= 300) {
      incoming.reply(response.status, response.reason);
      return;
    }
    const answer = await ctx.media.answer(call.id, senderTag, otherTag, response.body.toString());
    incoming.reply(200, 'OK', { 'Content-Type': 'application/sdp' }, answer);
    call.reinvites.push({ from: side, status: 200, answerSdp: answer });
    ctx.events.emit('reinvite', call);
    return;
  }

  if (method === 'INVITE') {
    // A late-offer re-INVITE would need the offer in B's 200 relayed through rtpengine and the answer
    // carried in A's ACK; none of the suites' peers send one, so this harness does not bridge it.
    incoming.reply(488, 'Not Acceptable Here', { Warning: '399 iris-harness "re-INVITE without SDP"' });
    return;
  }
  const response = await ctx.stack.dialogs.send(other, method).response;
  incoming.reply(response.status, response.reason);
}
