import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey, loadMasterKey } from '../../platform/crypto/secrets';
import { createDiskObjectStore } from '../../platform/storage/object-store';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { silentLogger } from '../../testing/test-logger';
import { waitFor } from '../../testing/wait-for';
import { startFormReceiver } from '../../voice/calls/fixtures/form-receiver';
import { twilioSignature } from '../../voice/calls/twilio-signature';
import { purgeExpiredRecordingsJob } from './purge-expired-recordings.job';
import { RECORDING_CALLBACK } from './recording-callback.job';
import { signedRecordingUrl } from './recording-url';

const WAV = Buffer.from('RIFF fake wav bytes for the download test');

/**
 * Recordings without a call: rows written as the voice role writes them (the object in the store,
 * the row in `recordings`), then the API, signed URLs, the status-callback job and the retention
 * job on them. The recording itself is made by a real call in voice/calls/record-call.test.ts.
 */
describe.each(databaseKinds())('recordings on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let other: Awaited<ReturnType<TestIris['signup']>>;
  const storage = () => createDiskObjectStore({ root: join(t.iris.config.dataDir, 'objects') });
  const keys = () => ({
    accessTokenKey: deriveKey(
      loadMasterKey({ secretKey: t.iris.config.secretKey, dataDir: t.iris.config.dataDir }),
      'access-token',
    ),
    config: t.iris.config,
  });
  let counter = 0;
  async function addRecording(tenantId: string, daysAgo = 0) {
    const id = `rec_test${kind}${++counter}`;
    const key = `recordings/${tenantId}/${id}.wav`;
    await storage().put(key, WAV);
    await t.iris.database.executeSql(
      `insert into recordings (id, tenant_id, call_id, status, storage_key, content_type, duration_seconds, size_bytes, created_at)
       values ($1, $2, 'call_test', 'completed', $3, 'audio/wav', 4, $4, now() - make_interval(days => $5::int))`,
      [id, tenantId, key, WAV.length, daysAgo],
    );
    return { id, key };
  }
  /** The signed URL's path and query, sent to the test server (PUBLIC_URL is not set in tests). */
  const local = (mediaUrl: string) => {
    const url = new URL(mediaUrl);
    return `${t.url}${url.pathname}${url.search}`;
  };

  beforeAll(async () => {
    t = await startTestIris(kind, { RECORDING_URL_TTL_SECONDS: '600', IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true' });
    admin = await t.signup('Recorder Co');
    other = await t.signup('Other Co');
  }, 60_000);
  afterAll(() => t?.close());

  it('gives each recording a signed, expiring mediaUrl that downloads without an API key', async () => {
    const { id } = await addRecording(admin.tenantId);
    const before = Math.floor(Date.now() / 1000);
    const got = await t.request(`/v1/recordings/${id}`, { token: admin.token });
    expect(got.status).toBe(200);
    const mediaUrl = new URL(got.body.mediaUrl);
    expect(mediaUrl.pathname).toBe(`/v1/recordings/${id}/media`);
    const expires = Number(mediaUrl.searchParams.get('expires'));
    expect(expires).toBeGreaterThanOrEqual(before + 600);
    expect(expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    const listed = await t.request('/v1/recordings', { token: admin.token });
    expect(listed.body.data.find((r: { id: string }) => r.id === id).mediaUrl).toMatch(/signature=/);

    const download = await fetch(local(got.body.mediaUrl));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(WAV);
    // The authenticated path keeps working; another tenant's key still gets a 404.
    const authed = await fetch(`${t.url}/v1/recordings/${id}/media`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(authed.status).toBe(200);
    expect((await t.request(`/v1/recordings/${id}/media`, { token: other.token })).status).toBe(404);
    expect((await t.request(`/v1/recordings/${id}/media`)).status).toBe(401);
  });

  it('refuses altered, foreign and expired signatures with 403 problem+json', async () => {
    const { id } = await addRecording(admin.tenantId);
    const second = await addRecording(admin.tenantId);
    const url = new URL(signedRecordingUrl(keys(), id));
    const signature = url.searchParams.get('signature')!;
    const expires = url.searchParams.get('expires')!;
    const tries = [
      `/v1/recordings/${id}/media?expires=${expires}&signature=${signature.slice(0, -2)}AA`,
      `/v1/recordings/${id}/media?expires=${Number(expires) + 1}&signature=${signature}`,
      `/v1/recordings/${id}/media?expires=0${expires}&signature=${signature}`,
      `/v1/recordings/${second.id}/media?expires=${expires}&signature=${signature}`,
      `/v1/recordings/${id}/media?signature=${signature}`,
      new URL(signedRecordingUrl(keys(), id, Date.now() - 601_000)).pathname +
        new URL(signedRecordingUrl(keys(), id, Date.now() - 601_000)).search,
    ];
    for (const path of tries) {
      const response = await t.request(path);
      expect(response.status, path).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe('forbidden');
    }
    expect((await fetch(`${t.url}${url.pathname}${url.search}`)).status).toBe(200);
  });

  it('deletes through the API with recording.deleted; the signed URL then answers 404', async () => {
    const { id } = await addRecording(admin.tenantId);
    const mediaUrl = (await t.request(`/v1/recordings/${id}`, { token: admin.token })).body.mediaUrl;
    expect((await t.request(`/v1/recordings/${id}`, { token: other.token, method: 'DELETE' })).status).toBe(
      404,
    );
    expect((await t.request(`/v1/recordings/${id}`, { token: admin.token, method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await fetch(local(mediaUrl))).status).toBe(404);
    const events = await t.request('/v1/events?type=recording.deleted', { token: admin.token });
    expect(
      events.body.data.map((e: { data: { recording: { id: string } } }) => e.data.recording.id),
    ).toContain(id);
  });

  it("posts recordingStatusCallback signed like status callbacks, X-Twilio-Signature per the tenant's setting", async () => {
    const app = await startFormReceiver();
    try {
      const { id } = await addRecording(admin.tenantId);
      const secret = (await t.request('/v1/webhooks/callback-secret', { token: admin.token })).body.secret;
      await t.iris.jobs.enqueue(RECORDING_CALLBACK, { recordingId: id, url: app.url('/recorded') });
      const [first] = await waitFor(async () => {
        const got = app.on('/recorded');
        expect(got).toHaveLength(1);
        return got;
      });
      expect(first!.params).toMatchObject({
        RecordingSid: id,
        RecordingStatus: 'completed',
        RecordingDuration: '4',
        CallSid: 'call_test',
        AccountSid: admin.tenantId,
      });
      expect(first!.params.RecordingUrl).toMatch(
        new RegExp(`/v1/recordings/${id}/media\\?expires=\\d+&signature=`),
      );
      expect((await fetch(local(first!.params.RecordingUrl!))).status).toBe(200);
      expect(first!.headers['x-twilio-signature']).toBe(
        twilioSignature(secret, app.url('/recorded'), first!.params),
      );
      expect(first!.headers['webhook-signature']).toMatch(/^v1,/);

      const off = await t.request('/v1/voice/settings', {
        token: admin.token,
        method: 'PUT',
        body: { twilioSignature: false },
      });
      expect(off.body.twilioSignature).toBe(false);
      await t.iris.jobs.enqueue(RECORDING_CALLBACK, { recordingId: id, url: app.url('/recorded') });
      const second = await waitFor(async () => {
        const got = app.on('/recorded');
        expect(got).toHaveLength(2);
        return got[1]!;
      });
      expect(second.headers['x-twilio-signature']).toBeUndefined();
      expect(second.headers['webhook-signature']).toMatch(/^v1,/);
    } finally {
      await app.close();
      await t.request('/v1/voice/settings', {
        token: admin.token,
        method: 'PUT',
        body: { twilioSignature: true },
      });
    }
  });

  it("deletes recordings past each tenant's retention (object, row, recording.deleted), idempotently", async () => {
    const tenant = await t.signup(`Retention ${kind}`);
    const keeper = await t.signup(`Keeper ${kind}`);
    const old = await addRecording(tenant.tenantId, 31);
    const recent = await addRecording(tenant.tenantId, 29);
    const keptForever = await addRecording(keeper.tenantId, 400);
    const set = await t.request('/v1/voice/settings', {
      token: tenant.token,
      method: 'PUT',
      body: { recordingRetentionDays: 30 },
    });
    expect(set.body).toEqual({ twilioSignature: true, recordingRetentionDays: 30 });

    const job = purgeExpiredRecordingsJob({ db: t.iris.database.db, jobs: t.iris.jobs, storage: storage() });
    await job.handler({}, { jobId: 'test-1', logger: silentLogger });
    await job.handler({}, { jobId: 'test-2', logger: silentLogger });

    const left = await t.request('/v1/recordings', { token: tenant.token });
    expect(left.body.data.map((r: { id: string }) => r.id)).toEqual([recent.id]);
    expect(await storage().size(old.key)).toBeNull();
    expect(await storage().size(recent.key)).toBe(WAV.length);
    expect((await t.request('/v1/recordings', { token: keeper.token })).body.data).toHaveLength(1);
    expect(await storage().size(keptForever.key)).toBe(WAV.length);
    const events = await t.request('/v1/events?type=recording.deleted', { token: tenant.token });
    expect(events.body.data.map((e: { data: { recording: { id: string } } }) => e.data.recording.id)).toEqual(
      [old.id],
    );
  });
});
