import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../../../packages/sdk/src/webhooks';

export type Received = {
  id: string;
  type: string;
  body: string;
  signature: string;
  verified: boolean;
  data: unknown;
};

/**
 * A tenant's webhook receiver on loopback: verifies every request with the SDK helper, records it,
 * and can be told to fail (status) or to take its time, while tracking its peak concurrency.
 */
export async function startWebhookReceiver(options: { secret?: () => string } = {}) {
  const received: Received[] = [];
  let answer = 200;
  let delayMs = 0;
  let inFlight = 0;
  let peak = 0;
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = createServer(async (req: IncomingMessage, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    let body = '';
    for await (const chunk of req) body += chunk;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const status = answer;
    let verified = false;
    let data: unknown;
    try {
      const secret = options.secret?.();
      if (secret)
        verified = Boolean(verifyWebhook({ secret, headers: req.headers as Record<string, string>, body }));
      data = JSON.parse(body).data;
    } catch {
      verified = false;
    }
    if (status >= 200 && status < 300) {
      received.push({
        id: String(req.headers['webhook-id']),
        type: JSON.parse(body).type,
        body,
        signature: String(req.headers['webhook-signature']),
        verified,
        data,
      });
      for (const waiter of [...waiters]) {
        if (received.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
    inFlight--;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'thanks' : `down (${status})`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    peak: () => peak,
    /** Answer every request with this status from now on (200 = healthy). */
    answerWith(status: number) {
      answer = status;
    },
    slowDown(ms: number) {
      delayMs = ms;
    },
    /** Resolves when `count` requests were accepted (2xx), or fails after `timeoutMs`. */
    waitFor(count: number, timeoutMs = 20_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length}/${count} webhooks arrived`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
