import { decodeG711, encodeG711 } from '../audio/g711';
import { createRtpPacketizer } from '../audio/rtp-packetizer';
import type { MediaSink } from './media-sink';

/** One side of a bridge: rtpengine's port facing the media sink, and the codec its far end takes. */
export type BridgeSide = { port: number; payloadType?: number };

export type Bridge = {
  /** Frames forwarded each way so far (a → b, b → a). */
  forwarded(): { aToB: number; bToA: number };
  stop(): void;
};

/** The first G.711 payload type (0 PCMU, 8 PCMA) of an SDP's audio line, if any. */
export function g711Of(sdp: string | undefined): number | undefined {
  const formats =
    /^m=audio \d+ [^ ]+ ([\d ]+)/m
      .exec(sdp ?? '')?.[1]
      ?.split(' ')
      .map(Number) ?? [];
  return formats.find((pt) => pt === 0 || pt === 8);
}

/**
 * Bridges two legs that both have their media relayed by rtpengine to IRIS's media sink: each G.711
 * frame from one leg is sent into the other leg's RTP stream (own SSRC, sequence and timestamps),
 * transcoded PCMU↔PCMA when the legs speak different laws. A side's codec is the one its far end
 * put first in its SDP, else the one it sends (learned from its frames), else PCMU.
 * Telephone-events are not forwarded (a DTMF on one leg is not replayed on the other).
 */
export function bridgeLegs(sink: MediaSink, a: BridgeSide, b: BridgeSide): Bridge {
  const counts = { aToB: 0, bToA: 0 };
  const forward = (from: BridgeSide, to: BridgeSide, key: 'aToB' | 'bToA') => {
    const packetizer = createRtpPacketizer();
    let first = true;
    return sink.listen(from.port, (payloadType, payload) => {
      if (payloadType !== 0 && payloadType !== 8) return;
      from.payloadType ??= payloadType;
      const target = to.payloadType ?? 0;
      let frame: Buffer | null = payload;
      if (payloadType !== target) {
        const samples = decodeG711(payloadType, payload);
        frame = samples ? encodeG711(target, samples) : null;
      }
      if (!frame) return;
      sink.send(to.port, packetizer.packet(target, frame, frame.length, first));
      first = false;
      counts[key] += 1;
    });
  };
  const stopA = forward(a, b, 'aToB');
  const stopB = forward(b, a, 'bToA');
  return {
    forwarded: () => ({ ...counts }),
    stop() {
      stopA();
      stopB();
    },
  };
}
