import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from './fixtures/form-receiver';
import { type SippUas, startSippUas } from './fixtures/sipp-uas';
import { twilioSignature } from './twilio-signature';

const UAS_MEDIA = join(import.meta.dirname, '../../../../../e2e/sip/scenarios/uas-media.xml');

/** sox's statistics of a WAV (printed on stderr). */
function soxStat(file: string) {
  const stat = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }).stderr;
  return {
    text: stat,
    rms: Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1]),
    seconds: Number(/Length \(seconds\):\s+([\d.]+)/.exec(stat)?.[1]),
  };
}

/**
 * Issue 11, acceptance point 2, on loopback with real peers (PGlite only, to spare CPU): `POST
 * /v1/calls` → a sipp UAS answers (and streams sipp's 7 s g711a speech pcap) → Play (a WAV from
 * this test's HTTP server) → Record 5 s → the recording is stored, downloadable through its signed
 * URL without an API key, and not silent (sox), with `recording.completed` in the event log and the
 * recordingStatusCallback and Record action carrying the signed RecordingUrl.
 */
describe('Play then Record on an outbound call (acceptance)', () => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  const dir = mkdtempSync(join(tmpdir(), 'iris-record-call-'));
  const sipps: SippUas[] = [];
  beforeAll(async () => {
    // RTP ports 54000-55999: away from the rtpengine unit tests and outbound-call.test.ts.
    const rtpMin = 54_000 + 2 * Math.floor(Math.random() * 400);
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    admin = await t.signup('Voicemail Co');
  }, 60_000);
  afterAll(async () => {
    for (const sipp of sipps) sipp.child.kill('SIGKILL');
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plays a prompt, records 5 s of the far end, and serves a WAV that is not silent through its signed URL', async () => {
    // Half a second of 440 Hz: the prompt leaves most of sipp's 7 s of speech for the recording.
    const prompt = join(dir, 'prompt.wav');
    spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', prompt, 'synth', '0.5', 'sine', '440']);
    const app = await startFormReceiver((request) =>
      request.path === '/prompt.wav'
        ? { type: 'audio/wav', body: readFileSync(prompt) }
        : { type: 'application/xml', body: '<Response><Hangup/></Response>' },
    );
    const answering = await startSippUas({ dir, name: 'voicemail', scenario: UAS_MEDIA });
    sipps.push(answering);
    const trunk = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: { name: 'voicemail carrier', host: '127.0.0.1', port: answering.port, prefixes: ['+1555'] },
    });
    expect(trunk.status).toBe(201);
    try {
      const created = await t.request('/v1/calls', {
        token: admin.token,
        body: {
          to: '+15550003333',
          from: '+15550004444',
          verbs: [
            { verb: 'play', url: app.url('/prompt.wav') },
            {
              verb: 'record',
              maxLength: 5,
              playBeep: false,
              action: app.url('/after-record'),
              recordingStatusCallback: app.url('/recorded'),
            },
          ],
        },
      });
      expect(created.status).toBe(201);
      const callId = created.body.id as string;
      await waitFor(
        async () => {
          const call = await t.request(`/v1/calls/${callId}`, { token: admin.token });
          expect(call.body.status).toBe('completed');
        },
        { timeoutMs: 40_000, intervalMs: 250 },
      );
      expect(app.on('/prompt.wav')).toHaveLength(1);

      const list = await t.request(`/v1/recordings?callId=${callId}`, { token: admin.token });
      expect(list.body.data).toHaveLength(1);
      const recording = list.body.data[0];
      expect(recording).toMatchObject({ callId, status: 'completed', contentType: 'audio/wav' });
      expect(recording.durationSeconds).toBeGreaterThanOrEqual(4);
      expect(recording.durationSeconds).toBeLessThanOrEqual(5);

      // The download: the signed mediaUrl, no API key (PUBLIC_URL is not set in tests: same path on the test server).
      const signed = new URL(recording.mediaUrl);
      const media = await fetch(`${t.url}${signed.pathname}${signed.search}`);
      expect(media.status).toBe(200);
      const wav = join(dir, 'recording.wav');
      writeFileSync(wav, Buffer.from(await media.arrayBuffer()));
      const stat = soxStat(wav);
      // sipp's g711a.pcap is speech: the RMS is far above silence (digital silence is 0).
      expect(stat.rms, stat.text).toBeGreaterThan(0.01);
      expect(stat.seconds, stat.text).toBeGreaterThan(4.4);
      expect(stat.seconds, stat.text).toBeLessThanOrEqual(5.1);

      const events = await t.request('/v1/events?type=recording.completed', { token: admin.token });
      expect(
        events.body.data.map((e: { data: { recording: { id: string } } }) => e.data.recording),
      ).toContainEqual({
        id: recording.id,
        callId,
        durationSeconds: recording.durationSeconds,
        contentType: 'audio/wav',
        errorCode: null,
      });

      // The Record action and the recordingStatusCallback both get the signed RecordingUrl.
      const [action] = app.on('/after-record');
      expect(action!.params).toMatchObject({ RecordingSid: recording.id, Digits: 'hangup' });
      const [callback] = await waitFor(async () => {
        const got = app.on('/recorded');
        expect(got).toHaveLength(1);
        return got;
      });
      expect(callback!.params).toMatchObject({
        RecordingSid: recording.id,
        RecordingStatus: 'completed',
        RecordingDuration: String(recording.durationSeconds),
        CallSid: callId,
        AccountSid: admin.tenantId,
      });
      const secret = (await t.request('/v1/webhooks/callback-secret', { token: admin.token })).body.secret;
      expect(callback!.headers['x-twilio-signature']).toBe(
        twilioSignature(secret, app.url('/recorded'), callback!.params),
      );
      for (const url of [action!.params.RecordingUrl!, callback!.params.RecordingUrl!]) {
        const parsed = new URL(url);
        expect(parsed.pathname).toBe(`/v1/recordings/${recording.id}/media`);
        expect((await fetch(`${t.url}${parsed.pathname}${parsed.search}`)).status).toBe(200);
      }
      expect(await answering.exitCode()).toBe(0);
    } finally {
      await app.close();
    }
  }, 90_000);
});
