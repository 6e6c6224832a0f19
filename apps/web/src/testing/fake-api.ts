import { vi } from 'vitest';

type Handler = (request: Request) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

export const problem = (status: number, code: string, detail: string) =>
  json({ type: 'about:blank', title: code, status, code, detail }, status);

export function session(role: 'agent' | 'supervisor' | 'tenant_admin', token = 'tok-1') {
  return {
    accessToken: token,
    expiresIn: 900,
    user: {
      id: 'usr_1',
      email: 'ana@example.com',
      name: 'Ana',
      isPlatformAdmin: false,
      createdAt: '2026-01-01T00:00:00Z',
    },
    tenant: { id: 'ten_1', name: 'Acme', status: 'active', createdAt: '2026-01-01T00:00:00Z' },
    role,
  };
}

/**
 * Stubs global fetch with handlers keyed by "METHOD /path" (query ignored). Unknown routes answer
 * an empty page, which is what most list endpoints return for a fresh tenant.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request =
      input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
    calls.push(request.clone());
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const handler = routes[key];
    if (handler) return handler(request);
    if (key === 'GET /health') return json({ status: 'ok' });
    if (key === 'GET /ready') return json({ status: 'ready', checks: {} });
    return json({ data: [], nextCursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}
