import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup } from './ssrf-guard';

export type PostResult =
  | { ok: true; status: number; body: string; latencyMs: number }
  | { ok: false; error: string; latencyMs: number };

const EXCERPT_BYTES = 1024;

/**
 * POSTs to a tenant's URL with the SSRF guard on the socket's DNS lookup, a connect timeout and a
 * total timeout. Reads at most an excerpt of the answer: a receiver cannot make us buffer megabytes.
 */
export function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; connectTimeoutMs: number; totalTimeoutMs: number },
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'IRIS-Webhooks/1',
        ...headers,
        'content-length': Buffer.byteLength(body),
      },
      lookup: guardedLookup(options.allowPrivate),
      agent: false,
    });
    const total = setTimeout(
      () => req.destroy(new Error(`no answer within ${options.totalTimeoutMs} ms`)),
      options.totalTimeoutMs,
    );
    req.on('socket', (socket) => {
      const connect = setTimeout(
        () => req.destroy(new Error(`could not connect within ${options.connectTimeoutMs} ms`)),
        options.connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(connect));
      socket.once('secureConnect', () => clearTimeout(connect));
      socket.once('close', () => clearTimeout(connect));
    });
    req.on('response', (res) => {
      let excerpt = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (excerpt.length < EXCERPT_BYTES) excerpt += chunk.slice(0, EXCERPT_BYTES - excerpt.length);
      });
      res.on('end', () => {
        clearTimeout(total);
        resolve({ ok: true, status: res.statusCode ?? 0, body: excerpt, latencyMs: elapsed() });
      });
      res.on('error', (error) => {
        clearTimeout(total);
        resolve({ ok: false, error: error.message, latencyMs: elapsed() });
      });
    });
    req.on('error', (error) => {
      clearTimeout(total);
      resolve({ ok: false, error: error.message, latencyMs: elapsed() });
    });
    req.end(body);
  });
}
