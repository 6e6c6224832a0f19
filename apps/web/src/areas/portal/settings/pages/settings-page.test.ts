import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, RouterView } from 'vue-router';
import { createAppRouter } from '../../../../router';
import { useAuthStore } from '../../../../shared/auth/auth.store';
import { fakeApi, json, problem, session } from '../../../../testing/fake-api';

const tenant = {
  id: 'ten_1',
  name: 'Acme',
  status: 'active',
  rateLimits: {
    read: { perMinute: 100, source: 'platform_default' },
    write: { perMinute: 300, source: 'platform_default' },
    send: { perMinute: 9000, source: 'platform_override' },
    call_create: { perMinute: 10, source: 'platform_default' },
  },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

async function mountSettings() {
  const router = createAppRouter(createMemoryHistory());
  const pinia = createPinia();
  setActivePinia(pinia);
  await router.push('/portal/settings');
  expect(router.currentRoute.value.path).toBe('/portal/settings');
  return mount(RouterView, { global: { plugins: [pinia, router] } });
}
const button = (wrapper: ReturnType<typeof mount>, text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!;
const formWith = (wrapper: ReturnType<typeof mount>, text: string) =>
  wrapper.findAll('form').find((f) => f.text().includes(text))!;
const input = (wrapper: ReturnType<typeof mount>, label: string) =>
  wrapper.find(
    `#${wrapper
      .findAll('label')
      .find((l) => l.text() === label)!
      .attributes('for')}`,
  );

describe('Settings page', () => {
  it('renames the organization (the header follows) and shows rate limits read-only', async () => {
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': () => json(session('tenant_admin')),
      'GET /v1/tenant': () => json(tenant),
      'PATCH /v1/tenant': async (r) => json({ ...tenant, name: ((await r.json()) as { name: string }).name }),
      'GET /v1/voice/settings': () => json({ twilioSignature: true, recordingRetentionDays: null }),
    });
    const wrapper = await mountSettings();
    await flushPromises();
    const limits = wrapper.find('[data-testid="rate-limits"]').text();
    expect(limits).toContain('9,000 / min');
    expect(limits).toContain('set for you');
    expect(wrapper.find('[data-testid="rate-limits"] input').exists()).toBe(false);

    await input(wrapper, 'Organization name').setValue('Acme Rockets');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(await calls.find((c) => c.method === 'PATCH')!.json()).toEqual({ name: 'Acme Rockets' });
    expect(wrapper.text()).toContain('The organization is now called Acme Rockets.');
    expect(useAuthStore().tenant?.name).toBe('Acme Rockets');
    wrapper.unmount();
  });

  it('reveals and rotates the callback secret, saves voice settings, and shows a wrong-password problem', async () => {
    vi.stubGlobal('confirm', () => true);
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': () => json(session('tenant_admin')),
      'GET /v1/tenant': () => json(tenant),
      'GET /v1/webhooks/callback-secret': () => json({ secret: 'whsec_old' }),
      'POST /v1/webhooks/callback-secret/rotate': () =>
        json({ secret: 'whsec_new', previousSecretExpiresAt: '2026-11-25T10:00:00Z' }),
      'GET /v1/voice/settings': () => json({ twilioSignature: true, recordingRetentionDays: null }),
      'PUT /v1/voice/settings': async (r) => json(await r.json()),
      'POST /v1/auth/change-password': () => problem(403, 'forbidden', 'The current password is wrong'),
    });
    const wrapper = await mountSettings();
    await flushPromises();
    await button(wrapper, 'Show secret').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="callback-secret"]').text()).toBe('whsec_old');
    await button(wrapper, 'Rotate secret').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="callback-secret"]').text()).toBe('whsec_new');
    expect(wrapper.text()).toContain('The previous secret also signs until');

    await wrapper.find('input[type="checkbox"]').setValue(false);
    await input(wrapper, 'Delete recordings after (days)').setValue('30');
    await formWith(wrapper, 'Save voice settings').trigger('submit');
    await flushPromises();
    expect(await calls.find((c) => c.method === 'PUT')!.json()).toEqual({
      twilioSignature: false,
      recordingRetentionDays: 30,
    });
    expect(wrapper.text()).toContain('Voice settings saved');

    await input(wrapper, 'Current password').setValue('nope nope nope');
    await input(wrapper, 'New password').setValue('a much longer password');
    await formWith(wrapper, 'Change password').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('The current password is wrong');
    wrapper.unmount();
  });
});
