import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../../../../shared/api/client';
import { fakeApi, json } from '../../../../testing/fake-api';
import SuppressionPage from '../pages/suppression-page.vue';
import SuppressionTable from './suppression-table.vue';

const row = (n: number, reason: Schemas['EmailSuppression']['reason'] = 'hard_bounce') => ({
  id: `sup_${n}`,
  address: `user${n}@example.com`,
  reason,
  detail: n === 1 ? '550 no such user' : null,
  messageId: null,
  createdAt: '2026-11-24T10:00:00Z',
});

describe('suppression table', () => {
  it('lists addresses with their reason and asks to remove one', async () => {
    const table = mount(SuppressionTable, { props: { rows: [row(1), row(2, 'unsubscribe')] } });
    const rows = table.findAll('[data-testid="suppression-row"]');
    expect(rows.map((r) => r.text())).toEqual([
      expect.stringContaining('user1@example.com'),
      expect.stringContaining('user2@example.com'),
    ]);
    expect(rows[0]!.text()).toContain('hard bounce');
    expect(rows[0]!.text()).toContain('550 no such user');
    expect(rows[1]!.text()).toContain('unsubscribed');
    await rows[1]!.find('button').trigger('click');
    expect(table.emitted('remove')).toEqual([[row(2, 'unsubscribe')]]);
  });

  it('filters by reason, searches, pages by cursor, adds and removes through the API', async () => {
    const { calls } = fakeApi({
      'GET /v1/email/suppressions': (request) => {
        const query = new URL(request.url).searchParams;
        if (query.get('address')) return json({ data: [row(7)], nextCursor: null });
        if (query.get('cursor') === 'sup_2') return json({ data: [row(3)], nextCursor: null });
        return json({ data: [row(1), row(2)], nextCursor: 'sup_2' });
      },
      'POST /v1/email/suppressions': () => json(row(9, 'manual'), 201),
      'DELETE /v1/email/suppressions/sup_3': () => new Response(null, { status: 204 }),
    });
    vi.stubGlobal('confirm', () => true);
    const page = mount(SuppressionPage, { global: { plugins: [createPinia()] } });
    await flushPromises();
    const lists = () => calls.filter((c) => c.method === 'GET').map((c) => new URL(c.url).search);
    expect(page.findAll('[data-testid="suppression-row"]')).toHaveLength(2);
    expect(lists()).toEqual(['?limit=25']);

    await page
      .findAll('button')
      .find((b) => b.text() === 'Next')!
      .trigger('click');
    await flushPromises();
    expect(lists().at(-1)).toBe('?limit=25&cursor=sup_2');
    expect(page.text()).toContain('user3@example.com');
    expect(page.text()).toContain('Page 2');

    await page.find('[data-testid="suppression-row"] button').trigger('click');
    await flushPromises();
    expect(calls.some((c) => c.method === 'DELETE' && c.url.endsWith('/v1/email/suppressions/sup_3'))).toBe(
      true,
    );

    await page.find('select').setValue('complaint');
    await flushPromises();
    expect(lists().at(-1)).toBe('?limit=25&reason=complaint');
    expect(page.text()).toContain('Page 1');

    await page.find('input[type="search"]').setValue('User7@example.com');
    await page.find('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(lists().at(-1)).toBe('?limit=25&reason=complaint&address=User7%40example.com');

    await page.find('input[type="email"]').setValue('new@example.com');
    await page.findAll('form').at(0)!.trigger('submit');
    await flushPromises();
    const post = calls.find((c) => c.method === 'POST');
    expect(await post?.json()).toEqual({ address: 'new@example.com' });
    expect(page.text()).toContain('user9@example.com will not be emailed.');
    page.unmount();
  });
});
