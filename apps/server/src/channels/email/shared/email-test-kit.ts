import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiskObjectStore } from '../../../platform/storage/object-store';
import type { OutboundMessage, RawWebhook } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import type { SandboxSink } from '../../sandbox/sandbox-sink';
import type { EmailContent } from '../email-content';

/** A provider runtime over a throwaway disk object store (email adapters only use `storage`). */
export function createTestRuntime() {
  const root = mkdtempSync(join(tmpdir(), 'iris-email-'));
  const storage = createDiskObjectStore({ root });
  const runtime: ProviderRuntime = { storage, sandbox: undefined as unknown as SandboxSink };
  return { runtime, storage, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function outboundEmail(
  content: Partial<EmailContent> & Pick<EmailContent, 'messageIdHeader'>,
  overrides: Partial<OutboundMessage> = {},
): OutboundMessage {
  return {
    messageId: 'msg_01TEST',
    tenantId: 'ten_01TEST',
    channel: 'email',
    from: 'news@acme.test',
    to: 'ana@example.org',
    body: 'Hello Ana',
    media: [],
    subject: 'Welcome',
    content,
    callbackBaseUrl: 'http://127.0.0.1:1/hooks/email',
    ...overrides,
  };
}

/** A loopback HTTP server that keeps every request as the hook route would see it (raw bytes included). */
export async function startWebhookCapture() {
  const received: (RawWebhook & { bytes: Uint8Array })[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers.set(name, value);
      received.push({
        url: `http://${req.headers.host}${req.url}`,
        headers,
        body: bytes.toString('utf8'),
        bytes: new Uint8Array(bytes),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** The last request received, then forgets everything (each test step reads its own). */
    take() {
      const all = received.splice(0);
      return all;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
