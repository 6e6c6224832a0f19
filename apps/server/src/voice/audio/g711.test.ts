import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711, encodeWav } from './g711';

describe('G.711', () => {
  it('decodes silence and full scale of both laws', () => {
    expect([...decodeG711(0, Uint8Array.from([0xff, 0x7f, 0x00, 0x80]))!]).toEqual([0, 0, -32124, 32124]);
    expect([...decodeG711(8, Uint8Array.from([0xd5, 0x55, 0xaa, 0x2a]))!]).toEqual([8, -8, 32256, -32256]);
    expect(decodeG711(101, Uint8Array.from([1]))).toBeNull();
  });

  it('encodes what it decodes back to the same byte (both laws), and rejects other payload types', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    // μ-law has two zeros (0x7f and 0xff); the encoder writes the positive one.
    const ulaw = [...encodeG711(0, decodeG711(0, all)!)!];
    expect(ulaw.filter((byte, i) => byte !== i)).toEqual([0xff]);
    expect([...encodeG711(8, decodeG711(8, all)!)!]).toEqual([...all]);
    expect(encodeG711(101, Int16Array.from([0]))).toBeNull();
  });

  it('keeps the quantization error of any sample within its segment step', () => {
    const ramp = Int16Array.from({ length: 2048 }, (_, i) => (i - 1024) * 31);
    for (const law of [0, 8]) {
      const back = decodeG711(law, encodeG711(law, ramp)!)!;
      // Array.from, not Int16Array#map: the excess over the step is fractional and may be negative.
      const worst = Math.max(
        ...Array.from(ramp, (sample, i) => Math.abs(back[i]! - sample) - Math.abs(sample) / 16),
      );
      expect(worst).toBeLessThanOrEqual(16);
    }
  });

  it('writes a 16-bit mono WAV', () => {
    const wav = encodeWav(Int16Array.from([1, -1]));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.length).toBe(48);
    expect(wav.readInt16LE(46)).toBe(-1);
  });
});
