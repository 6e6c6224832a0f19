// SIP throughput and media capacity. Calls per second: one sipp UAC (closed loop: -l caps the calls
// in flight, -r is high so the callee sets the pace) against sipp's own UAS, against a bare @iris/sip
// UAS, and through the e2e harness B2BUA (no media) to a sipp UAS, in the same run. Then concurrent
// calls with audio both ways through a userspace rtpengine, with loss seen at rtpengine.
// Usage: npm run bench:sip -w bench [-- calls inFlight concurrentMediaCalls]   (default 5000 50 20)
// Past ~50 calls in flight on 2 cores, answers can take longer than T1 (500 ms): our INVITE is then
// retransmitted, and sipp's UAS aborts a call on an INVITE retransmitted after its 200 (a sipp
// limitation), so the B2BUA row shows 32 s timeouts rather than the stack's throughput.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSipStack, type SipStack } from '@iris/sip';
import type { CallRecord } from '../e2e/sip/harness/call-record';
import { startHarness } from '../e2e/sip/harness/harness';
import { startMediaEngine } from '../e2e/sip/harness/media-engine';
import { ProcessGroup, stopProcess } from '../e2e/sip/harness/processes';
import { type SippRun, startSipp } from '../e2e/sip/harness/sipp';
import { printTable, writeResult } from './lib/report';

const calls = Number(process.argv[2] ?? 5000);
const inFlight = Number(process.argv[3] ?? 50);
const mediaCalls = Number(process.argv[4] ?? 20);
/** g711a.pcap: 236 RTP packets over 7.05 s, streamed by each side of each media call. */
const PCAP_PACKETS = 236;

const dir = mkdtempSync(join(tmpdir(), 'iris-bench-sip-'));
const group = new ProcessGroup();
let runs = 0;
const runDir = (name: string) => {
  runs += 1;
  const path = join(dir, `${runs}-${name}`);
  mkdirSync(path);
  return path;
};

const SDP =
  'v=0\r\no=iris 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

/** The stack alone as a UAS: 180 then 200 with SDP to INVITE, 200 to BYE (what sipp's UAS does). */
async function startStackUas(): Promise<SipStack> {
  const stack = await createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
  stack.onRequest((incoming) => {
    if (incoming.request.method === 'INVITE') {
      incoming.reply(180);
      incoming.reply(200, 'OK', { 'Content-Type': 'application/sdp' }, SDP);
    } else incoming.reply(200);
  });
  return stack;
}

/** Runs sipp's built-in UAC against host:port and measures completed calls per second. */
async function measureCps(remotePort: number) {
  const started = performance.now();
  const uac = await startSipp(group, {
    scenario: 'uac',
    dir: runDir('uac'),
    remote: `127.0.0.1:${remotePort}`,
    calls,
    extraArgs: ['-r', '10000', '-l', String(inFlight)],
    timeoutSeconds: 120,
  });
  await uac.exitCode(150_000);
  const seconds = (performance.now() - started) / 1000;
  const { successful, failed } = sippTotals(uac);
  return { cps: Math.round(successful / seconds), successful, failed, seconds: Number(seconds.toFixed(2)) };
}

function sippTotals(run: SippRun) {
  const screen = run.child.output();
  const last = (label: string) => {
    const matches = [...screen.matchAll(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, 'g'))];
    return Number(matches.at(-1)?.[1] ?? 0);
  };
  return { successful: last('Successful call'), failed: last('Failed call') };
}

/** sipp's built-in UAS, kept whole: its closing timewait answers BYEs retransmitted after a loss. */
const startSippUas = () => startSipp(group, { scenario: 'uas', dir: runDir('uas'), calls: 0 });

async function cpsFigures() {
  const sippUas = await startSippUas();
  const baseline = await measureCps(sippUas.port);
  await stopProcess(sippUas.child);

  const stack = await startStackUas();
  const stackUas = await measureCps(stack.addresses()[0]?.port ?? 0);
  await stack.close();

  const calleeUas = await startSippUas();
  const harness = await startHarness({ ng: null, forwardTo: { host: '127.0.0.1', port: calleeUas.port } });
  const b2bua = await measureCps(harness.port);
  await harness.close();
  await stopProcess(calleeUas.child);
  return { baseline, stackUas, b2bua };
}

async function mediaFigures() {
  const media = await startMediaEngine({
    dataDir: join(dir, 'rtpengine'),
    portMin: 20_000,
    portMax: 20_000 + 8 * mediaCalls + 100,
  }).catch((error: Error) => error);
  if (media instanceof Error) return { skipped: media.message };
  try {
    const uas = await startSipp(group, {
      scenario: 'uas-media.xml',
      dir: runDir('uas-media'),
      calls: mediaCalls,
    });
    const harness = await startHarness({ ng: media.ng, forwardTo: { host: '127.0.0.1', port: uas.port } });
    const ended: CallRecord[] = [];
    harness.events.on('ended', (call) => ended.push(call));
    let peak = 0;
    harness.events.on('answered', () => {
      peak = Math.max(peak, harness.calls.filter((c) => c.state === 'answered').length);
    });
    const uac = await startSipp(group, {
      scenario: 'uac-media-long.xml',
      dir: runDir('uac-media'),
      remote: `127.0.0.1:${harness.port}`,
      calls: mediaCalls,
      extraArgs: ['-r', String(mediaCalls), '-l', String(mediaCalls)],
      timeoutSeconds: 60,
    });
    await Promise.all([uac.exitCode(70_000), uas.exitCode(70_000)]);
    // The harness finishes a call (rtpengine query + delete) just after sipp has seen its BYE answered.
    const deadline = Date.now() + 5_000;
    while (ended.length < harness.calls.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await harness.close();
    // rtpengine's own counters: what it relayed on (egress), where query only shows what it received.
    const { total } = await media.ng.statistics();
    const totals = { received: 0, errors: 0 };
    for (const call of ended) {
      for (const tag of [call.aTag, call.bTag ?? '']) {
        for (const stream of call.media?.tags[tag]?.medias[0]?.streams ?? []) {
          if (!stream.flags.includes('RTP')) continue;
          totals.received += stream.stats.packets;
          totals.errors += stream.stats.errors;
        }
      }
    }
    const expected = ended.length * 2 * PCAP_PACKETS;
    const lossPercent = (count: number) =>
      expected === 0 ? 100 : Number((100 * (1 - count / expected)).toFixed(2));
    return {
      concurrentCalls: peak,
      completed: ended.length,
      expected,
      ...totals,
      relayed: total.relayedPackets,
      relayErrors: total.relayedPacketErrors,
      lossInPercent: lossPercent(totals.received),
      lossOutPercent: lossPercent(total.relayedPackets),
      sipp: sippTotals(uac),
    };
  } finally {
    await media.stop();
  }
}

try {
  const cps = await cpsFigures();
  const ratio = Number((cps.stackUas.cps / cps.baseline.cps).toFixed(2));
  const b2buaRatio = Number((cps.b2bua.cps / cps.baseline.cps).toFixed(2));
  const media = await mediaFigures();
  printTable(`sip: ${calls} calls, ${inFlight} in flight (sipp built-in UAC)`, [
    { callee: 'sipp built-in UAS', ...cps.baseline },
    { callee: '@iris/sip UAS', ...cps.stackUas },
    { callee: 'harness B2BUA → sipp UAS', ...cps.b2bua },
    { callee: 'ratio @iris/sip / sipp', cps: ratio },
    { callee: 'ratio B2BUA / sipp', cps: b2buaRatio },
  ]);
  if ('skipped' in media) console.log(`media: skipped (${media.skipped})`);
  else
    printTable(`sip media: ${mediaCalls} concurrent calls, g711a both ways through userspace rtpengine`, [
      {
        concurrentCalls: media.concurrentCalls,
        completed: media.completed,
        packetsExpected: media.expected,
        receivedByRtpengine: media.received,
        relayedByRtpengine: media.relayed,
        errors: media.errors + media.relayErrors,
        lossInPercent: media.lossInPercent,
        lossOutPercent: media.lossOutPercent,
      },
    ]);
  writeResult('sip', { calls, inFlight, mediaCalls, cps, ratio, b2buaRatio, media });
} finally {
  await group.stopAll();
  rmSync(dir, { recursive: true, force: true });
}
