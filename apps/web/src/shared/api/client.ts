import type { components, paths } from '@iris/sdk';
import createClient from 'openapi-fetch';
import { ApiError, clientError, parseProblem } from './api-error';

export type Schemas = components['schemas'];

/** What the client needs from the session: the in-memory access token and a way to renew it. */
export type TokenSource = {
  token(): string | undefined;
  /** Renews the access token from the refresh cookie; resolves undefined when the session is gone. */
  refresh(): Promise<string | undefined>;
};

let tokens: TokenSource = { token: () => undefined, refresh: async () => undefined };

/** The auth store registers itself here so every API call carries the current access token. */
export function useTokenSource(source: TokenSource) {
  tokens = source;
}

// Requests that must not trigger a refresh-and-retry (they are how a session starts or renews).
const NO_RETRY = /\/v1\/auth\/(login|signup|refresh|logout|password-reset)/;

/**
 * fetch with the bearer token; on a 401 it renews the token once (silently, from the httpOnly
 * refresh cookie) and repeats the request once. A second 401 goes to the caller.
 */
export async function authedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const send = (req: Request, token: string | undefined) => {
    if (token) req.headers.set('authorization', `Bearer ${token}`);
    return fetch(req);
  };
  let response: Response;
  try {
    response = await send(request, tokens.token());
  } catch (error) {
    throw new ApiError(
      clientError(
        'network_error',
        'The server is unreachable',
        `Could not reach ${new URL(request.url).pathname}.`,
      ),
      { cause: error },
    );
  }
  if (response.status !== 401 || NO_RETRY.test(request.url)) return response;
  const renewed = await tokens.refresh();
  if (!renewed) return response;
  return send(retry, renewed);
}

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  fetch: authedFetch,
});

/** Turns openapi-fetch's `{ data, error, response }` into the data, or throws the problem as ApiError. */
export async function unwrap<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await pending;
  if (response.ok && data !== undefined && data !== null) return data as NonNullable<T>;
  if (response.ok && response.status === 204) return undefined as unknown as NonNullable<T>;
  const problem = parseProblem(error);
  throw new ApiError(
    problem ??
      clientError(
        'unexpected_response',
        `HTTP ${response.status}`,
        `${new URL(response.url || 'http://x/').pathname} answered ${response.status}`,
        response.status,
      ),
  );
}

/** A message for any thrown value, using the problem+json detail when there is one. */
export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) return { title: error.title, detail: error.detail };
  if (error instanceof Error) return { title: 'Something went wrong', detail: error.message };
  return { title: 'Something went wrong', detail: String(error) };
}
