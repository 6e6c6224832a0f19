import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, RouterView } from 'vue-router';
import { createAppRouter } from '../../../../router';
import { fakeApi, json, session } from '../../../../testing/fake-api';

const ana = {
  id: 'con_1',
  name: 'Ana Lima',
  email: 'ana@example.com',
  phone: '+14155550100',
  attributes: { plan: 'gold' },
  tags: ['vip'],
  identities: [
    { id: 'cid_1', kind: 'phone', value: '+14155550100', createdAt: '2026-11-24T10:00:00Z' },
    { id: 'cid_2', kind: 'email', value: 'ana@example.com', createdAt: '2026-11-24T10:00:00Z' },
  ],
  createdAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
};
const dup = {
  ...ana,
  id: 'con_2',
  name: 'Ana L.',
  identities: [{ ...ana.identities[0]!, id: 'cid_9', value: '+14155550999' }],
};
const refresh = () => json(session('tenant_admin'));

async function mountAt(path: string) {
  const router = createAppRouter(createMemoryHistory());
  const pinia = createPinia();
  setActivePinia(pinia);
  await router.push(path);
  expect(router.currentRoute.value.path).toBe(path);
  return { router, wrapper: mount(RouterView, { global: { plugins: [pinia, router] } }) };
}
const button = (wrapper: ReturnType<typeof mount>, text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!;

describe('Contacts pages', () => {
  it('lists contacts, and searches with the ranked full-text search', async () => {
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/contacts': () => json({ data: [ana, dup], nextCursor: 'con_0' }),
      'GET /v1/contacts/search': () => json({ data: [{ ...ana, rank: 0.9 }] }),
    });
    const { wrapper } = await mountAt('/portal/contacts');
    await flushPromises();
    const list = wrapper.find('[data-testid="contact-list"]');
    expect(list.text()).toContain('Ana Lima');
    expect(list.text()).toContain('Ana L.');
    expect(button(wrapper, 'Load more').exists()).toBe(true);
    await wrapper.find('input[type="search"]').setValue('ana lima');
    await wrapper.find('form[role="search"]').trigger('submit');
    await flushPromises();
    const search = calls.find((c) => c.url.includes('/v1/contacts/search'));
    expect(new URL(search!.url).searchParams.get('q')).toBe('ana lima');
    expect(wrapper.find('[data-testid="contact-list"]').text()).not.toContain('Ana L.');
    expect(wrapper.text()).toContain('Best matches for “ana lima”');
    wrapper.unmount();
  });

  it('imports a CSV, polls the import job until it completes, and lists refused rows', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let polls = 0;
    const job = {
      id: 'imp_1',
      status: 'queued',
      totalRows: 3,
      processedRows: 0,
      created: 0,
      updated: 0,
      errorCount: 0,
      errors: [],
      createdAt: '2026-11-24T10:00:00Z',
      completedAt: null,
    };
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': refresh,
      'POST /v1/contacts/import': () => json(job, 202),
      'GET /v1/contacts/imports/imp_1': () => {
        polls++;
        return json(
          polls === 1
            ? { ...job, status: 'running', processedRows: 1, created: 1 }
            : {
                ...job,
                status: 'completed',
                processedRows: 3,
                created: 1,
                updated: 1,
                errorCount: 1,
                errors: [{ row: 4, message: 'phone is not a valid number' }],
                completedAt: '2026-11-24T10:00:02Z',
              },
        );
      },
    });
    const { wrapper } = await mountAt('/portal/contacts');
    await flushPromises();
    await button(wrapper, 'Import CSV').trigger('click');
    await wrapper.find('textarea').setValue('name,phone\nAna,+14155550100\nBo,+14155550101\nCy,12');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(await calls.find((c) => c.url.endsWith('/v1/contacts/import'))!.json()).toEqual({
      csv: 'name,phone\nAna,+14155550100\nBo,+14155550101\nCy,12',
    });
    expect(wrapper.find('[data-testid="import-status"]').text()).toContain('queued');
    await vi.advanceTimersByTimeAsync(1000);
    await flushPromises();
    expect(wrapper.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('33');
    await vi.advanceTimersByTimeAsync(1000);
    await flushPromises();
    const status = wrapper.find('[data-testid="import-status"]').text();
    expect(status).toContain('completed');
    expect(status).toContain('1 created · 1 updated · 1 refused');
    expect(status).toContain('Line 4: phone is not a valid number');
    await vi.advanceTimersByTimeAsync(5000);
    expect(polls).toBe(2);
    vi.useRealTimers();
    wrapper.unmount();
  });

  it('shows a contact with identities, conversations linking to the inbox, and merges a duplicate', async () => {
    vi.stubGlobal('confirm', () => true);
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/contacts/con_1': () => json(ana),
      'GET /v1/conversations': () =>
        json({
          data: [
            {
              id: 'conv_7',
              status: 'open',
              channel: 'sms',
              subject: null,
              lastMessageAt: '2026-11-24T10:00:00Z',
            },
          ],
          nextCursor: null,
        }),
      'GET /v1/contacts/search': () =>
        json({
          data: [
            { ...ana, rank: 1 },
            { ...dup, rank: 0.5 },
          ],
        }),
      'POST /v1/contacts/con_1/merge': () => json({ ...ana, conversationsMoved: 2 }),
    });
    const { wrapper } = await mountAt('/portal/contacts/con_1');
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('Ana Lima');
    expect(wrapper.find('[data-testid="contact-details"]').text()).toContain('gold');
    expect(wrapper.find('[data-testid="identity-list"]').text()).toContain('+14155550100');
    const conversations = calls.find((c) => c.url.includes('/v1/conversations'));
    expect(new URL(conversations!.url).searchParams.get('contactId')).toBe('con_1');
    expect(wrapper.find('[data-testid="contact-conversations"] a').attributes('href')).toBe(
      '/portal/conversations/conv_7',
    );

    await wrapper.find('input[type="search"]').setValue('ana');
    await wrapper.find('form[role="search"]').trigger('submit');
    await flushPromises();
    // The contact itself is not offered as its own duplicate.
    expect(wrapper.findAll('button').filter((b) => b.text() === 'Merge into this contact')).toHaveLength(1);
    await button(wrapper, 'Merge into this contact').trigger('click');
    await flushPromises();
    expect(await calls.find((c) => c.url.endsWith('/merge'))!.json()).toEqual({ sourceContactId: 'con_2' });
    expect(wrapper.text()).toContain('2 conversations moved here.');
    wrapper.unmount();
  });
});
