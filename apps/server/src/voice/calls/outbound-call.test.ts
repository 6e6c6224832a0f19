import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from './fixtures/form-receiver';
import { refusingUasXml, type SippUas, startSippUas } from './fixtures/sipp-uas';

const UAS_MEDIA = join(import.meta.dirname, '../../../../../e2e/sip/scenarios/uas-media.xml');

/**
 * Real outbound calls on loopback (PGlite only, to spare CPU): IRIS with the api, worker and voice
 * roles and a local rtpengine; sipp plays the carriers behind two trunks.
 */
describe('outbound calls through trunks to sipp', () => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  const dir = mkdtempSync(join(tmpdir(), 'iris-voice-calls-'));
  const sipps: SippUas[] = [];
  beforeAll(async () => {
    // RTP ports 52000-53999: away from the rtpengine unit tests (30000-50400).
    const rtpMin = 52_000 + 2 * Math.floor(Math.random() * 400);
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    admin = await t.signup('Dialer Co');
  }, 60_000);
  afterAll(async () => {
    for (const sipp of sipps) sipp.child.kill('SIGKILL');
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const addTrunk = async (name: string, port: number, amountMicros: number, prefix = '+1555') => {
    const response = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: {
        name,
        host: '127.0.0.1',
        port,
        prefixes: [prefix],
        costPerMinute: { amountMicros, currency: 'USD' },
      },
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  it('fails over from a 503 trunk, plays Say, hangs up, and writes the CDR with callbacks in order', async () => {
    const refusing = await startSippUas({
      dir,
      name: 'refuse-503',
      scenario: refusingUasXml(503, 'Service Unavailable'),
    });
    const answering = await startSippUas({ dir, name: 'answer', scenario: UAS_MEDIA });
    sipps.push(refusing, answering);
    const cheap = await addTrunk('cheap but down', refusing.port, 1000);
    const good = await addTrunk('good', answering.port, 6000);
    const app = await startFormReceiver();
    try {
      const created = await t.request('/v1/calls', {
        token: admin.token,
        body: {
          to: '+15550001111',
          from: '+15550002222',
          verbs: [{ verb: 'say', text: 'Hello from IRIS' }, { verb: 'pause', length: 1 }, { verb: 'hangup' }],
          statusCallback: app.url('/status'),
          statusCallbackEvents: ['initiated', 'ringing', 'answered', 'completed'],
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('queued');
      const id = created.body.id as string;

      const done = await waitFor(
        async () => {
          const call = await t.request(`/v1/calls/${id}`, { token: admin.token });
          expect(call.body.status).toBe('completed');
          return call.body;
        },
        { timeoutMs: 40_000, intervalMs: 200 },
      );
      expect(done.attempts.map((a: { trunkId: string; sipCode: number }) => [a.trunkId, a.sipCode])).toEqual([
        [cheap, 503],
        [good, 200],
      ]);
      expect(done.trunkId).toBe(good);
      expect(done.history.map((h: { status: string }) => h.status)).toEqual([
        'queued',
        'initiated',
        'ringing',
        'in-progress',
        'completed',
      ]);
      expect(done.hangupCause).toEqual({ sipCode: 200, q850: 16, by: 'iris' });
      // Say (~1.5 s of speech) + 1 s pause: at least 2 billable seconds, priced per second at 6000 micros/min.
      expect(done.billableSeconds).toBeGreaterThanOrEqual(2);
      expect(done.durationSeconds).toBeGreaterThanOrEqual(done.billableSeconds - 1);
      expect(done.price).toEqual({
        amountMicros: Math.ceil((done.billableSeconds * 6000) / 60),
        currency: 'USD',
      });
      expect(new Date(done.answeredAt).getTime()).toBeGreaterThan(new Date(done.startedAt).getTime());
      expect(await answering.exitCode()).toBe(0); // sipp got our BYE
      expect(await refusing.exitCode()).toBe(0);

      const statuses = await waitFor(async () => {
        const sent = app.on('/status');
        expect(sent).toHaveLength(4);
        return sent;
      });
      expect(statuses.map((r) => [r.params.CallStatus, r.params.SequenceNumber])).toEqual([
        ['initiated', '0'],
        ['ringing', '1'],
        ['in-progress', '2'],
        ['completed', '3'],
      ]);
      expect(statuses[3]!.params).toMatchObject({
        CallSid: id,
        CallDuration: String(done.durationSeconds),
        SipResponseCode: '200',
      });
      expect(statuses[0]!.headers['x-twilio-signature']).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(statuses[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('records 3 s of the far end (Record), stores a WAV that is not silent, and serves and deletes it', async () => {
    const answering = await startSippUas({ dir, name: 'record', scenario: UAS_MEDIA });
    sipps.push(answering);
    await addTrunk('recording', answering.port, 0, '+1888');
    const app = await startFormReceiver();
    try {
      const created = await t.request('/v1/calls', {
        token: admin.token,
        body: {
          to: '+18880001111',
          from: '+15550002222',
          verbs: [{ verb: 'record', maxLength: 3, playBeep: true }, { verb: 'hangup' }],
          statusCallback: app.url('/status'),
        },
      });
      const id = created.body.id as string;
      await waitFor(
        async () => expect(app.on('/status').map((r) => r.params.CallStatus)).toEqual(['completed']),
        {
          timeoutMs: 30_000,
        },
      );
      const list = await t.request(`/v1/recordings?callId=${id}`, { token: admin.token });
      expect(list.body.data).toHaveLength(1);
      const recording = list.body.data[0];
      expect(recording).toMatchObject({ callId: id, status: 'completed', contentType: 'audio/wav' });
      expect(recording.durationSeconds).toBeGreaterThanOrEqual(2);
      const media = await fetch(`${t.url}/v1/recordings/${recording.id}/media`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(media.status).toBe(200);
      const wav = join(dir, 'recording.wav');
      writeFileSync(wav, Buffer.from(await media.arrayBuffer()));
      // sox prints its statistics on stderr; sipp's g711a.pcap is speech, so the RMS is far above silence.
      const stat = spawnSync('sox', [wav, '-n', 'stat'], { encoding: 'utf8' }).stderr;
      const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1]);
      expect(rms, stat).toBeGreaterThan(0.01);
      expect(await answering.exitCode()).toBe(0);
      const removed = await t.request(`/v1/recordings/${recording.id}`, {
        token: admin.token,
        method: 'DELETE',
      });
      expect(removed.status).toBe(204);
      const gone = await t.request(`/v1/recordings/${recording.id}/media`, { token: admin.token });
      expect(gone.status).toBe(404);
    } finally {
      await app.close();
    }
  }, 60_000);
});
