import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeServer } from '@iris/fakes';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboundMessage, ProviderError, type StatusUpdate } from './channels/channel';
import type { ProviderRuntime } from './channels/provider-runtime';
import { SMS_PROVIDERS } from './channels/sms/registry';
import type { SmsProvider } from './channels/sms/sms-provider';
import { exitOf, spawnTs, waitForLine } from './testing/child-process';
import { waitFor } from './testing/wait-for';

type Instance = { id: string; kind: 'sms'; provider: string; credentials: Record<string, unknown> };

/** The adapter a printed MESSAGING_PROVIDERS entry makes, exactly as IRIS would at start. */
function providerOf(instance: Instance): SmsProvider {
  const module = SMS_PROVIDERS.find((m) => m.id === instance.provider)!;
  const credentials = module.credentialsSchema.parse(instance.credentials);
  return (module.create as (o: unknown) => SmsProvider)({
    instanceId: instance.id,
    credentials,
    runtime: {} as ProviderRuntime,
  });
}

describe('iris fakes', () => {
  let child: ReturnType<typeof spawnTs>;
  // Stands in for a local IRIS: verifies and parses what the fakes send to /hooks/sms/<id>/...
  let iris: FakeServer;
  const providers = new Map<string, SmsProvider>();
  const received: { path: string; parsed: StatusUpdate[] | InboundMessage[] }[] = [];
  const instances = new Map<string, Instance>();
  const urls = new Map<string, string>();
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-fakes-'));

  beforeAll(async () => {
    const app = new Hono();
    app.post('/hooks/sms/:id/:what', async (c) => {
      const provider = providers.get(c.req.param('id'));
      const raw = { url: c.req.url, headers: c.req.raw.headers, body: await c.req.text() };
      try {
        const parsed =
          c.req.param('what') === 'status'
            ? await provider!.parseStatusWebhook!(raw)
            : await provider!.parseInboundWebhook!(raw);
        received.push({ path: c.req.path, parsed });
        return c.json({ ok: true });
      } catch (error) {
        return c.json({}, error instanceof ProviderError ? 401 : 500);
      }
    });
    iris = await startFakeServer({ app });
    child = spawnTs('src/cli.ts', {
      args: ['fakes', '--only', 'vonage,sinch', '--port-base', '0', '--iris-url', iris.url],
      env: { IRIS_DATA_DIR: dataDir },
    });
    await waitForLine(child, /^fakes ready \(2\)$/, 55_000);
    for (const line of child.output().split('\n')) {
      const entry = /MESSAGING_PROVIDERS entry: (.+)$/.exec(line);
      if (entry) {
        const instance = JSON.parse(entry[1]!) as Instance;
        instances.set(instance.id, instance);
        providers.set(instance.id, providerOf(instance));
      }
      const heading = /^ {2}(\w+) \(sms\) {2}(http:\S+)$/.exec(line);
      if (heading) urls.set(heading[1]!, heading[2]!);
    }
    // Each CLI process loads the whole server through tsx: seconds on a busy machine.
  }, 60_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await iris?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints each fake with its URL, a MESSAGING_PROVIDERS entry IRIS accepts, and the combined config', () => {
    expect([...instances.keys()]).toEqual(['vonage', 'sinch']);
    expect(instances.get('sinch')).toMatchObject({
      kind: 'sms',
      provider: 'sinch',
      credentials: {
        baseUrl: urls.get('sinch'),
        servicePlanId: expect.any(String),
        apiToken: expect.any(String),
      },
    });
    expect(instances.get('vonage')!.credentials.privateKey).toContain('BEGIN PRIVATE KEY');
    const output = child.output();
    expect(output).toContain(`curl -s -X POST ${urls.get('sinch')}/_fake/inbound`);
    expect(output).toContain(`MESSAGING_ROUTES='[{"kind":"sms","providers":["vonage","sinch"]}]'`);
    const all = /MESSAGING_PROVIDERS='(.+)'$/m.exec(output)!;
    expect(JSON.parse(all[1]!)).toEqual([instances.get('vonage'), instances.get('sinch')]);
  });

  it('a send with the printed credentials is accepted, and the fake calls back to IRIS, signed', async () => {
    const result = await providers.get('vonage')!.send(
      {
        messageId: 'msg_cli',
        tenantId: 'ten_cli',
        channel: 'sms',
        from: '+447911123457',
        to: '+447911123456',
        body: 'from the cli test',
        media: [],
        callbackBaseUrl: `${iris.url}/hooks/sms`,
      },
      { signal: AbortSignal.timeout(5000) },
    );
    const statuses = await waitFor(async () => {
      const found = received
        .filter((r) => r.path === '/hooks/sms/vonage/status')
        .flatMap((r) => r.parsed as StatusUpdate[]);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(statuses.map((s) => [s.providerMessageId, s.status])).toEqual([
      [result.providerMessageId, 'sent'],
      [result.providerMessageId, 'delivered'],
    ]);
  });

  it('POST /_fake/inbound makes the fake send IRIS a signed inbound message', async () => {
    const response = await fetch(`${urls.get('sinch')}/_fake/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+14155550100', to: '+12015550177', body: 'hello IRIS' }),
    });
    expect(await response.json()).toEqual({ delivered: [200] });
    const inbound = received.find((r) => r.path === '/hooks/sms/sinch/inbound')!.parsed as InboundMessage[];
    expect(inbound).toEqual([
      expect.objectContaining({
        provider: 'sinch',
        from: '+14155550100',
        to: '+12015550177',
        body: 'hello IRIS',
      }),
    ]);
  });

  it('stops on SIGTERM; started again it keeps its keys, so pasted config stays valid', async () => {
    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    await expect(fetch(`${urls.get('sinch')}/_fake/inbound`, { method: 'POST' })).rejects.toThrow();
    const again = spawnTs('src/cli.ts', {
      args: ['fakes', '--only', 'vonage', '--port-base', '0'],
      env: { IRIS_DATA_DIR: dataDir },
    });
    const entry = await waitForLine(again, /MESSAGING_PROVIDERS entry: /, 55_000);
    again.kill('SIGTERM');
    const instance = JSON.parse(entry.split('MESSAGING_PROVIDERS entry: ')[1]!) as Instance;
    expect(instance.credentials.privateKey).toBe(instances.get('vonage')!.credentials.privateKey);
    expect(instance.credentials.applicationId).toBe(instances.get('vonage')!.credentials.applicationId);
    expect((await exitOf(again)).code).toBe(0);
  }, 60_000);

  it('refuses an unknown fake name', async () => {
    const wrong = spawnTs('src/cli.ts', {
      args: ['fakes', '--only', 'nope'],
      env: { IRIS_DATA_DIR: dataDir },
    });
    expect((await exitOf(wrong)).code).toBe(2);
    expect(wrong.output()).toMatch(/no fake named nope \(known: [^)]*\bmessagebird\b[^)]*\)/);
  }, 60_000);
});
