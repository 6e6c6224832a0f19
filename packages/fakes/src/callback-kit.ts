import { createHash, createHmac, createVerify, randomUUID } from 'node:crypto';

/**
 * What a fake can do wrong (on purpose) to the webhooks it sends, so that a receiver's signature
 * checks, stale-timestamp refusal and dedupe are proven against real HTTP traffic.
 */
export type CallbackFaults = {
  /** Sign with a key the receiver does not have. */
  badSignature?: boolean;
  /** Send no signature at all. */
  unsigned?: boolean;
  /** Deliver every request twice (providers deliver at least once). */
  duplicate?: boolean;
  /** Deliver a batch last-first (providers do not promise order). */
  reorder?: boolean;
  /** Sign as if this many seconds ago: a stale timestamp or an expired token. */
  staleSeconds?: number;
};

export type OutgoingWebhook = {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
};

/** Signs one webhook for a moment in time (seconds since the epoch) under the given faults. */
export type WebhookSigner<E> = (event: E, at: { seconds: number; faults: CallbackFaults }) => OutgoingWebhook;

/** Sends webhooks once each (faults applied); the receiver's answers, in delivery order. */
export async function deliverWebhooks<E>(
  events: E[],
  sign: WebhookSigner<E>,
  faults: CallbackFaults = {},
): Promise<Response[]> {
  const seconds = Math.floor(Date.now() / 1000) - (faults.staleSeconds ?? 0);
  const requests = events.map((event) => sign(event, { seconds, faults }));
  const ordered = faults.reorder ? [...requests].reverse() : requests;
  const responses: Response[] = [];
  for (const request of ordered)
    for (let copy = 0; copy < (faults.duplicate ? 2 : 1); copy++)
      responses.push(
        await fetch(request.url, { method: request.method, headers: request.headers, body: request.body }),
      );
  return responses;
}

/**
 * The provider's own retry loop for the callbacks it sends by itself after a send: signs afresh and
 * retries until the receiver answers 2xx (or a minute passes), as carriers deliver at least once.
 */
export function createCallbackQueue() {
  const pending = new Set<Promise<void>>();
  return {
    /** Delivers `events` in order, each retried until acknowledged. */
    enqueue<E>(events: E[], sign: WebhookSigner<E>, faults: () => CallbackFaults) {
      const run = (async () => {
        for (const event of events) {
          const deadline = Date.now() + 60_000;
          while (Date.now() < deadline) {
            try {
              const responses = await deliverWebhooks([event], sign, faults());
              if (responses.every((r) => r.ok)) break;
            } catch {
              // The receiver is down: try again, as providers do.
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      })();
      pending.add(run);
      void run.finally(() => pending.delete(run));
    },
    /** Resolves when every callback enqueued so far was acknowledged (or gave up). */
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** A compact JWT signed HS256 (RFC 7519), the way Vonage and MessageBird sign their webhooks. */
export function signJwtHs256(claims: Record<string, unknown>, secret: string): string {
  const input = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Verifies an RS256 JWT with a PEM public key; its claims, or undefined when forged or malformed. */
export function verifyJwtRs256(token: string, publicKeyPem: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  try {
    if ((JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string }).alg !== 'RS256')
      return undefined;
    const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
    if (!verifier.verify(publicKeyPem, Buffer.from(signature, 'base64url'))) return undefined;
    return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export const newUuid = () => randomUUID();

/** The secret a fake signs with when told to sign badly. */
export const WRONG_SECRET = 'not-the-shared-secret';
