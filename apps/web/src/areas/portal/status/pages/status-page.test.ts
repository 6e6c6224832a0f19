import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../../../router';
import StatusPage from './status-page.vue';

type Reply = { status: number; body: unknown; type?: string; headers?: Record<string, string> };

const READY = {
  status: 'ready',
  checks: { database: { ok: true, ms: 3 }, jobs: { ok: true, ms: 5 }, bus: { ok: true, ms: 0 } },
};

function json({ status, body, type = 'application/json', headers = {} }: Reply): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type, ...headers } });
}

/** Stubs fetch with one answer per path; returns the mock to inspect calls. */
function stubServer(routes: Record<string, () => Response | Promise<Response>>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const path = String(input);
    const route = routes[path];
    if (!route) throw new Error(`unexpected fetch ${path}`);
    return route();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function mountPage() {
  return mount(StatusPage, {
    global: { plugins: [createPinia(), createAppRouter(createMemoryHistory())] },
  });
}

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
});

async function render() {
  const wrapper = mountPage();
  mounted.push(wrapper);
  await flushPromises();
  return wrapper;
}

describe('status page', () => {
  it('shows a loading state until both answers arrive', async () => {
    let answer: (response: Response) => void = () => {};
    stubServer({
      '/health': () => json({ status: 200, body: { status: 'ok' } }),
      '/ready': () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    const wrapper = await render();
    expect(wrapper.text()).toContain('Checking the server…');
    expect(wrapper.find('button[aria-busy="true"]').exists()).toBe(true);

    answer(json({ status: 200, body: READY }));
    await flushPromises();
    expect(wrapper.text()).toContain('All systems operational');
    expect(wrapper.find('button[aria-busy="true"]').exists()).toBe(false);
  });

  it('lists every check with its latency when the server is ready', async () => {
    const fetchMock = stubServer({
      '/health': () => json({ status: 200, body: { status: 'ok' } }),
      '/ready': () => json({ status: 200, body: READY }),
    });
    const wrapper = await render();

    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(wrapper.text()).toContain('All systems operational');
    expect(wrapper.text()).toContain('Alive');
    const checks = wrapper.findAll('li[data-check]');
    expect(checks.map((c) => c.attributes('data-check'))).toEqual(['database', 'jobs', 'bus']);
    expect(checks[0]?.text()).toContain('Database');
    expect(checks[0]?.text()).toContain('3 ms');
    expect(checks[1]?.text()).toContain('Job queue');
    expect(checks[1]?.text()).toContain('5 ms');
    expect(checks[2]?.text()).toContain('Event bus');
    for (const check of checks) expect(check.text()).toContain('OK');
  });

  it('shows a degraded state with the failing check and its error when /ready answers 503', async () => {
    stubServer({
      '/health': () => json({ status: 200, body: { status: 'ok' } }),
      '/ready': () =>
        json({
          status: 503,
          body: {
            status: 'unavailable',
            checks: {
              database: { ok: false, ms: 2001, error: 'no answer within 2000 ms' },
              jobs: { ok: true, ms: 4 },
              bus: { ok: true, ms: 1 },
            },
          },
        }),
    });
    const wrapper = await render();

    expect(wrapper.text()).toContain('Degraded service');
    expect(wrapper.text()).toContain('1 of 3 checks failing: Database.');
    expect(wrapper.text()).toContain('Unavailable');
    const database = wrapper.find('li[data-check="database"]');
    expect(database.text()).toContain('Failing');
    expect(database.text()).toContain('2001 ms');
    expect(database.text()).toContain('no answer within 2000 ms');
    expect(wrapper.find('li[data-check="jobs"]').text()).toContain('OK');
  });

  it('says the server is unreachable when fetch fails, and recovers on retry', async () => {
    let up = false;
    stubServer({
      '/health': () => {
        if (!up) throw new TypeError('Failed to fetch');
        return json({ status: 200, body: { status: 'ok' } });
      },
      '/ready': () => {
        if (!up) throw new TypeError('Failed to fetch');
        return json({ status: 200, body: READY });
      },
    });
    const wrapper = await render();

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain("Can't reach the IRIS server");
    expect(alert.text()).toContain('iris start');
    expect(wrapper.findAll('li[data-check]')).toHaveLength(0);

    up = true;
    const retry = wrapper.findAll('button').find((b) => b.text() === 'Try again');
    expect(retry).toBeDefined();
    await retry?.trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('All systems operational');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('shows the problem details when the server answers with an error', async () => {
    stubServer({
      '/health': () => json({ status: 200, body: { status: 'ok' } }),
      '/ready': () =>
        json({
          status: 500,
          type: 'application/problem+json',
          body: {
            type: 'https://iris.dev/problems/internal',
            title: 'Internal server error',
            status: 500,
            code: 'internal',
            detail: 'An internal error occurred; it has been logged with this request id',
            requestId: 'req-42',
          },
        }),
    });
    const wrapper = await render();

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('The server answered with an error');
    expect(alert.text()).toContain('Internal server error: An internal error occurred');
    expect(alert.text()).toContain('code internal');
    expect(alert.text()).toContain('HTTP 500');
    expect(alert.text()).toContain('request id req-42');
  });

  it('links to the API reference and the OpenAPI document', async () => {
    stubServer({
      '/health': () => json({ status: 200, body: { status: 'ok' } }),
      '/ready': () => json({ status: 200, body: READY }),
    });
    const wrapper = await render();
    const hrefs = wrapper.findAll('a').map((a) => a.attributes('href'));
    expect(hrefs).toContain('/docs');
    expect(hrefs).toContain('/v1/openapi.json');
    expect(wrapper.find('h1').text()).toBe('System status');
  });
});
