import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711 } from '../audio/g711';
import { createG711Mixer, FRAME_SAMPLES, mixFrames } from './g711-mixer';
import { createSampleFifo } from './sample-fifo';

const tone = (hz: number, amplitude: number, offset = 0) =>
  Int16Array.from({ length: FRAME_SAMPLES }, (_, i) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * hz * (i + offset)) / 8000)),
  );
const constant = (value: number) => new Int16Array(FRAME_SAMPLES).fill(value);

/** Power of `samples` at `hz` (Goertzel), normalised so a full-scale sine gives ~1. */
function powerAt(samples: Int16Array, hz: number): number {
  const k = (2 * Math.PI * hz) / 8000;
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x / 32_768 + 2 * Math.cos(k) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - 2 * Math.cos(k) * s1 * s2) / (samples.length / 2) ** 2;
}

describe('N-1 mix', () => {
  it('gives each listener the sum of the others, not itself', () => {
    const [a, b, c] = [constant(1000), constant(200), constant(-50)];
    const out = mixFrames([a, b, c]);
    expect(out[0]![0]).toBe(150);
    expect(out[1]![0]).toBe(950);
    expect(out[2]![0]).toBe(1200);
  });

  it('gives a silent listener everyone, and adds injected audio to all', () => {
    const out = mixFrames([constant(100), null], constant(7));
    expect(out[0]![5]).toBe(7);
    expect(out[1]![5]).toBe(107);
  });

  it('clips instead of wrapping around', () => {
    const out = mixFrames([constant(30_000), constant(20_000), constant(-30_000), null]);
    expect(out[2]![0]).toBe(32_767); // 50 000 clipped
    expect(out[3]![0]).toBe(20_000);
    expect(mixFrames([constant(-30_000), constant(-30_000), null])[2]![0]).toBe(-32_768);
  });
});

describe('G.711 mixer', () => {
  it('mixes across laws: a PCMA speaker is heard by a PCMU listener and vice versa', () => {
    const mixer = createG711Mixer();
    const sent = new Map<string, { payloadType: number; payload: Buffer }[]>();
    const leg = (id: string, payloadType: number) =>
      mixer.addLeg({
        id,
        payloadType,
        send: (pt, payload) => sent.set(id, [...(sent.get(id) ?? []), { payloadType: pt, payload }]),
      });
    const alaw = leg('a', 8);
    const ulaw = leg('u', 0);
    leg('q', 0);
    for (let frame = 0; frame < 6; frame += 1) {
      alaw.push(8, encodeG711(8, tone(440, 8000, frame * FRAME_SAMPLES))!);
      ulaw.push(0, encodeG711(0, tone(1000, 8000, frame * FRAME_SAMPLES))!);
      mixer.tick();
    }
    // Prefill (2 frames) then audio: look at the last frame each leg got.
    const last = (id: string) => sent.get(id)!.at(-1)!;
    expect(last('a').payloadType).toBe(8);
    expect(last('u').payloadType).toBe(0);
    const heardByA = decodeG711(8, last('a').payload)!;
    const heardByU = decodeG711(0, last('u').payload)!;
    const heardByQ = decodeG711(0, last('q').payload)!;
    expect(powerAt(heardByA, 1000)).toBeGreaterThan(0.03);
    expect(powerAt(heardByA, 440)).toBeLessThan(0.001); // not itself
    expect(powerAt(heardByU, 440)).toBeGreaterThan(0.03);
    expect(powerAt(heardByU, 1000)).toBeLessThan(0.001);
    expect(powerAt(heardByQ, 440)).toBeGreaterThan(0.03);
    expect(powerAt(heardByQ, 1000)).toBeGreaterThan(0.03);
    expect(mixer.stats().framesSent).toBe(18);
  });

  it('keeps a muted leg out of the mix, and sends silence while inactive', () => {
    const mixer = createG711Mixer();
    const heard: Int16Array[] = [];
    const talker = mixer.addLeg({ id: 't', muted: true, send: () => {} });
    mixer.addLeg({ id: 'l', send: (pt, payload) => heard.push(decodeG711(pt, payload)!) });
    for (let i = 0; i < 4; i += 1) {
      talker.push(0, encodeG711(0, constant(5000))!);
      mixer.tick();
    }
    expect(Math.max(...heard.at(-1)!.map(Math.abs))).toBeLessThan(10);
    talker.setMuted(false);
    mixer.setActive(false);
    talker.push(0, encodeG711(0, constant(5000))!);
    mixer.tick();
    expect(Math.max(...heard.at(-1)!.map(Math.abs))).toBeLessThan(10);
    mixer.setActive(true);
    talker.push(0, encodeG711(0, constant(5000))!);
    mixer.tick();
    expect(heard.at(-1)![0]).toBeGreaterThan(4800);
  });
});

describe('jitter buffer', () => {
  it('waits for its prefill, plays frames of any size in order, and drops the oldest past its cap', () => {
    const fifo = createSampleFifo({ prefill: 320, max: 480 });
    fifo.push(Int16Array.from({ length: 240 }, (_, i) => i));
    expect(fifo.take(160)).toBeNull(); // 240 < prefill
    fifo.push(Int16Array.from({ length: 240 }, (_, i) => 240 + i));
    expect(fifo.take(160)![0]).toBe(0);
    expect(fifo.take(160)![0]).toBe(160);
    fifo.push(Int16Array.from({ length: 480 }, (_, i) => 480 + i)); // 640 buffered > 480: oldest 160 go
    expect(fifo.dropped()).toBe(160);
    expect(fifo.take(160)![0]).toBe(480);
    expect(fifo.depth()).toBe(320);
  });
});
