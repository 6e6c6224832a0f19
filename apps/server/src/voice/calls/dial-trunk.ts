import {
  type Dialog,
  getCallId,
  getFrom,
  getTag,
  getTo,
  type OutgoingRequest,
  type SipStack,
} from '@iris/sip';
import type { voiceTrunks } from '../../modules/trunks/trunks.schema';

type Trunk = typeof voiceTrunks.$inferSelect;

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

export type DialOptions = {
  sip: SipStack;
  trunk: Trunk;
  password: string | undefined;
  from: string;
  to: string;
  offerSdp: string;
  callId: string;
  fromTag: string;
  ringTimeoutMs: number;
  onRinging(): void;
  /** Gets the function that cancels this attempt (a hang-up from the API while it rings). */
  onCancelable(cancel: () => void): void;
};

const userOf = (address: string) => address.replace(/^sips?:/, '').replace(/@.*$/, '');

/** One INVITE through one trunk, up to its final answer (the ring timeout CANCELs it). */
export async function dialTrunk(options: DialOptions): Promise<DialResult> {
  const { sip, trunk } = options;
  const local = sip.addresses()[0]!;
  const request = sip.createRequest({
    method: 'INVITE',
    uri: `sip:${userOf(options.to)}@${trunk.host}:${trunk.port};transport=${trunk.transport}`,
    from: `<sip:${userOf(options.from)}@${local.host}>;tag=${options.fromTag}`,
    to: `<sip:${userOf(options.to)}@${trunk.host}>`,
    callId: options.callId,
    body: options.offerSdp,
    contentType: 'application/sdp',
    protocol: trunk.transport === 'tcp' ? 'tcp' : 'udp',
  });
  const credentials =
    trunk.auth === 'digest' && trunk.username && options.password
      ? { username: trunk.username, password: options.password }
      : undefined;
  const outgoing: OutgoingRequest = sip.sendRequest(request, { credentials });
  let provisional = false;
  let timedOut = false;
  const cancel = () => {
    // CANCEL needs a provisional first (RFC 3261 §9.1); before one, the final answer ends the attempt.
    if (provisional) outgoing.cancel();
  };
  options.onCancelable(cancel);
  const timer = setTimeout(() => {
    timedOut = true;
    cancel();
  }, options.ringTimeoutMs);
  outgoing.onProvisional((response) => {
    provisional = true;
    if (timedOut) outgoing.cancel();
    if (response.status === 180 || response.status === 183) options.onRinging();
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
