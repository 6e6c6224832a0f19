import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from './app.vue';
import { createAppRouter } from './router';
import { fakeApi, json, problem, session } from './testing/fake-api';

type Role = 'agent' | 'supervisor' | 'tenant_admin';

async function renderAt(path: string, role?: Role) {
  fakeApi({
    'POST /v1/auth/refresh': () => (role ? json(session(role)) : problem(401, 'unauthorized', 'No session')),
  });
  const router = createAppRouter(createMemoryHistory());
  const pinia = createPinia();
  const wrapper = mount(App, { global: { plugins: [pinia, router] } });
  await router.push(path);
  await flushPromises();
  wrappers.push(wrapper);
  return { wrapper, router };
}

const wrappers: { unmount(): void }[] = [];
afterEach(() => {
  for (const wrapper of wrappers.splice(0)) wrapper.unmount();
});

describe('router', () => {
  it.each(['/portal', '/portal/numbers', '/simulator', '/agent/inbox/conv_1'])(
    'sends a visitor without a session from %s to sign in, keeping the address',
    async (path) => {
      const { wrapper, router } = await renderAt(path);
      expect(router.currentRoute.value.name).toBe('login');
      expect(router.currentRoute.value.query.redirect).toBe(path);
      expect(wrapper.find('main h1').text()).toBe('Sign in to IRIS');
      expect(document.title).toBe('Sign in · IRIS');
    },
  );

  it('restores the session from the refresh cookie and shows a not-built page honestly', async () => {
    const { wrapper } = await renderAt('/portal/reports', 'tenant_admin');
    expect(wrapper.find('main h1').text()).toBe('Customer portal: not built yet');
    expect(wrapper.find('main').text()).toContain('/portal/reports');
    expect(document.title).toBe('Customer portal · IRIS');
  });

  it('shows admins every portal page in the navigation', async () => {
    const { wrapper } = await renderAt('/portal/contacts', 'tenant_admin');
    const nav = wrapper.find('nav[aria-label="Main"]').text();
    for (const label of [
      'Messages',
      'API keys',
      'Webhooks',
      'Team & roles',
      'Device simulator',
      'Agent desktop',
    ]) {
      expect(nav).toContain(label);
    }
    expect(nav).not.toContain('Platform admin');
  });

  it('hides admin pages from agents and refuses them when typed in', async () => {
    const { wrapper, router } = await renderAt('/portal/api-keys', 'agent');
    expect(router.currentRoute.value.name).toBe('forbidden');
    expect(wrapper.find('main h1').text()).toBe('Your role cannot open this page');
    const nav = wrapper.find('nav[aria-label="Main"]').text();
    expect(nav).toContain('Conversations');
    expect(nav).not.toContain('API keys');
    expect(nav).not.toContain('Audit log');
  });

  it('keeps the platform admin area for platform admins', async () => {
    const { router } = await renderAt('/admin/tenants', 'tenant_admin');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });

  it('shows a not-found page for paths outside the areas', async () => {
    const { wrapper } = await renderAt('/nowhere/at-all');
    expect(wrapper.find('main h1').text()).toBe('Page not found');
    expect(wrapper.find('main').text()).toContain('/nowhere/at-all');
  });

  it('renders the public status page at / inside the shell with a skip link and the theme toggle', async () => {
    const { wrapper } = await renderAt('/');
    expect(wrapper.find('main h1').text()).toBe('System status');
    expect(wrapper.find('a[href="#main"]').text()).toBe('Skip to content');
    expect(wrapper.find('button[aria-pressed]').text()).toBe('Dark mode');
    expect(document.title).toBe('System status · IRIS');
  });
});
