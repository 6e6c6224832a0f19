import { decodeG711, encodeG711 } from '../audio/g711';
import { createSampleFifo, type SampleFifo } from './sample-fifo';

/** 20 ms at 8 kHz: the frame every leg sends and receives. */
export const FRAME_SAMPLES = 160;
const FRAME_MS = 20;

export type MixerLegOptions = {
  id: string;
  /** Sends one encoded frame into the leg's own RTP stream (CallAudio.sendFrame). */
  send(payloadType: number, payload: Buffer, samples: number): void;
  muted?: boolean;
  /** The law the leg's far end takes, when known; else learned from its first frame, else PCMU. */
  payloadType?: number;
};

export type MixerLeg = {
  id: string;
  /** A G.711 frame the leg sent (any length; decoded into its jitter buffer). */
  push(payloadType: number, payload: Uint8Array): void;
  setMuted(muted: boolean): void;
  isMuted(): boolean;
  remove(): void;
};

export type MixerStats = { ticks: number; lateTicks: number; framesSent: number; dropped: number };

export type G711Mixer = {
  addLeg(options: MixerLegOptions): MixerLeg;
  legCount(): number;
  /** Audio every leg hears on top of the mix (a join beep), from the next tick. */
  inject(samples: Int16Array): void;
  /** While inactive (a room waiting for its moderator) legs hear silence and nothing is mixed. */
  setActive(active: boolean): void;
  /** One 20 ms mix: what the clock runs (exported for tests and the bench). */
  tick(): void;
  start(): void;
  stop(): void;
  stats(): MixerStats;
};

type Leg = {
  options: MixerLegOptions;
  fifo: SampleFifo;
  muted: boolean;
  payloadType?: number;
};

const clip = (value: number) => Math.min(32_767, Math.max(-32_768, value));

/**
 * The N-1 mix for one tick: every listener hears the sum of the other speakers, clipped to 16 bits.
 * `frames[i]` is speaker i's frame (null when silent or muted). One running total serves every
 * listener (total minus its own frame), so the cost is O(legs × samples), not O(legs²).
 */
export function mixFrames(frames: (Int16Array | null)[], extra?: Int16Array | null): Int16Array[] {
  const total = new Int32Array(FRAME_SAMPLES);
  for (const frame of [...frames, extra ?? null]) {
    if (!frame) continue;
    for (let i = 0; i < FRAME_SAMPLES; i += 1) total[i]! += frame[i] ?? 0;
  }
  const shared = new Int16Array(FRAME_SAMPLES); // what a silent listener hears
  for (let i = 0; i < FRAME_SAMPLES; i += 1) shared[i] = clip(total[i]!);
  return frames.map((own) => {
    if (!own) return shared;
    const out = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i += 1) out[i] = clip(total[i]! - (own[i] ?? 0));
    return out;
  });
}

/**
 * A conference mixer on the voice node (docs/voice.md "Conference: why a G.711 mixer"): each leg's
 * frames are decoded into a small jitter buffer (40 ms prefill, 200 ms cap), and on a 20 ms clock
 * every leg gets the others' sum, encoded to its own law, in its own RTP stream.
 */
export function createG711Mixer(): G711Mixer {
  const legs = new Map<string, Leg>();
  const stats: MixerStats = { ticks: 0, lateTicks: 0, framesSent: 0, dropped: 0 };
  let injected: Int16Array | null = null;
  let injectedAt = 0;
  let active = true;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let running = false;
  const silence = new Int16Array(FRAME_SAMPLES);

  const nextInjected = () => {
    if (!injected) return null;
    const part = injected.subarray(injectedAt, injectedAt + FRAME_SAMPLES);
    injectedAt += FRAME_SAMPLES;
    if (injectedAt >= injected.length) injected = null;
    if (part.length === FRAME_SAMPLES) return part;
    const padded = new Int16Array(FRAME_SAMPLES);
    padded.set(part);
    return padded;
  };

  const tick = () => {
    stats.ticks += 1;
    const list = [...legs.values()];
    const frames = list.map((leg) => {
      const frame = leg.fifo.take(FRAME_SAMPLES);
      return active && !leg.muted ? frame : null;
    });
    const mixed = active ? mixFrames(frames, nextInjected()) : list.map(() => silence);
    // Listeners on the same law that hear the same (shared) frame get one encoding between them.
    const encoded = new Map<string, Buffer | null>();
    list.forEach((leg, i) => {
      const samples = mixed[i]!;
      const law = leg.payloadType ?? 0;
      const key = frames[i] ? undefined : `${law}`;
      let payload = key ? encoded.get(key) : undefined;
      if (payload === undefined) {
        payload = encodeG711(law, samples);
        if (key) encoded.set(key, payload);
      }
      if (!payload) return;
      leg.options.send(law, payload, FRAME_SAMPLES);
      stats.framesSent += 1;
    });
  };

  return {
    addLeg(options) {
      const leg: Leg = {
        options,
        fifo: createSampleFifo({ prefill: 2 * FRAME_SAMPLES, max: 10 * FRAME_SAMPLES }),
        muted: options.muted ?? false,
        payloadType: options.payloadType,
      };
      legs.set(options.id, leg);
      return {
        id: options.id,
        push(payloadType, payload) {
          const samples = decodeG711(payloadType, payload);
          if (!samples) return;
          leg.payloadType ??= payloadType;
          leg.fifo.push(samples);
        },
        setMuted(muted) {
          leg.muted = muted;
        },
        isMuted: () => leg.muted,
        remove() {
          if (legs.get(options.id) === leg) legs.delete(options.id);
          stats.dropped += leg.fifo.dropped();
        },
      };
    },
    legCount: () => legs.size,
    inject(samples) {
      injected = samples;
      injectedAt = 0;
    },
    setActive(value) {
      active = value;
    },
    tick,
    start() {
      if (running) return;
      running = true;
      // A drift-free clock: each tick is due at a fixed time from the start, not from the last tick.
      // A late timer catches up (up to 5 frames) one tick at a time through setImmediate, so the
      // frames that arrived meanwhile (waiting in the poll phase) reach the buffers between ticks
      // instead of the buffers running dry.
      const started = performance.now();
      let done = 0;
      const run = () => {
        if (!running) return;
        const due = Math.floor((performance.now() - started) / FRAME_MS) + 1;
        if (due - done > 5) {
          stats.lateTicks += due - done - 5;
          done = due - 5; // too far behind: skip, rather than burst
        }
        if (due > done) {
          tick();
          done += 1;
        }
        if (!running) return; // stopped during the tick (the last leg left)
        if (due > done) {
          stats.lateTicks += 1;
          immediate = setImmediate(run);
        } else timer = setTimeout(run, Math.max(0, started + done * FRAME_MS - performance.now()));
      };
      timer = setTimeout(run, FRAME_MS);
    },
    stop() {
      running = false;
      clearTimeout(timer);
      clearImmediate(immediate);
    },
    stats: () => ({
      ...stats,
      dropped: stats.dropped + [...legs.values()].reduce((n, l) => n + l.fifo.dropped(), 0),
    }),
  };
}
