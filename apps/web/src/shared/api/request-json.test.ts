import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { requestJson } from './request-json';

const asRecord = (body: unknown) => body as Record<string, unknown>;

function answer(response: Response | Error) {
  const fetchMock = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('requestJson', () => {
  it('returns the parsed body, status and request id of a 2xx answer', async () => {
    const fetchMock = answer(
      new Response('{"status":"ok"}', {
        headers: { 'content-type': 'application/json', 'x-request-id': 'r1' },
      }),
    );
    const result = await requestJson('/health', { parse: asRecord });
    expect(result).toEqual({ status: 200, data: { status: 'ok' }, requestId: 'r1' });
    expect(fetchMock).toHaveBeenCalledWith('/health', expect.objectContaining({ method: 'GET' }));
  });

  it('sends a JSON body with its content type', async () => {
    const fetchMock = answer(
      new Response('{}', { status: 201, headers: { 'content-type': 'application/json' } }),
    );
    await requestJson('/v1/things', { method: 'POST', body: { name: 'a' }, parse: asRecord });
    const init = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init[1].body).toBe('{"name":"a"}');
    expect(init[1].headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('accepts listed non-2xx statuses as results', async () => {
    answer(
      new Response('{"status":"unavailable"}', {
        status: 503,
        headers: { 'content-type': 'application/json' },
      }),
    );
    const result = await requestJson('/ready', { parse: asRecord, acceptStatuses: [200, 503] });
    expect(result.status).toBe(503);
    expect(result.data).toEqual({ status: 'unavailable' });
  });

  it('turns a problem+json answer into a typed ApiError', async () => {
    const problem = {
      type: 'https://iris.dev/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      code: 'validation_failed',
      detail: 'The body is invalid: name: Required',
      requestId: 'req-7',
      errors: [{ path: 'name', message: 'Required' }],
    };
    answer(
      new Response(JSON.stringify(problem), {
        status: 422,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );
    const error = await caught(requestJson('/v1/things', { parse: asRecord }));
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      title: 'Validation failed',
      detail: 'The body is invalid: name: Required',
      requestId: 'req-7',
      fieldErrors: [{ path: 'name', message: 'Required' }],
    });
    expect(error.unreachable).toBe(false);
  });

  it('describes an error answer that is not a problem document', async () => {
    answer(
      new Response('<h1>Bad gateway</h1>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html', 'x-request-id': 'r9' },
      }),
    );
    const error = await caught(requestJson('/ready', { parse: asRecord }));
    expect(error).toMatchObject({ status: 502, code: 'unexpected_response', requestId: 'r9' });
    expect(error.detail).toContain('502');
  });

  it('reports a network failure as unreachable (status 0)', async () => {
    answer(new TypeError('Failed to fetch'));
    const error = await caught(requestJson('/health', { parse: asRecord }));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.unreachable).toBe(true);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('reports a timeout when the server does not answer in time', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_path: string, init: RequestInit) =>
          new Promise((_, reject) => {
            init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
          }),
      ),
    );
    const error = await caught(requestJson('/health', { parse: asRecord, timeoutMs: 20 }));
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
  });

  it('rethrows the caller’s own abort untouched', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_path: string, init: RequestInit) =>
          new Promise((_, reject) => {
            init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          }),
      ),
    );
    const controller = new AbortController();
    const pending = requestJson('/health', { parse: asRecord, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects a 2xx body that is not JSON or fails the parser', async () => {
    answer(new Response('hello', { headers: { 'content-type': 'text/plain' } }));
    expect(await caught(requestJson('/health', { parse: asRecord }))).toMatchObject({
      code: 'unexpected_response',
    });

    answer(new Response('{"status":"nope"}', { headers: { 'content-type': 'application/json' } }));
    const error = await caught(
      requestJson('/health', {
        parse: () => {
          throw new Error('expected {"status":"ok"}');
        },
      }),
    );
    expect(error).toMatchObject({ code: 'unexpected_response', status: 200 });
    expect(error.detail).toContain('expected {"status":"ok"}');
  });
});
