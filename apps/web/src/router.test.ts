import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from './app.vue';
import { createAppRouter } from './router';

async function renderAt(path: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('{"status":"ok"}', { headers: { 'content-type': 'application/json' } })),
  );
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(App, { global: { plugins: [createPinia(), router] } });
  await flushPromises();
  return { wrapper, router };
}

const wrappers: { unmount(): void }[] = [];
afterEach(() => {
  for (const wrapper of wrappers.splice(0)) wrapper.unmount();
});

describe('router', () => {
  it.each([
    ['/portal', 'Customer portal'],
    ['/portal/numbers', 'Customer portal'],
    ['/agent', 'Agent desktop'],
    ['/agent/inbox/conv_1', 'Agent desktop'],
    ['/admin', 'Platform admin'],
    ['/admin/tenants', 'Platform admin'],
  ])('shows the not-built page for %s', async (path, area) => {
    const { wrapper } = await renderAt(path);
    wrappers.push(wrapper);
    const main = wrapper.find('main');
    expect(main.find('h1').text()).toBe('This part of IRIS is not built yet');
    expect(main.text()).toContain(area);
    expect(main.text()).toContain('Sign-in comes with accounts');
    expect(main.text()).toContain(path);
    expect(main.find('a[href="/"]').text()).toBe('Back to system status');
    expect(document.title).toBe(`${area} · IRIS`);
  });

  it('shows a not-found page for paths outside the areas', async () => {
    const { wrapper } = await renderAt('/nowhere/at-all');
    wrappers.push(wrapper);
    expect(wrapper.find('main h1').text()).toBe('Page not found');
    expect(wrapper.find('main').text()).toContain('/nowhere/at-all');
  });

  it('renders the status page at / inside the shell with a skip link and the theme toggle', async () => {
    const { wrapper } = await renderAt('/');
    wrappers.push(wrapper);
    expect(wrapper.find('main h1').text()).toBe('System status');
    expect(wrapper.find('a[href="#main"]').text()).toBe('Skip to content');
    const toggle = wrapper.find('button[aria-pressed]');
    expect(toggle.text()).toBe('Dark mode');
    expect(document.title).toBe('System status · IRIS');
  });
});
