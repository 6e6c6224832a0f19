import { type MediaDescription, parse, type SessionDescription, write } from 'sdp-transform';

export type { MediaDescription, SessionDescription };

export type Codec = { payload: number; name: string; clockRate: number; channels?: number; fmtp?: string };

export type MediaSummary = {
  type: string;
  port: number;
  protocol: string;
  /** Media-level c= address, falling back to the session-level one (RFC 4566 §5.7). */
  address: string | undefined;
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  codecs: Codec[];
};

/** Static RTP/AVP payload types (RFC 3551 §6) that need no a=rtpmap. */
const STATIC: Record<number, Omit<Codec, 'payload'>> = {
  0: { name: 'PCMU', clockRate: 8000 },
  3: { name: 'GSM', clockRate: 8000 },
  4: { name: 'G723', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
  18: { name: 'G729', clockRate: 8000 },
};

export function parseSdp(sdp: string | Buffer): SessionDescription {
  return parse(sdp.toString());
}

/** sdp-transform writes CRLF line ends, as RFC 4566 requires. */
export const serializeSdp = (session: SessionDescription): string => write(session);

export function getCodecs(media: MediaDescription): Codec[] {
  const payloads = String(media.payloads ?? '')
    .split(/\s+/)
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
  return payloads.flatMap((payload) => {
    const rtp = media.rtp.find((r) => r.payload === payload);
    const fmtp = media.fmtp.find((f) => f.payload === payload)?.config;
    const base = rtp
      ? { name: rtp.codec, clockRate: rtp.rate ?? 8000, ...(rtp.encoding ? { channels: rtp.encoding } : {}) }
      : STATIC[payload];
    if (!base) return [];
    return [{ payload, ...base, ...(fmtp ? { fmtp } : {}) }];
  });
}

export function summarizeMedia(session: SessionDescription): MediaSummary[] {
  return session.media.map((media) => ({
    type: media.type,
    port: media.port,
    protocol: media.protocol,
    address: media.connection?.ip ?? session.connection?.ip,
    direction: media.direction ?? session.direction ?? 'sendrecv',
    codecs: getCodecs(media),
  }));
}

/** The address and port to send the first audio stream to, when the offer/answer has one. */
export function getAudioTarget(session: SessionDescription): { address: string; port: number } | undefined {
  const audio = summarizeMedia(session).find((m) => m.type === 'audio' && m.port > 0);
  return audio?.address ? { address: audio.address, port: audio.port } : undefined;
}
