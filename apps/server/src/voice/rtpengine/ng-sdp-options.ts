import type { BencodeDict } from './bencode.js';
import type { NgCallRequest } from './ng-media-options.js';

/**
 * Typed, camelCase options for `offer` and `answer`, and their mapping to the ng
 * keys rtpengine reads (names as in its ng protocol reference). Only keys that
 * rtpengine 10.5 (Debian 12) accepts are modelled; newer ones (`audio player`,
 * per-call `DTMF-log-dest`, `early media`) can go through `extra` / `extraFlags`.
 */

/** Boolean options that become entries of the ng `flags` list. */
const FLAG_NAMES = {
  trustAddress: 'trust address',
  sipSourceAddress: 'SIP source address',
  asymmetric: 'asymmetric',
  strictSource: 'strict source',
  mediaHandover: 'media handover',
  portLatching: 'port latching',
  noPortLatching: 'no port latching',
  /** Needed on both offer and answer before `playDtmf` can inject into the call. */
  injectDtmf: 'inject DTMF',
  detectDtmf: 'detect DTMF',
  generateMid: 'generate mid',
  trickleIce: 'trickle ICE',
  rejectIce: 'reject ICE',
  recordCall: 'record call',
  singleCodec: 'single codec',
  reuseCodecs: 'reuse codecs',
  loopProtect: 'loop protect',
  originalSendrecv: 'original sendrecv',
  pierceNat: 'pierce NAT',
  natWait: 'NAT-wait',
  reset: 'reset',
  noRtcpAttribute: 'no rtcp attribute',
  fullRtcpAttribute: 'full rtcp attribute',
  stripExtmap: 'strip extmap',
  generateRtcp: 'generate RTCP',
  allowTranscoding: 'allow transcoding',
  alwaysTranscode: 'always transcode',
  debug: 'debug',
} as const;

export type SdpFlags = { [K in keyof typeof FLAG_NAMES]?: boolean };

export type ReplaceFlag =
  | 'origin'
  | 'session-connection'
  | 'session-name'
  | 'sdp-version'
  | 'username'
  | 'zero-address';

export type TransportProtocol =
  | 'RTP/AVP'
  | 'RTP/AVPF'
  | 'RTP/SAVP'
  | 'RTP/SAVPF'
  | 'UDP/TLS/RTP/SAVP'
  | 'UDP/TLS/RTP/SAVPF';

export type CodecOptions = {
  strip?: string[];
  offer?: string[];
  transcode?: string[];
  mask?: string[];
  consume?: string[];
  accept?: string[];
  except?: string[];
  set?: string[];
};

export type SdpOptions = SdpFlags & {
  callId: string;
  fromTag: string;
  sdp: string;
  viaBranch?: string;
  label?: string;
  replace?: ReplaceFlag[];
  ice?: 'remove' | 'force' | 'default' | 'force-relay' | 'optional';
  iceLite?: 'forward' | 'backward' | 'both' | 'off';
  dtls?: 'off' | 'passive' | 'active';
  dtlsReverse?: 'passive' | 'active';
  dtlsFingerprint?: 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  sdes?: string[];
  osrtp?: 'offer' | 'offer-RFC' | 'offer-legacy' | 'accept-RFC' | 'accept-legacy' | 'accept';
  transportProtocol?: TransportProtocol;
  rtcpMux?: ('offer' | 'require' | 'demux' | 'accept' | 'reject')[];
  codec?: CodecOptions;
  addressFamily?: 'IP4' | 'IP6';
  mediaAddress?: string;
  receivedFrom?: { family: 'IP4' | 'IP6'; address: string };
  /** Logical interface names (from `--interface NAME/IP`) for [from side, to side]. */
  direction?: [string, string];
  ptime?: number;
  ptimeReverse?: number;
  tos?: number;
  metadata?: string;
  mediaEcho?: 'blackhole' | 'forward' | 'backwards' | 'both';
  endpointLearning?: 'off' | 'immediate' | 'delayed' | 'heuristic';
  dropTraffic?: 'start' | 'stop';
  /** Raw flags rtpengine knows and this type does not (e.g. `codec-set-…`). */
  extraFlags?: string[];
  /** Raw ng keys this type does not model; they win over mapped ones. */
  extra?: BencodeDict;
};

export type OfferOptions = SdpOptions;

export type AnswerOptions = Omit<SdpOptions, 'transportProtocol' | 'direction'> & {
  toTag: string;
  /** `accept` keeps the answerer's protocol when it differs from the offer's. */
  transportProtocol?: TransportProtocol | 'accept';
};

export function toSdpRequest(options: OfferOptions | AnswerOptions): NgCallRequest {
  const flags: string[] = Object.entries(FLAG_NAMES)
    .filter(([key]) => options[key as keyof SdpFlags] === true)
    .map(([, name]) => name);
  flags.push(...(options.extraFlags ?? []));
  return {
    'call-id': options.callId,
    'from-tag': options.fromTag,
    'to-tag': 'toTag' in options ? options.toTag : undefined,
    sdp: options.sdp,
    'via-branch': options.viaBranch,
    label: options.label,
    flags: flags.length > 0 ? flags : undefined,
    replace: options.replace,
    ICE: options.ice,
    'ICE-lite': options.iceLite,
    DTLS: options.dtls,
    'DTLS-reverse': options.dtlsReverse,
    'DTLS-fingerprint': options.dtlsFingerprint,
    SDES: options.sdes,
    OSRTP: options.osrtp,
    'transport-protocol': options.transportProtocol,
    'rtcp-mux': options.rtcpMux,
    codec: options.codec ? toCodecDict(options.codec) : undefined,
    'address-family': options.addressFamily,
    'media-address': options.mediaAddress,
    'received-from': options.receivedFrom
      ? [options.receivedFrom.family, options.receivedFrom.address]
      : undefined,
    direction: 'direction' in options ? options.direction : undefined,
    ptime: options.ptime,
    'ptime-reverse': options.ptimeReverse,
    TOS: options.tos,
    metadata: options.metadata,
    'media-echo': options.mediaEcho,
    'endpoint-learning': options.endpointLearning,
    'drop-traffic': options.dropTraffic,
    ...options.extra,
  };
}

function toCodecDict(codec: CodecOptions): BencodeDict {
  const dict: BencodeDict = {};
  for (const [key, list] of Object.entries(codec)) {
    if (list !== undefined) dict[key] = list;
  }
  return dict;
}
