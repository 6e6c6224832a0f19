import { type FakeServer, startFakeServer } from '@iris/fakes';
import { Hono } from 'hono';
import { type InboundMessage, ProviderError, type RawWebhook, type StatusUpdate } from '../../channel';
import type { SmsProvider } from '../sms-provider';

export type HookHarness = FakeServer & {
  /** `<harness>/status` and `/inbound` run the adapter's parsers; anything else is only recorded. */
  at(path: string): string;
  /** What each accepted webhook parsed to, in arrival order. */
  parsed: (StatusUpdate[] | InboundMessage[])[];
  /** Every webhook received, raw. */
  captured: RawWebhook[];
};

/**
 * For carrier adapter tests (Vonage, MessageBird, Sinch): a loopback receiver that hands each
 * request to the adapter the way `/hooks/sms/{id}/...` does — raw URL, headers and body; 401 when
 * the signature is refused — so fakes sign over real HTTP without a database behind it.
 */
export async function startHookHarness(provider: SmsProvider): Promise<HookHarness> {
  const parsed: HookHarness['parsed'] = [];
  const captured: RawWebhook[] = [];
  const app = new Hono();
  app.all('/:path', async (c) => {
    const raw: RawWebhook = { url: c.req.url, headers: c.req.raw.headers, body: await c.req.text() };
    captured.push(raw);
    const path = c.req.param('path');
    const parser =
      path === 'status'
        ? provider.parseStatusWebhook?.bind(provider)
        : path === 'inbound'
          ? provider.parseInboundWebhook?.bind(provider)
          : undefined;
    if (!parser) return c.body(new Uint8Array([9, 9]), 200, { 'content-type': 'application/octet-stream' });
    try {
      parsed.push(await parser(raw));
      return c.json({ ok: true });
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'invalid_signature') return c.json({}, 401);
      return c.json({ error: String(error) }, 400);
    }
  });
  const server = await startFakeServer({ app });
  return Object.assign(server, { at: (path: string) => `${server.url}/${path}`, parsed, captured });
}
