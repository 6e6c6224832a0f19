import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, RouterView } from 'vue-router';
import { createAppRouter } from '../../../../router';
import { fakeApi, json, problem, session } from '../../../../testing/fake-api';

const template = {
  id: 'wat_1',
  provider: 'meta-main',
  externalId: '4242',
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  parameterFormat: 'positional',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hi {{1}}, order {{2}} ships today.' },
    { type: 'FOOTER', text: 'Acme' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://acme.test/t/{{1}}' }] },
  ],
  rejectedReason: null,
  syncedAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
};
const other = {
  ...template,
  id: 'wat_2',
  provider: 'meta-other',
  name: 'promo',
  status: 'REJECTED',
  category: 'MARKETING',
};
const refresh = () => json(session('tenant_admin'));

async function mountAt(path: string) {
  const router = createAppRouter(createMemoryHistory());
  const pinia = createPinia();
  setActivePinia(pinia);
  await router.push(path);
  expect(router.currentRoute.value.path).toBe(path);
  return mount(RouterView, { global: { plugins: [pinia, router] } });
}
const button = (wrapper: ReturnType<typeof mount>, text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!;

describe('WhatsApp templates pages', () => {
  it('lists templates with status badges, filters by status (API) and account, and syncs', async () => {
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/whatsapp/account': () =>
        json({
          numbers: [
            {
              address: '+15550001',
              provider: 'meta-main',
              sandbox: false,
              phoneNumberId: '1',
              businessAccountId: '2',
              verifiedName: 'Acme',
              qualityRating: 'GREEN',
              throughput: 'STANDARD',
            },
          ],
        }),
      'GET /v1/whatsapp/templates': (r) => {
        const status = new URL(r.url).searchParams.get('status');
        return json({
          data: [template, other].filter((t) => !status || t.status === status),
          nextCursor: null,
        });
      },
      'POST /v1/whatsapp/templates/sync': () =>
        json({
          accounts: [
            { provider: 'meta-main', synced: 2, removed: 0 },
            { provider: 'meta-other', synced: 0, removed: 0, error: 'Meta answered 190: token expired' },
          ],
        }),
    });
    const wrapper = await mountAt('/portal/whatsapp');
    await flushPromises();
    const list = () => wrapper.find('[data-testid="template-list"]').text();
    expect(list()).toContain('order_update');
    expect(list()).toContain('rejected');
    expect(wrapper.text()).toContain('meta-main (Acme)');

    const [accountSelect, statusSelect] = wrapper.findAll('select');
    await accountSelect!.setValue('meta-other');
    expect(list()).not.toContain('order_update');
    await accountSelect!.setValue('');
    await statusSelect!.setValue('APPROVED');
    await flushPromises();
    expect(
      new URL(calls.filter((c) => c.url.includes('/templates?')).at(-1)!.url).searchParams.get('status'),
    ).toBe('APPROVED');
    expect(list()).not.toContain('promo');

    await button(wrapper, 'Sync now').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('meta-main: 2 synced, 0 removed');
    expect(wrapper.text()).toContain('meta-other: failed — Meta answered 190: token expired');
    wrapper.unmount();
  });

  it('previews the components with variables highlighted and sends a test with the typed values', async () => {
    const { calls } = fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/whatsapp/templates/wat_1': () => json(template),
      'POST /v1/whatsapp/send/template': () => json({ id: 'msg_9', status: 'queued' }, 201),
    });
    const wrapper = await mountAt('/portal/whatsapp/templates/wat_1');
    await flushPromises();
    const preview = wrapper.find('[data-testid="template-preview"]');
    expect(preview.text()).toContain('Hi {{1}}, order {{2}} ships today.');
    expect(preview.findAll('mark').map((m) => m.text())).toEqual(['{{1}}', '{{1}}', '{{2}}', '{{1}}']);
    expect(preview.text()).toContain('Track');

    const field = (label: string) => wrapper.findAll('label').find((l) => l.text() === label)!;
    const input = (label: string) => wrapper.find(`#${field(label).attributes('for')}`);
    await input('Send to (WhatsApp number)').setValue('+14155550100');
    await input('Header {{1}}').setValue('A-17');
    await input('Body {{1}}').setValue('Ana');
    await input('Body {{2}}').setValue('A-17');
    await input('Button 1 URL {{1}}').setValue('A17');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(await calls.find((c) => c.method === 'POST' && c.url.endsWith('/send/template'))!.json()).toEqual({
      to: '+14155550100',
      metadata: {},
      template: {
        name: 'order_update',
        language: 'en_US',
        header: { type: 'text', text: 'A-17' },
        body: ['Ana', 'A-17'],
        buttons: [{ index: 0, type: 'url', text: 'A17' }],
      },
    });
    expect(wrapper.text()).toContain('msg_9 is queued.');
    wrapper.unmount();
  });

  it('shows the problem+json detail when the template cannot be loaded', async () => {
    fakeApi({
      'POST /v1/auth/refresh': refresh,
      'GET /v1/whatsapp/templates/wat_x': () => problem(404, 'not_found', 'No template with this id'),
    });
    const wrapper = await mountAt('/portal/whatsapp/templates/wat_x');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('No template with this id');
    wrapper.unmount();
  });
});
