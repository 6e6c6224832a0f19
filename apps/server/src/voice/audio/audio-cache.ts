import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { guardedFetch } from '../../platform/http/guarded-fetch';
import { VerbFetchError } from '../calls/fetch-verbs';

const run = promisify(execFile);

/** Largest audio file a Play may fetch (a few minutes of WAV). */
const MAX_AUDIO_BYTES = 20 * 1024 * 1024;

/**
 * Prompt audio on disk, one file per text+voice (TTS) or URL (Play), so a prompt heard by every
 * caller is synthesized or downloaded once. Files are 8 kHz mono WAV: what G.711 calls carry, and
 * what rtpengine plays without resampling surprises.
 */
export type AudioCache = {
  synthesize(text: string, voice?: string): Promise<string>;
  fetchAudio(url: string): Promise<string>;
  beep(): Promise<string>;
};

/** The speech engine, pluggable: espeak-ng locally, a provider's TTS in production. */
export type TextToSpeech = (text: string, voice: string | undefined, outFile: string) => Promise<void>;

export const espeakTts: TextToSpeech = async (text, voice, outFile) => {
  const raw = `${outFile}.raw.wav`;
  await run('espeak-ng', ['-v', voice ?? 'en', '-w', raw, '--', text], { timeout: 30_000 });
  await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', outFile], { timeout: 30_000 });
};

const key = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/**
 * A Play URL that cannot be fetched: unreachable, refused by the SSRF guard, or not 2xx. A fetch
 * error like a verb URL's, so the call ends the same way (error prompt, `verb_fetch_failed`).
 */
export class AudioFetchError extends VerbFetchError {}

export function createAudioCache(options: {
  dir: string;
  tts?: TextToSpeech;
  /** Play URLs on loopback/private networks allowed (IRIS_ALLOW_PRIVATE_WEBHOOKS, as for webhooks). */
  allowPrivate?: boolean;
}): AudioCache {
  const tts = options.tts ?? espeakTts;
  const pending = new Map<string, Promise<string>>();
  // Concurrent requests for one prompt share one synthesis; a file appears only once complete.
  const once = (name: string, make: (tmp: string) => Promise<void>) => {
    const file = join(options.dir, `${name}.wav`);
    if (existsSync(file)) return Promise.resolve(file);
    let job = pending.get(name);
    if (!job) {
      job = (async () => {
        await mkdir(options.dir, { recursive: true });
        const tmp = join(options.dir, `${name}.${process.pid}.tmp.wav`);
        await make(tmp);
        await rename(tmp, file);
        return file;
      })().finally(() => pending.delete(name));
      pending.set(name, job);
    }
    return job;
  };
  return {
    beep: () =>
      once('beep-1k', async (tmp) => {
        await run(
          'sox',
          ['-n', '-r', '8000', '-c', '1', '-b', '16', tmp, 'synth', '0.3', 'sine', '1000', 'vol', '0.5'],
          {
            timeout: 30_000,
          },
        );
      }),
    synthesize: (text, voice) => once(`tts-${key(voice ?? '', text)}`, (tmp) => tts(text, voice, tmp)),
    fetchAudio: (url) =>
      once(`url-${key(url)}`, async (tmp) => {
        // The SSRF guard sits on the socket's lookup: a tenant's Play URL cannot reach this host,
        // private networks or cloud metadata unless the platform allows private addresses.
        const response = await guardedFetch(url, {
          allowPrivate: options.allowPrivate ?? false,
          timeoutMs: 15_000,
          maxBytes: MAX_AUDIO_BYTES,
        }).catch((error: Error) => {
          throw new AudioFetchError(`audio URL refused or unreachable: ${error.message}`);
        });
        if (!response.ok) throw new AudioFetchError(`audio URL answered ${response.status}`);
        const bytes = response.body;
        const type = response.headers.get('content-type') ?? '';
        const source = `${tmp}.src.${type.includes('mpeg') ? 'mp3' : 'wav'}`;
        await writeFile(source, bytes);
        await run('sox', [source, '-r', '8000', '-c', '1', '-b', '16', tmp], { timeout: 30_000 });
      }),
  };
}
