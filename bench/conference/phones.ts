import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { decodeG711, encodeG711 } from '../../apps/server/src/voice/audio/g711';
import { createRtpPacketizer } from '../../apps/server/src/voice/audio/rtp-packetizer';

/** One test phone: a UDP socket speaking a sine of its own frequency (PCMU, 20 ms) and keeping the last second heard. */
export type Phone = {
  hz: number;
  socket: Socket;
  port: number;
  /** Where its RTP goes (the mixer), set before `start`. */
  target?: { host: string; port: number };
  received: number;
  last: Int16Array;
  lastAt: number;
};

export const toneHz = (index: number) => 300 + 130 * index; // integer Hz: exact bins in a 1 s window

export async function openPhones(count: number): Promise<Phone[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      const phone: Phone = {
        hz: toneHz(i % 10),
        socket,
        port: socket.address().port,
        received: 0,
        last: new Int16Array(8000),
        lastAt: 0,
      };
      socket.on('message', (datagram) => {
        const samples = decodeG711(datagram[1]! & 0x7f, datagram.subarray(12 + 4 * (datagram[0]! & 0x0f)));
        if (!samples) return;
        phone.received += 1;
        // A ring of the last 8000 samples.
        for (const sample of samples) {
          phone.last[phone.lastAt] = sample;
          phone.lastAt = (phone.lastAt + 1) % 8000;
        }
      });
      return phone;
    }),
  );
}

/** Every phone sends its next 20 ms frame on one drift-free clock; returns the stop function. */
export function startSpeaking(phones: Phone[]): () => void {
  const packetizers = phones.map(() => createRtpPacketizer());
  const frames = phones.map((phone) =>
    Array.from(
      { length: 50 },
      (_, f) =>
        encodeG711(
          0,
          Int16Array.from({ length: 160 }, (_, i) =>
            Math.round(2500 * Math.sin((2 * Math.PI * phone.hz * (f * 160 + i)) / 8000)),
          ),
        )!,
    ),
  );
  const started = performance.now();
  let sent = 0;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const due = Math.floor((performance.now() - started) / 20) + 1;
    for (; sent < due; sent += 1)
      phones.forEach((phone, i) => {
        if (phone.target)
          phone.socket.send(
            packetizers[i]!.packet(0, frames[i]![sent % 50]!, 160),
            phone.target.port,
            phone.target.host,
          );
      });
    timer = setTimeout(tick, Math.max(1, started + sent * 20 - performance.now()));
  };
  tick();
  return () => clearTimeout(timer);
}

/** Power at an integer frequency over the phone's last second (a sine of amplitude A gives (A/32768)²/2). */
export function powerAt(samples: Int16Array, hz: number): number {
  const k = (2 * Math.PI * hz) / 8000;
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x / 32_768 + 2 * Math.cos(k) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (2 * (s1 * s1 + s2 * s2 - 2 * Math.cos(k) * s1 * s2)) / samples.length ** 2;
}

/** How one conference sounded to each phone: SNR of the others' tones, and its own tone's leak. */
export function judge(conference: Phone[]) {
  return conference.map((phone) => {
    const window = Int16Array.from({ length: 8000 }, (_, i) => phone.last[(phone.lastAt + i) % 8000]!);
    let total = 0;
    for (const x of window) total += (x / 32_768) ** 2;
    total /= window.length;
    const wanted = conference.filter((p) => p !== phone).reduce((sum, p) => sum + powerAt(window, p.hz), 0);
    const own = powerAt(window, phone.hz);
    const perOther = wanted / Math.max(1, conference.length - 1);
    return {
      snrDb: 10 * Math.log10(wanted / Math.max(1e-12, total - wanted)),
      ownLeakDb: 10 * Math.log10(Math.max(1e-12, own) / Math.max(1e-12, perOther)),
      heardAll: conference.filter((p) => p !== phone).every((p) => powerAt(window, p.hz) > 0.2 * perOther),
    };
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}
