import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, json, problem, session } from '../../testing/fake-api';
import { useAuthStore } from '../auth/auth.store';
import { ApiError } from './api-error';
import { api, unwrap } from './client';

beforeEach(() => setActivePinia(createPinia()));

describe('api client', () => {
  it('sends the access token and renews it once, silently, on a 401', async () => {
    let refreshes = 0;
    const { calls } = fakeApi({
      'POST /v1/auth/login': () => json(session('tenant_admin', 'old')),
      'POST /v1/auth/refresh': () => {
        refreshes += 1;
        return json(session('tenant_admin', 'new'));
      },
      'GET /v1/numbers': (request) =>
        request.headers.get('authorization') === 'Bearer new'
          ? json({ data: [], nextCursor: null })
          : problem(401, 'unauthorized', 'Access token expired'),
    });
    const auth = useAuthStore();
    await auth.login({ email: 'ana@example.com', password: 'x' });

    const page = await unwrap(api.GET('/v1/numbers'));
    expect(page).toEqual({ data: [], nextCursor: null });
    expect(refreshes).toBe(1);
    expect(auth.accessToken).toBe('new');
    const numberCalls = calls.filter((c) => c.url.endsWith('/v1/numbers'));
    expect(numberCalls.map((c) => c.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it('shares one refresh between parallel 401s and gives up after the one retry', async () => {
    let refreshes = 0;
    fakeApi({
      'POST /v1/auth/refresh': async () => {
        refreshes += 1;
        return json(session('agent', 'still-bad'));
      },
      'GET /v1/numbers': () => problem(401, 'unauthorized', 'Access token expired'),
    });
    useAuthStore();
    const results = await Promise.allSettled([
      unwrap(api.GET('/v1/numbers')),
      unwrap(api.GET('/v1/numbers')),
    ]);
    expect(refreshes).toBe(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(ApiError);
      expect(reason).toMatchObject({ status: 401, code: 'unauthorized', detail: 'Access token expired' });
    }
  });

  it('signs out when the refresh cookie is no longer valid', async () => {
    fakeApi({
      'POST /v1/auth/login': () => json(session('agent')),
      'POST /v1/auth/refresh': () => problem(401, 'unauthorized', 'Session expired'),
      'GET /v1/numbers': () => problem(401, 'unauthorized', 'Access token expired'),
    });
    const auth = useAuthStore();
    await auth.login({ email: 'ana@example.com', password: 'x' });
    await expect(unwrap(api.GET('/v1/numbers'))).rejects.toMatchObject({ status: 401 });
    expect(auth.signedIn).toBe(false);
  });

  it('throws the problem+json detail of an error answer', async () => {
    fakeApi({ 'POST /v1/auth/login': () => problem(401, 'invalid_credentials', 'Wrong email or password') });
    const auth = useAuthStore();
    await expect(auth.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      code: 'invalid_credentials',
      detail: 'Wrong email or password',
    });
    expect(auth.signedIn).toBe(false);
  });
});
