import { readFileSync, writeFileSync } from 'node:fs';

/** Writes a 16-bit mono PCM WAV of a sine tone: the audio a softphone sends in the baresip tests. */
export function writeToneWav(path: string, options = { seconds: 10, hz: 440, sampleRate: 8000 }): void {
  const samples = options.seconds * options.sampleRate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    const value = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * options.hz * i) / options.sampleRate));
    data.writeInt16LE(value, i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(options.sampleRate, 24);
  header.writeUInt32LE(options.sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/** RMS of a 16-bit PCM WAV's samples (0 = digital silence, 32767 = full-scale square). */
export function wavRms(path: string): { rms: number; samples: number } {
  const file = readFileSync(path);
  const dataAt = file.indexOf('data', 12);
  if (dataAt < 0) return { rms: 0, samples: 0 };
  const pcm = file.subarray(dataAt + 8);
  const samples = Math.floor(pcm.length / 2);
  let sum = 0;
  for (let i = 0; i < samples; i += 1) sum += pcm.readInt16LE(i * 2) ** 2;
  return { rms: samples === 0 ? 0 : Math.sqrt(sum / samples), samples };
}
