import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../../app.vue';
import { createAppRouter } from '../../../router';
import { fakeApi, json, problem, session } from '../../../testing/fake-api';

const wrappers: { unmount(): void }[] = [];
afterEach(() => {
  for (const wrapper of wrappers.splice(0)) wrapper.unmount();
});

async function openLogin(path: string) {
  const router = createAppRouter(createMemoryHistory());
  const wrapper = mount(App, { global: { plugins: [createPinia(), router] }, attachTo: document.body });
  wrappers.push(wrapper);
  await router.push(path);
  await flushPromises();
  return { wrapper, router };
}

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof openLogin>>['wrapper']) {
  const inputs = wrapper.findAll('main input');
  await inputs[0]?.setValue('ana@example.com');
  await inputs[1]?.setValue('secret-password');
  await wrapper.find('main form').trigger('submit');
  await flushPromises();
}

describe('login page', () => {
  it('shows the problem+json message of a refused sign-in in an alert', async () => {
    fakeApi({
      'POST /v1/auth/refresh': () => problem(401, 'unauthorized', 'No session'),
      'POST /v1/auth/login': () => problem(401, 'invalid_credentials', 'The email or password is wrong'),
    });
    const { wrapper, router } = await openLogin('/login');
    await fillAndSubmit(wrapper);
    expect(wrapper.find('[role="alert"]').text()).toContain('The email or password is wrong');
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('signs in and goes where the visitor was headed', async () => {
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': () => problem(401, 'unauthorized', 'No session'),
      'POST /v1/auth/login': () => json(session('tenant_admin')),
    });
    const { wrapper, router } = await openLogin('/portal/reports');
    expect(router.currentRoute.value.name).toBe('login');
    await fillAndSubmit(wrapper);
    // The redirect loads the page's lazy chunk: wait for the navigation to finish.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/portal/reports'));
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.find('main h1').text()).toBe('Customer portal: not built yet'));
    const login = calls.find((c) => c.url.endsWith('/v1/auth/login'));
    expect(await login?.json()).toEqual({ email: 'ana@example.com', password: 'secret-password' });
  });

  it('sends agents to the agent desktop after signing in', async () => {
    fakeApi({
      'POST /v1/auth/refresh': () => problem(401, 'unauthorized', 'No session'),
      'POST /v1/auth/login': () => json(session('agent')),
    });
    const { wrapper, router } = await openLogin('/login');
    await fillAndSubmit(wrapper);
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/agent'));
  });
});
