import { FAKE_CATALOG, type FakeServer, startFakeServer } from '@iris/fakes';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../channels/channel';
import type { ProviderRuntime } from '../../channels/provider-runtime';
import { SMS_PROVIDERS } from '../../channels/sms/registry';
import type { SmsProvider } from '../../channels/sms/sms-provider';

/**
 * The `iris fakes` entries of Twilio, Telnyx, Bandwidth and Plivo: the credentials each prints are
 * accepted by its adapter's credentials schema, and `POST /_fake/inbound` reaches the local IRIS's
 * hook signed so that the adapter verifies and parses it.
 */
describe('carrier fakes in the catalog', () => {
  let iris: FakeServer;
  const providers = new Map<string, SmsProvider>();
  const parsed: InboundMessage[] = [];

  beforeAll(async () => {
    const app = new Hono().post('/hooks/sms/:id/inbound', async (c) => {
      const provider = providers.get(c.req.param('id'))!;
      const raw = { url: c.req.url, headers: c.req.raw.headers, body: await c.req.text() };
      parsed.push(...(await provider.parseInboundWebhook!(raw)));
      return c.json({ received: 1 });
    });
    iris = await startFakeServer({ app });
  });
  afterAll(() => iris?.close());

  it.each(['twilio', 'telnyx', 'bandwidth', 'plivo'])(
    '%s: printed credentials work with the adapter, and its inbound arrives signed',
    async (name) => {
      const entry = FAKE_CATALOG.find((e) => e.name === name)!;
      expect(entry.kind).toBe('sms');
      const instanceId = `${name}-local`;
      const fake = await entry.start({
        host: '127.0.0.1',
        port: 0,
        instanceId,
        hooksUrl: `${iris.url}/hooks/sms/${instanceId}`,
      });
      try {
        expect(fake.provider).toBe(name);
        const module = SMS_PROVIDERS.find((m) => m.id === name)!;
        const credentials = module.credentialsSchema.parse(fake.credentials);
        providers.set(
          instanceId,
          (module.create as (o: unknown) => SmsProvider)({
            instanceId,
            credentials,
            runtime: {} as ProviderRuntime,
          }),
        );
        const response = await fetch(`${fake.server.url}/_fake/inbound`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fake.inboundExample),
        });
        expect(await response.json()).toEqual({ delivered: [200] });
        expect(parsed.at(-1)).toMatchObject({
          provider: instanceId,
          from: fake.inboundExample!.from,
          to: fake.inboundExample!.to,
          body: fake.inboundExample!.body,
        });
      } finally {
        await fake.server.close();
      }
    },
  );
});
