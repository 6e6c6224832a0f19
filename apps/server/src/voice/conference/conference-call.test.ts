import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from '../calls/fixtures/form-receiver';
import { type SippUas, startSippUas } from '../calls/fixtures/sipp-uas';
import { meanPower, powerAt, ToneLeg, uacToToneLegXml } from './fixtures/tone-leg';

const XML = 'application/xml';
const NUMBER = '+447400123480';

type Leg = { tone: ToneLeg; sipp: SippUas; callId?: string };

/**
 * Three sipp callers dial a tenant number whose document is `<Dial><Conference>`; each caller's
 * media is a ToneLeg sending its own sine (one PCMA, two PCMU). Each must hear the other two and
 * not itself, through rtpengine and the voice node's mixer (PGlite).
 */
describe('conference of three callers', () => {
  let t: TestIris;
  let app: Awaited<ReturnType<typeof startFormReceiver>>;
  const legs: Leg[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'iris-conference-'));
  let joins = 0;
  beforeAll(async () => {
    const rtpMin = 52_000 + 2 * Math.floor(Math.random() * 400);
    app = await startFormReceiver((request) => {
      if (request.path === '/conf') {
        // The first caller is the moderator: the room ends when it leaves.
        joins += 1;
        const moderator = joins === 1 ? ' endConferenceOnExit="true"' : '';
        return {
          type: XML,
          body: `<Response><Dial action="${app.url('/after')}"><Conference${moderator}>standup</Conference></Dial></Response>`,
        };
      }
      if (request.path === '/after') return { type: XML, body: '<Response><Hangup/></Response>' };
      return {};
    });
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
  }, 60_000);
  afterAll(async () => {
    for (const leg of legs) {
      leg.tone.close();
      leg.sipp.child.kill();
    }
    await t?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('mixes each caller the other two (N-1), mutes, and ends the room when the moderator is kicked', async () => {
    const admin = await t.signup('Conference Co');
    const number = await t.request('/v1/numbers', {
      token: admin.token,
      body: { kind: 'phone_number', address: NUMBER, capabilities: ['voice'], provider: 'sandbox' },
    });
    expect(number.status, JSON.stringify(number.body)).toBe(201);
    const settings = await t.request(`/v1/voice/numbers/${number.body.id}`, {
      token: admin.token,
      method: 'PUT',
      body: { voiceUrl: app.url('/conf') },
    });
    expect(settings.status).toBe(200);

    const port = t.iris.voice!.sip.addresses()[0]!.port;
    const specs: [number, 0 | 8][] = [
      [500, 8],
      [850, 0],
      [1400, 0],
    ];
    for (const [hz, law] of specs) {
      const tone = await ToneLeg.open(hz, law);
      const sipp = await startSippUas({
        dir,
        name: `caller-${hz}`,
        scenario: uacToToneLegXml(tone.port, law),
        remote: `127.0.0.1:${port}`,
        service: NUMBER.slice(1),
      });
      legs.push({ tone, sipp });
    }

    // The API sees one room with three participants.
    const room = await waitFor(
      async () => {
        const list = await t.request('/v1/voice/conferences', { token: admin.token });
        expect(list.body.data).toHaveLength(1);
        expect(list.body.data[0]).toMatchObject({
          name: 'standup',
          status: 'in-progress',
          participantCount: 3,
        });
        return list.body.data[0];
      },
      { timeoutMs: 30_000 },
    );
    const detail = (await t.request(`/v1/voice/conferences/${room.id}`, { token: admin.token })).body;
    expect(detail.participants).toHaveLength(3);
    const moderator = detail.participants.find(
      (p: { endConferenceOnExit: boolean }) => p.endConferenceOnExit,
    );
    expect(moderator).toBeDefined();

    // Each leg hears the other two tones, not its own; figures: SNR of the wanted tones.
    const snrs = await waitFor(
      async () =>
        legs.map((leg) => {
          const window = leg.tone.lastSecond();
          expect(window).not.toBeNull();
          const others = legs.filter((other) => other !== leg).map((other) => other.tone.hz);
          const wanted = others.map((hz) => 2 * powerAt(window!, hz));
          for (const power of wanted) expect(power).toBeGreaterThan(0.005); // 6000/32768 sine ≈ 0.017
          expect(2 * powerAt(window!, leg.tone.hz)).toBeLessThan(0.0005);
          const signal = wanted.reduce((a, b) => a + b, 0);
          const snr = 10 * Math.log10(signal / Math.max(1e-12, meanPower(window!) - signal));
          // Once all three are in and the join beeps are over, only G.711 noise is left (~35 dB).
          expect(snr, `leg ${leg.tone.hz} Hz`).toBeGreaterThan(20);
          return snr;
        }),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    console.log(`conference SNR per leg (dB): ${snrs.map((s) => s.toFixed(1)).join(', ')}`);

    // Mute the 1400 Hz leg: the others stop hearing it.
    const [low, , high] = legs;
    const muteTarget = detail.participants.find((p: { from: string }) =>
      p.from.endsWith(String(high!.tone.port % 10_000)),
    );
    expect(muteTarget).toBeDefined();
    const muted = await t.request(`/v1/voice/conferences/standup/participants/${muteTarget.callId}`, {
      token: admin.token,
      body: { muted: true },
    });
    expect(muted.status).toBe(200);
    expect(muted.body.muted).toBe(true);
    await waitFor(
      async () => {
        const window = low!.tone.lastSecond()!;
        expect(2 * powerAt(window, 1400)).toBeLessThan(0.0005);
        expect(2 * powerAt(window, 850)).toBeGreaterThan(0.005);
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );

    // Kicking the moderator ends the room: every Dial goes to its action (Hangup), every caller gets a BYE.
    const kicked = await t.request(`/v1/voice/conferences/${room.id}/participants/${moderator.callId}`, {
      token: admin.token,
      method: 'DELETE',
    });
    expect(kicked.status).toBe(204);
    for (const leg of legs) expect(await leg.sipp.exitCode(30_000), leg.sipp.output()).toBe(0);
    const after = app.on('/after');
    expect(after).toHaveLength(3);
    for (const request of after) expect(request.params.DialCallStatus).toBe('completed');
    const list = await t.request('/v1/voice/conferences', { token: admin.token });
    expect(list.body.data).toEqual([]);
    expect((await t.request('/v1/voice/conferences/standup', { token: admin.token })).status).toBe(404);
  }, 120_000);
});
