import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, RouterView } from 'vue-router';
import { createAppRouter } from '../../../../router';
import { fakeApi, json, problem, session } from '../../../../testing/fake-api';

const endpoint = {
  id: 'whe_1',
  url: 'https://hooks.example.com/iris',
  description: null,
  events: ['message.*'],
  enabled: true,
  disabledReason: null,
  maxConcurrency: 10,
  failingSince: null,
  createdAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
};
const delivery = {
  id: 'whd_1',
  eventId: 'evt_1',
  eventType: 'webhook.test',
  status: 'pending',
  attempts: 1,
  nextAttemptAt: '2026-11-24T10:05:00Z',
  createdAt: '2026-11-24T10:00:00Z',
  completedAt: null,
  attemptLog: [
    {
      id: 'wha_1',
      statusCode: 503,
      error: null,
      latencyMs: 87,
      responseExcerpt: 'upstream down',
      createdAt: '2026-11-24T10:00:01Z',
    },
  ],
};
const refresh = () => json(session('tenant_admin'));
const catalog = () =>
  json({ openapi: '3.1.0', webhooks: { 'message.sent': {}, 'message.failed': {}, 'call.completed': {} } });

/** Mounts the real router's view at `path`, signed in as a tenant admin (the refresh answers a session). */
async function mountAt(path: string) {
  const router = createAppRouter(createMemoryHistory());
  const pinia = createPinia();
  setActivePinia(pinia);
  await router.push(path);
  expect(router.currentRoute.value.path).toBe(path);
  return mount(RouterView, { global: { plugins: [pinia, router] } });
}

describe('Webhooks pages', () => {
  it('adds an endpoint with events from the catalog and shows its secret once', async () => {
    const listed: unknown[] = [];
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/openapi.json': catalog,
      'GET /v1/webhooks': () => json({ data: listed, nextCursor: null }),
      'POST /v1/webhooks': () => {
        listed.push({ ...endpoint, events: ['message.*', 'call.completed'] });
        return json({ ...endpoint, events: ['message.*', 'call.completed'], secret: 'whsec_abc' }, 201);
      },
    });
    const wrapper = await mountAt('/portal/webhooks');
    await flushPromises();
    expect(wrapper.text()).toContain('No endpoints yet.');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add endpoint')!
      .trigger('click');
    await flushPromises();
    await wrapper.find('input[type="url"]').setValue('https://hooks.example.com/iris');
    const callBox = wrapper
      .findAll('label')
      .find((l) => l.text() === 'call.completed')!
      .find('input');
    await callBox.setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/v1/webhooks'));
    expect(await post!.json()).toEqual({
      url: 'https://hooks.example.com/iris',
      events: ['message.*', 'call.completed'],
      maxConcurrency: 10,
    });
    expect(wrapper.find('[data-testid="webhook-secret"]').text()).toBe('whsec_abc');
    expect(wrapper.find('[data-testid="webhook-list"]').text()).toContain('message.*, call.completed');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Done')!
      .trigger('click');
    expect(wrapper.find('[data-testid="webhook-secret"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows the problem+json message when the URL is refused', async () => {
    fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/openapi.json': catalog,
      'POST /v1/webhooks': () => problem(422, 'validation_failed', 'The URL is refused: 10.0.0.1 is private'),
    });
    const wrapper = await mountAt('/portal/webhooks');
    await flushPromises();
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add endpoint')!
      .trigger('click');
    await wrapper.find('input[type="url"]').setValue('http://10.0.0.1/');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('The URL is refused: 10.0.0.1 is private');
    wrapper.unmount();
  });

  it('lists deliveries, opens the detail drawer with request and response, and replays the event', async () => {
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/openapi.json': catalog,
      'GET /v1/webhooks/whe_1': () => json(endpoint),
      'GET /v1/webhooks/whe_1/deliveries': () => json({ data: [delivery], nextCursor: null }),
      'GET /v1/events/evt_1': () =>
        json({
          id: 'evt_1',
          type: 'webhook.test',
          data: { endpointId: 'whe_1', message: 'hi' },
          createdAt: '2026-11-24T10:00:00Z',
        }),
      'POST /v1/webhooks/whe_1/replay': () => json({ replayed: 1, truncated: false }, 202),
      'POST /v1/webhooks/whe_1/test': () => json({ eventId: 'evt_2' }, 202),
    });
    const wrapper = await mountAt('/portal/webhooks/whe_1');
    await flushPromises();
    const row = wrapper.find('[data-testid="delivery-list"] button');
    expect(row.text()).toContain('pending');
    expect(row.text()).toContain('503');
    expect(row.text()).toContain('87 ms');
    await row.trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="delivery-body"]').text()).toContain('"message": "hi"');
    expect(wrapper.text()).toContain('upstream down');
    expect(wrapper.text()).toMatch(/webhook-id:\s*evt_1/);
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Replay this event')!
      .trigger('click');
    await flushPromises();
    const replay = calls.find((c) => c.method === 'POST' && c.url.endsWith('/replay'));
    expect(await replay!.json()).toEqual({ eventId: 'evt_1' });
    expect(wrapper.text()).toContain('Replay queued');

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Send test event')!
      .trigger('click');
    await flushPromises();
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/whe_1/test'))).toBe(true);
    expect(wrapper.text()).toContain('Test event queued');
    wrapper.unmount();
  });
});
