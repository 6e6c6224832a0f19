/**
 * A leg's jitter buffer: decoded samples queue here as RTP frames arrive and the mixer takes one
 * 20 ms frame per tick. Playout starts only once `prefill` samples are buffered (absorbing arrival
 * jitter), restarts the same way after running dry, and drops the oldest audio past `max` so a
 * leg whose clock runs fast cannot add delay without bound.
 */
export type SampleFifo = {
  push(samples: Int16Array): void;
  /** The next `length` samples, or null while buffering (the mixer treats the leg as silent). */
  take(length: number): Int16Array | null;
  depth(): number;
  /** Samples dropped because the buffer was full (a fast or bursty sender). */
  dropped(): number;
};

export function createSampleFifo(options: { prefill: number; max: number }): SampleFifo {
  const chunks: Int16Array[] = [];
  let offset = 0; // read position inside chunks[0]
  let depth = 0;
  let dropped = 0;
  let playing = false;
  const discard = (count: number) => {
    let left = count;
    while (left > 0 && chunks.length > 0) {
      const available = chunks[0]!.length - offset;
      if (available <= left) {
        left -= available;
        chunks.shift();
        offset = 0;
      } else {
        offset += left;
        left = 0;
      }
    }
    depth -= count - left;
  };
  return {
    push(samples) {
      chunks.push(samples);
      depth += samples.length;
      if (depth > options.max) {
        const excess = depth - options.max;
        discard(excess);
        dropped += excess;
      }
    },
    take(length) {
      if (!playing && depth < options.prefill) return null;
      if (depth < length) {
        playing = false; // ran dry: a gap now, then buffer up again (keeping what came) before playing on
        return null;
      }
      playing = true;
      const out = new Int16Array(length);
      let filled = 0;
      while (filled < length) {
        const chunk = chunks[0]!;
        const count = Math.min(length - filled, chunk.length - offset);
        out.set(chunk.subarray(offset, offset + count), filled);
        filled += count;
        offset += count;
        if (offset === chunk.length) {
          chunks.shift();
          offset = 0;
        }
      }
      depth -= length;
      return out;
    },
    depth: () => depth,
    dropped: () => dropped,
  };
}
