import { ApiError, clientError, parseProblem } from './api-error';

export type RequestJsonOptions<T> = {
  /** Turns the decoded JSON into the typed result; throw to reject an unexpected shape. */
  parse: (body: unknown) => T;
  /** Statuses whose body is a result rather than an error, e.g. 503 from /ready. Default: 2xx. */
  acceptStatuses?: readonly number[];
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
};

export type JsonResponse<T> = { status: number; data: T; requestId: string | undefined };

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The transport every API call goes through: same-origin fetch, JSON in and out, and every
 * failure turned into an ApiError (a generated OpenAPI client will replace the call sites later).
 */
export async function requestJson<T>(path: string, options: RequestJsonOptions<T>): Promise<JsonResponse<T>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) {
      throw new ApiError(
        clientError(
          'timeout',
          'The server did not answer',
          `No answer from ${path} within ${timeoutMs / 1000} s.`,
        ),
        { cause: error },
      );
    }
    throw new ApiError(
      clientError(
        'network_error',
        'The server is unreachable',
        `Could not connect to the server to fetch ${path}.`,
      ),
      { cause: error },
    );
  }

  const requestId = response.headers.get('x-request-id') ?? undefined;
  const body = await readJson(response);
  const accepted = options.acceptStatuses ? options.acceptStatuses.includes(response.status) : response.ok;
  if (!accepted) {
    const problem = parseProblem(body.ok ? body.value : undefined);
    throw new ApiError(
      problem ?? {
        ...clientError(
          'unexpected_response',
          `HTTP ${response.status}`,
          `${path} answered ${response.status} ${response.statusText}`.trim(),
          response.status,
        ),
        ...(requestId ? { requestId } : {}),
      },
    );
  }
  if (!body.ok) {
    throw new ApiError(
      clientError(
        'unexpected_response',
        'Unexpected response',
        `${path} did not answer with JSON.`,
        response.status,
      ),
    );
  }
  try {
    return { status: response.status, data: options.parse(body.value), requestId };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(
      clientError('unexpected_response', 'Unexpected response', `${path}: ${reason}`, response.status),
      { cause: error },
    );
  }
}

async function readJson(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const type = response.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return { ok: false };
  try {
    return { ok: true, value: await response.json() };
  } catch {
    return { ok: false };
  }
}
