import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../app.vue';
import { createAppRouter } from '../../router';
import { fakeApi, json, session } from '../../testing/fake-api';

type Role = 'agent' | 'supervisor' | 'tenant_admin';
const wrappers: { unmount(): void }[] = [];
afterEach(() => {
  for (const wrapper of wrappers.splice(0)) wrapper.unmount();
});

async function renderAt(path: string, role: Role, options: { platformAdmin?: boolean } = {}) {
  const signedIn = session(role);
  signedIn.user.isPlatformAdmin = options.platformAdmin ?? false;
  fakeApi({
    'POST /v1/auth/refresh': () => json(signedIn),
    'GET /v1/agents/me/presence': () =>
      json({ userId: 'usr_1', status: 'away', connected: false, lastSeenAt: null }),
    'PUT /v1/agents/me/presence': async (request) =>
      json({ userId: 'usr_1', ...((await request.json()) as object), connected: false, lastSeenAt: null }),
    'GET /v1/admin/tenants': () =>
      json({
        data: [
          {
            id: 'ten_9',
            name: 'Zeta Corp',
            status: 'active',
            createdAt: '2026-01-01T00:00:00Z',
            settings: {},
          },
        ],
        nextCursor: null,
      }),
  });
  const router = createAppRouter(createMemoryHistory());
  const wrapper = mount(App, { global: { plugins: [createPinia(), router] } });
  await router.push(path);
  await flushPromises();
  wrappers.push(wrapper);
  return { wrapper, router };
}

describe('agent desktop and platform admin areas', () => {
  it('gives agents the desktop sections and their status, which they can set', async () => {
    const { wrapper } = await renderAt('/agent/status', 'agent');
    expect(wrapper.find('main h1').text()).toBe('My status');
    const nav = wrapper.find('nav[aria-label="Main"]').text();
    for (const label of ['Inbox', 'Softphone', 'My status']) expect(nav).toContain(label);
    expect(nav).not.toContain('Tenants');
    expect(wrapper.find('main').text()).toContain('away');
    await wrapper
      .findAll('main button')
      .find((b) => b.text() === 'Available')!
      .trigger('click');
    await flushPromises();
    expect(wrapper.find('main').text()).toContain('available');
  });

  it('shows honest empty states for the sections still to come', async () => {
    const { wrapper } = await renderAt('/agent/softphone', 'supervisor');
    expect(wrapper.find('main h1').text()).toBe('Softphone');
    expect(wrapper.find('main').text()).toContain('/v1/calls');
  });

  it('keeps /admin for platform admins and lists tenants for them', async () => {
    const refused = await renderAt('/admin/voice', 'tenant_admin');
    expect(refused.router.currentRoute.value.name).toBe('forbidden');
    const { wrapper, router } = await renderAt('/admin', 'tenant_admin', { platformAdmin: true });
    expect(router.currentRoute.value.name).toBe('admin-tenants');
    expect(wrapper.find('main h1').text()).toBe('Tenants');
    expect(wrapper.find('main').text()).toContain('Zeta Corp');
    expect(wrapper.find('nav[aria-label="Main"]').text()).toContain('Voice status');
  });
});
