import { describe, expect, it } from 'vitest';
import { decodeG711, encodeWav } from './g711';

describe('G.711', () => {
  it('decodes silence and full scale of both laws', () => {
    expect([...decodeG711(0, Uint8Array.from([0xff, 0x7f, 0x00, 0x80]))!]).toEqual([0, 0, -32124, 32124]);
    expect([...decodeG711(8, Uint8Array.from([0xd5, 0x55, 0xaa, 0x2a]))!]).toEqual([8, -8, 32256, -32256]);
    expect(decodeG711(101, Uint8Array.from([1]))).toBeNull();
  });

  it('writes a 16-bit mono WAV', () => {
    const wav = encodeWav(Int16Array.from([1, -1]));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.length).toBe(48);
    expect(wav.readInt16LE(46)).toBe(-1);
  });
});
