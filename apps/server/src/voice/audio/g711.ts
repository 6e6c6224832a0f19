/** G.711 decoding (ITU-T G.711, as in every softswitch) and a 16-bit mono WAV writer. */

function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = segment === 0 ? t + 8 : segment === 1 ? t + 0x108 : (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

const ULAW = Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i));
const ALAW = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i));

/** RTP payload type 0 (PCMU) or 8 (PCMA) → 16-bit samples; other payload types are not audio we decode. */
export function decodeG711(payloadType: number, payload: Uint8Array): Int16Array | null {
  const table = payloadType === 0 ? ULAW : payloadType === 8 ? ALAW : null;
  if (!table) return null;
  return Int16Array.from(payload, (byte) => table[byte]!);
}

function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), 32_635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function linearToAlaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  const magnitude = Math.min(sample >= 0 ? sample : -sample - 1, 32_767) >> 3;
  let segment = 0;
  while (segment < 8 && magnitude > (0x20 << segment) - 1) segment += 1;
  const code =
    segment >= 8 ? 0x7f : segment < 2 ? magnitude >> 1 : (segment << 4) | ((magnitude >> segment) & 0x0f);
  return (sign | code) ^ 0x55;
}

// 16-bit samples → law byte, precomputed over the whole range (64 KiB each): encoding is a lookup.
const TO_ULAW = Uint8Array.from({ length: 65_536 }, (_, i) => linearToUlaw(i - 32_768));
const TO_ALAW = Uint8Array.from({ length: 65_536 }, (_, i) => linearToAlaw(i - 32_768));

/** 16-bit samples → an RTP payload of type 0 (PCMU) or 8 (PCMA); null for anything else. */
export function encodeG711(payloadType: number, samples: Int16Array): Buffer | null {
  const table = payloadType === 0 ? TO_ULAW : payloadType === 8 ? TO_ALAW : null;
  if (!table) return null;
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i += 1) out[i] = table[samples[i]! + 32_768]!;
  return out;
}

export function encodeWav(samples: Int16Array, sampleRate = 8000): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
