import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../../../testing/fake-api';
import ApiKeysPage from './api-keys-page.vue';

const key = {
  id: 'key_1',
  name: 'CI',
  prefix: 'iris_live_ab',
  scopes: ['read', 'messages:write'],
  createdAt: '2026-11-24T10:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
};

describe('API keys page', () => {
  it('shows a new key once, copies it, and forgets it on Done', async () => {
    const listed: unknown[] = [];
    const { calls } = fakeApi({
      'GET /v1/api-keys': () => json({ data: listed, nextCursor: null }),
      'POST /v1/api-keys': () => {
        listed.push(key);
        return json({ ...key, key: 'iris_live_ab_secret_value' }, 201);
      },
    });
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const wrapper = mount(ApiKeysPage, { global: { plugins: [createPinia()] } });
    await flushPromises();
    expect(wrapper.text()).toContain('No API keys yet.');

    await wrapper.find('input[type="text"]').setValue('CI');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const request = calls.find((c) => c.method === 'POST');
    expect(await request?.json()).toEqual({ name: 'CI', scopes: ['read', 'messages:write'] });
    expect(wrapper.find('[data-testid="new-api-key"]').text()).toBe('iris_live_ab_secret_value');
    expect(wrapper.text()).toContain('iris_live_ab · read, messages:write');

    const copy = wrapper.findAll('button').find((b) => b.text() === 'Copy key');
    await copy?.trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('iris_live_ab_secret_value');
    expect(wrapper.text()).toContain('Copied');

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Done')
      ?.trigger('click');
    expect(wrapper.find('[data-testid="new-api-key"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
