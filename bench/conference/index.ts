// Conference mixer bench: IRIS's G.711 mixer (voice/conference) against Janus's AudioBridge with
// plain-RTP participants, on the same loopback phones. For 3, 5 and 10 legs per conference it runs
// `rooms` conferences at once for `seconds` and reports the mixing process's CPU per conference
// (from /proc) and how each leg heard the others, judged every second over the last second (SNR of
// the others' tones, whether each was heard, and its own tone's leak, which N-1 mixing keeps out).
// Usage: tsx conference/index.ts [seconds=8] [rooms=4]
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { printTable, type Row, writeResult } from '../lib/report';
import { janusInstalled, startJanus } from './janus';
import { cpuSeconds, judge, openPhones, type Phone, startSpeaking } from './phones';

const seconds = Number(process.argv[2] ?? 8);
const rooms = Number(process.argv[3] ?? 4);
const SIZES = [3, 5, 10];
const WARMUP_MS = 2000;

type Measure = {
  cpuPercentPerConference: number;
  snrDbMedian: number;
  snrDbP10: number;
  ownLeakDbMax: number;
  heardAllPercent: number;
  packetsReceivedPerLegPerSecond: number;
};

async function measure(pid: number, conferences: Phone[][]): Promise<Measure> {
  const phones = conferences.flat();
  const stop = startSpeaking(phones);
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const cpu0 = cpuSeconds(pid);
  const received0 = phones.reduce((n, p) => n + p.received, 0);
  const t0 = performance.now();
  // Every second, how each leg heard its last second: one verdict per leg and window.
  const verdicts: ReturnType<typeof judge> = [];
  for (let s = 0; s < seconds; s += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    verdicts.push(...conferences.flatMap(judge));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const received = phones.reduce((n, p) => n + p.received, 0) - received0;
  stop();
  const snrs = verdicts.map((v) => v.snrDb).sort((a, b) => a - b);
  return {
    cpuPercentPerConference: round((100 * cpu) / elapsed / conferences.length, 2),
    snrDbMedian: round(snrs[Math.floor(snrs.length / 2)]!, 1),
    snrDbP10: round(snrs[Math.floor(snrs.length / 10)]!, 1),
    ownLeakDbMax: round(Math.max(...verdicts.map((v) => v.ownLeakDb)), 1),
    heardAllPercent: round((100 * verdicts.filter((v) => v.heardAll).length) / verdicts.length, 1),
    packetsReceivedPerLegPerSecond: round(received / phones.length / elapsed, 1),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

async function runIris(size: number): Promise<Measure & { lateTicks: number }> {
  const conferences = await Promise.all(Array.from({ length: rooms }, () => openPhones(size)));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./mixer-node.ts', import.meta.url).pathname,
      JSON.stringify(conferences.map((c) => c.map((p) => p.port))),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { port } = JSON.parse((await lines.next()).value as string) as { port: number };
  for (const phone of conferences.flat()) phone.target = { host: '127.0.0.1', port };
  const result = await measure(child.pid!, conferences);
  child.kill('SIGTERM');
  const stats = JSON.parse((await lines.next()).value as string) as { lateTicks: number };
  for (const phone of conferences.flat()) phone.socket.close();
  return { ...result, lateTicks: stats.lateTicks };
}

async function runJanus(size: number): Promise<Measure & { joinMs: number }> {
  const janus = await startJanus(18_000 + Math.floor(Math.random() * 1000));
  try {
    const conferences = await Promise.all(Array.from({ length: rooms }, () => openPhones(size)));
    const started = performance.now();
    for (const [i, conference] of conferences.entries()) {
      await janus.createRoom(1000 + i);
      for (const phone of conference) phone.target = await janus.joinRtp(1000 + i, phone.port);
    }
    const joinMs = round((performance.now() - started) / (size * rooms), 1);
    const result = await measure(janus.pid, conferences);
    for (const phone of conferences.flat()) phone.socket.close();
    return { ...result, joinMs };
  } finally {
    await janus.stop();
  }
}

const rows: Row[] = [];
const figures: Record<string, unknown>[] = [];
for (const size of SIZES) {
  const iris = await runIris(size);
  rows.push({ mixer: 'iris g711', legs: size, rooms, ...iris });
  figures.push({ mixer: 'iris-g711', legs: size, rooms, seconds, ...iris });
  if (janusInstalled()) {
    try {
      const janus = await runJanus(size);
      rows.push({ mixer: 'janus audiobridge', legs: size, rooms, ...janus });
      figures.push({ mixer: 'janus-audiobridge', legs: size, rooms, seconds, ...janus });
    } catch (error) {
      rows.push({ mixer: 'janus audiobridge', legs: size, rooms, error: String(error).slice(0, 60) });
      figures.push({ mixer: 'janus-audiobridge', legs: size, error: String(error) });
    }
  }
}
if (!janusInstalled())
  console.log('janus is not installed (apt-get install janus): only the IRIS mixer was measured');
printTable(
  `Conference mixing: ${rooms} rooms at once, ${seconds} s, CPU of the mixing process per room (100 % = one core)`,
  rows,
);
writeResult('conference', figures);
process.exit(0);
