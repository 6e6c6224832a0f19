import { execFile } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeG711 } from '../audio/g711';
import { FRAME_SAMPLES } from '../conference/g711-mixer';
import type { CallAudio } from '../verbs/call-context';

const run = promisify(execFile);

/** The samples of a 16-bit mono WAV (what the audio cache and sox write: 8 kHz, one channel). */
export async function readWavSamples(path: string): Promise<Int16Array> {
  const file = await readFile(path);
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    if (id === 'data') {
      const data = file.subarray(offset + 8, Math.min(file.length, offset + 8 + size));
      const copy = Buffer.from(data.subarray(0, data.length - (data.length % 2)));
      return new Int16Array(copy.buffer, copy.byteOffset, copy.length / 2);
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no WAV data chunk`);
}

let defaultHold: Promise<string> | undefined;

/**
 * The hold sound when Enqueue has no waitUrl: a soft 440 Hz tone of 0.4 s, then 1.6 s of silence
 * (a "still waiting" pulse), generated once with sox into the temp folder.
 */
export function defaultHoldFile(): Promise<string> {
  defaultHold ??= (async () => {
    const file = join(tmpdir(), 'iris-hold-440-v1.wav');
    if (existsSync(file)) return file;
    const tmp = `${file}.${process.pid}.wav`;
    await run(
      'sox',
      [
        '-n',
        '-r',
        '8000',
        '-c',
        '1',
        '-b',
        '16',
        tmp,
        'synth',
        '0.4',
        'sine',
        '440',
        'vol',
        '0.3',
        'pad',
        '0',
        '1.6',
      ],
      { timeout: 30_000 },
    );
    renameSync(tmp, file);
    return file;
  })().catch((error) => {
    defaultHold = undefined;
    throw error;
  });
  return defaultHold;
}

/**
 * Streams samples into the call on a 20 ms clock (our own frames, not rtpengine's player), so hold
 * audio stops the moment the caller is taken from the queue (`signal`).
 */
export function playSamples(
  audio: CallAudio,
  samples: Int16Array,
  options: { payloadType: () => number; signal: AbortSignal },
): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    let frame = 0;
    const frames = Math.ceil(samples.length / FRAME_SAMPLES);
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', finish);
      resolve();
    };
    if (options.signal.aborted) return resolve();
    options.signal.addEventListener('abort', finish, { once: true });
    const tick = () => {
      const due = Math.min(frames, Math.floor((performance.now() - started) / 20) + 1);
      for (; frame < due; frame += 1) {
        const chunk = new Int16Array(FRAME_SAMPLES);
        chunk.set(samples.subarray(frame * FRAME_SAMPLES, (frame + 1) * FRAME_SAMPLES));
        const law = options.payloadType();
        const payload = encodeG711(law, chunk);
        if (payload) audio.sendFrame(law, payload, FRAME_SAMPLES);
      }
      if (frame >= frames) return finish();
      timer = setTimeout(tick, Math.max(0, started + frame * 20 - performance.now()));
    };
    tick();
  });
}
