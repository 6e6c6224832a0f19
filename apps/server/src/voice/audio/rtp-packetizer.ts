import { randomBytes } from 'node:crypto';

/**
 * One outgoing RTP stream (RFC 3550 §5.1): our own SSRC, sequence numbers and timestamps, so audio
 * IRIS forwards or mixes into a leg looks like one continuous source to the far end.
 */
export type RtpPacketizer = {
  /** A packet carrying `payload` (`samples` long at 8 kHz); `marker` starts a talkspurt. */
  packet(payloadType: number, payload: Buffer, samples: number, marker?: boolean): Buffer;
};

export function createRtpPacketizer(): RtpPacketizer {
  const ssrc = randomBytes(4).readUInt32BE(0);
  let sequence = randomBytes(2).readUInt16BE(0);
  let timestamp = randomBytes(4).readUInt32BE(0);
  return {
    packet(payloadType, payload, samples, marker = false) {
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
      header.writeUInt16BE(sequence, 2);
      header.writeUInt32BE(timestamp >>> 0, 4);
      header.writeUInt32BE(ssrc, 8);
      sequence = (sequence + 1) & 0xffff;
      timestamp = (timestamp + samples) >>> 0;
      return Buffer.concat([header, payload]);
    },
  };
}
