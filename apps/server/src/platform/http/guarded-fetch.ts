import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress } from './ssrf-guard';

export type GuardedResponse = { status: number; ok: boolean; headers: Headers; body: Buffer; url: string };

export type GuardedFetchOptions = {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Loopback and private networks allowed (tests, on-premises apps): IRIS_ALLOW_PRIVATE_WEBHOOKS. */
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
};

/** Redirect hops followed; each hop's address goes through the guard again. */
const MAX_REDIRECTS = 5;

export class GuardedFetchError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * A GET/POST to a tenant's URL with the SSRF guard on each socket's own DNS lookup (the address
 * checked is the address connected to, also after redirects), a total timeout and a size cap. Global
 * fetch cannot take a lookup function, hence node:http.
 */
export async function guardedFetch(raw: string, options: GuardedFetchOptions): Promise<GuardedResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(raw);
  let method = options.method ?? 'GET';
  let body = options.body;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new GuardedFetchError(`unsupported URL scheme ${url.protocol}`);
    // Sockets skip the lookup for an IP-literal host, so the guard checks literals itself.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && isIP(literal) && isPrivateAddress(literal))
      throw new GuardedFetchError(`${literal} is a private address`, 'ESSRF');
    const response = await send(url, method, body, options, signal);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      // 303 (and 301/302 after a POST, as browsers do) turn into a GET without a body.
      if (response.status === 303 || method === 'POST') {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    return response;
  }
  throw new GuardedFetchError(`more than ${MAX_REDIRECTS} redirects`);
}

function send(
  url: URL,
  method: 'GET' | 'POST',
  body: string | undefined,
  options: GuardedFetchOptions,
  signal: AbortSignal,
): Promise<GuardedResponse> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string | number> = { 'user-agent': 'IRIS-Voice/1', ...options.headers };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const req = request(url, {
      method,
      headers,
      lookup: guardedLookup(options.allowPrivate),
      agent: false,
      signal,
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new GuardedFetchError(
          error.name === 'AbortError' ? `no answer within ${options.timeoutMs} ms` : error.message,
          error.code,
        ),
      );
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          reject(new GuardedFetchError(`answer larger than ${options.maxBytes} bytes`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
        }
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          headers: responseHeaders,
          body: Buffer.concat(chunks),
          url: url.toString(),
        });
      });
    });
    req.end(body);
  });
}
