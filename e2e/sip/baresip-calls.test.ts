import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalMediaControl, QueryResult } from '../../apps/server/src/voice/rtpengine/index.js';
import { type Baresip, startBaresip } from './harness/baresip';
import type { CallRecord } from './harness/call-record';
import { type Harness, startHarness } from './harness/harness';
import { startMediaEngine } from './harness/media-engine';
import { ProcessGroup } from './harness/processes';
import { waitForEvent } from './harness/wait-for-event';
import { wavRms, writeToneWav } from './harness/wav';

// Two real softphones (baresip) register with digest to the harness and call each other through it,
// with the media relayed by rtpengine.
const USERS = { alice: 'alice-secret', bob: 'bob-secret' };
const group = new ProcessGroup();
let dir: string;
let engine: LocalMediaControl;
let harness: Harness;
let alice: Baresip;
let bob: Baresip;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iris-e2e-baresip-'));
  const portMin = 24_000 + 2 * Math.floor(Math.random() * 2_000);
  engine = await startMediaEngine({ dataDir: join(dir, 'rtpengine'), portMin, portMax: portMin + 200 });
  harness = await startHarness({ ng: engine.ng, users: USERS });
  const wav = join(dir, 'tone.wav');
  writeToneWav(wav);
  const registrar = { host: '127.0.0.1', port: harness.port };
  const registered = (user: string) =>
    waitForEvent<{ user: string }>(harness.events, 'registered', (r) => r.user.includes(`:${user}@`), 15_000);
  const bothRegistered = Promise.all([registered('alice'), registered('bob')]);
  const rtpBase = portMin + 400;
  [alice, bob] = await Promise.all([
    startBaresip(group, {
      user: 'alice',
      password: USERS.alice,
      registrar,
      wav,
      dir,
      rtpPorts: [rtpBase, rtpBase + 98],
    }),
    startBaresip(group, {
      user: 'bob',
      password: USERS.bob,
      registrar,
      wav,
      dir,
      rtpPorts: [rtpBase + 100, rtpBase + 198],
    }),
  ]);
  await bothRegistered;
});

afterAll(async () => {
  await Promise.all([alice?.stop(), bob?.stop()]);
  await group.stopAll();
  await harness?.close();
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Packets rtpengine received from one participant (i.e. relayed towards the other). */
const packetsFrom = (media: QueryResult | undefined, tag: string | undefined) =>
  (media?.tags[tag ?? '']?.medias[0]?.streams ?? [])
    .filter((stream) => stream.flags.includes('RTP'))
    .reduce((sum, stream) => sum + stream.stats.packets, 0);

/** Waits until rtpengine has relayed `count` packets each way (audio flows at 50 packets/s). */
async function audioFlowing(callId: string, tags: [string, string], count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const media = await engine.ng.query({ callId });
    if (tags.every((tag) => packetsFrom(media, tag) >= count)) return;
    if (Date.now() > deadline) throw new Error(`audio did not flow: ${JSON.stringify(media.totals)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function establishCall(): Promise<CallRecord> {
  const answered = waitForEvent<CallRecord>(harness.events, 'answered', () => true, 15_000);
  const established = Promise.all([alice.nextEvent('CALL_ESTABLISHED'), bob.nextEvent('CALL_ESTABLISHED')]);
  const dial = await alice.command('dial', `sip:bob@127.0.0.1:${harness.port}`);
  expect(dial.ok).toBe(true);
  const [record] = await Promise.all([answered, established]);
  await audioFlowing(record.id, [record.aTag, record.bTag ?? ''], 50);
  return record;
}

describe('baresip ↔ harness ↔ baresip', () => {
  it('registers both phones with digest', () => {
    expect(harness.registrar.lookup('alice')?.contact).toMatch(/^sip:alice.*@127\.0\.0\.1:\d+/);
    expect(harness.registrar.lookup('bob')?.contact).toMatch(/^sip:bob.*@127\.0\.0\.1:\d+/);
  });

  it('connects alice to bob with audio both ways; the caller hangs up', async () => {
    const record = await establishCall();
    const ended = waitForEvent<CallRecord>(harness.events, 'ended', (c) => c.id === record.id, 15_000);
    const closed = Promise.all([alice.nextEvent('CALL_CLOSED'), bob.nextEvent('CALL_CLOSED')]);
    await alice.command('hangup');
    const [done] = await Promise.all([ended, closed]);
    expect(done).toMatchObject({ state: 'ended', endedBy: 'a', finalStatus: 200 });
    expect(packetsFrom(done.media, done.aTag)).toBeGreaterThanOrEqual(50);
    expect(packetsFrom(done.media, done.bTag)).toBeGreaterThanOrEqual(50);

    // What bob's phone decoded from the call is the tone alice sent, not silence.
    const decoded = readdirSync(bob.dumpDir).filter((name) => name.endsWith('-dec.wav'));
    expect(decoded.length).toBeGreaterThan(0);
    const { rms, samples } = wavRms(join(bob.dumpDir, decoded[0] as string));
    expect(samples).toBeGreaterThan(8_000 * 0.5);
    expect(rms).toBeGreaterThan(1_000);
  });

  it('connects alice to bob again; the callee hangs up', async () => {
    const record = await establishCall();
    const ended = waitForEvent<CallRecord>(harness.events, 'ended', (c) => c.id === record.id, 15_000);
    const closed = Promise.all([alice.nextEvent('CALL_CLOSED'), bob.nextEvent('CALL_CLOSED')]);
    await bob.command('hangup');
    const [done] = await Promise.all([ended, closed]);
    expect(done).toMatchObject({ state: 'ended', endedBy: 'b' });
    expect(done.media?.totals.rtp.packets).toBeGreaterThanOrEqual(100);
  });
});
