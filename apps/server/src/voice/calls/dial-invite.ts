import {
  type Credentials,
  createTag,
  type Dialog,
  getCallId,
  getFrom,
  getTag,
  getTo,
  type OutgoingRequest,
  type SipStack,
  type TransportProtocol,
} from '@iris/sip';
import { g711Of } from './bridge-legs';
import type { LiveCall } from './live-call';
import { audioPortOf, sinkSdp } from './media-sink';
import type { VoiceEngine } from './voice-engine';

export type DialResult = {
  sipCode: number;
  sipCallId: string;
  fromTag: string;
  toTag: string | undefined;
  dialog: Dialog | undefined;
  answerSdp: string | undefined;
  /** Our ring timeout fired and we canceled (as opposed to a cancel from the API). */
  timedOut: boolean;
};

export type InviteOptions = {
  sip: SipStack;
  /** Request-URI, and the To and From header values. */
  uri: string;
  to: string;
  from: string;
  /** Next hop when it is not the Request-URI's host (a registered phone behind NAT). */
  destination?: { host: string; port: number; protocol?: TransportProtocol };
  protocol?: TransportProtocol;
  credentials?: Credentials;
  offerSdp: string;
  callId: string;
  fromTag: string;
  ringTimeoutMs: number;
  onRinging(): void;
  /** Gets the function that cancels this attempt (a hang-up from the API while it rings). */
  onCancelable(cancel: () => void): void;
};

/** One INVITE up to its final answer (the ring timeout CANCELs it): trunks, SIP URIs, phones. */
export async function sendInvite(options: InviteOptions): Promise<DialResult> {
  const { sip } = options;
  const request = sip.createRequest({
    method: 'INVITE',
    uri: options.uri,
    from: `${options.from};tag=${options.fromTag}`,
    to: options.to,
    callId: options.callId,
    body: options.offerSdp,
    contentType: 'application/sdp',
    protocol: options.protocol ?? 'udp',
  });
  const outgoing: OutgoingRequest = sip.sendRequest(request, {
    credentials: options.credentials,
    destination: options.destination,
  });
  let provisional = false;
  let timedOut = false;
  const cancel = () => {
    // CANCEL needs a provisional first (RFC 3261 §9.1); before one, the final answer ends the attempt.
    if (provisional) outgoing.cancel();
    else cancelOnProvisional = true;
  };
  let cancelOnProvisional = false;
  options.onCancelable(cancel);
  const timer = setTimeout(() => {
    timedOut = true;
    cancel();
  }, options.ringTimeoutMs);
  outgoing.onProvisional((response) => {
    provisional = true;
    if (timedOut || cancelOnProvisional) outgoing.cancel();
    else if (response.status === 180 || response.status === 183) options.onRinging();
  });
  try {
    const final = await outgoing.response;
    return {
      sipCode: final.status,
      sipCallId: getCallId(outgoing.request) ?? options.callId,
      fromTag: getTag(getFrom(outgoing.request)) ?? options.fromTag,
      toTag: getTag(getTo(final)),
      dialog: outgoing.dialog(),
      answerSdp: final.body.length > 0 ? final.body.toString() : undefined,
      timedOut,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One attempt of an outgoing leg with its media: an rtpengine offer for IRIS's media sink, the
 * INVITE, and on 2xx rtpengine's answer, after which `live` holds the dialog and the rtpengine port
 * facing the sink. The attempt's SIP Call-ID is `callId`; rtpengine knows the leg by it.
 */
export async function inviteLeg(
  engine: VoiceEngine,
  live: LiveCall,
  invite: Omit<InviteOptions, 'sip' | 'offerSdp' | 'callId' | 'fromTag' | 'onCancelable'> & {
    callId: string;
  },
): Promise<DialResult> {
  const { media } = engine;
  live.sipCallId = invite.callId;
  live.ourTag = createTag();
  engine.bySipCallId.set(live.sipCallId, live);
  const local = sinkSdp(engine.sink, Date.now());
  const offer = media
    ? (
        await media.ng.offer({
          callId: live.sipCallId,
          fromTag: live.ourTag,
          sdp: local,
          replace: ['origin'],
        })
      ).sdp
    : local;
  const result = await sendInvite({
    ...invite,
    sip: engine.sip,
    offerSdp: offer,
    fromTag: live.ourTag,
    onCancelable: (cancel) => {
      live.cancelDial = cancel;
      if (live.abort.signal.aborted) cancel(); // hung up while the offer was being made
    },
  });
  live.cancelDial = undefined;
  if (result.sipCode < 200 || result.sipCode >= 300) return result;
  live.remoteTag = result.toTag;
  live.dialog = result.dialog;
  live.payloadType = g711Of(result.answerSdp);
  if (media && result.answerSdp)
    live.mediaPort = audioPortOf(
      (
        await media.ng.answer({
          callId: live.sipCallId,
          fromTag: live.ourTag,
          toTag: result.toTag ?? '',
          sdp: result.answerSdp,
        })
      ).sdp,
    );
  return result;
}

/** Forgets an attempt that did not answer: rtpengine's side of it and the Call-ID index. */
export async function dropAttempt(engine: VoiceEngine, live: LiveCall) {
  await engine.media?.ng.delete({ callId: live.sipCallId }).catch(() => {});
  engine.bySipCallId.delete(live.sipCallId);
}
