import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json, problem } from '../../../../testing/fake-api';
import ProvidersPage from './providers-page.vue';

const health = {
  state: 'closed',
  failures: 0,
  openedAt: null,
  lastSuccessAt: null,
  lastFailureAt: null,
  lastErrorCode: null,
  lastError: null,
};
const platform = {
  id: 'sandbox',
  kind: 'sms',
  provider: 'sandbox',
  displayName: 'Sandbox (device simulator)',
  name: 'sandbox',
  owner: 'platform',
  credentials: null,
  health,
  last24h: { sent: 3, failed: 1 },
  createdAt: null,
  updatedAt: null,
};
const twilioEntry = {
  kind: 'sms',
  provider: 'twilio',
  displayName: 'Twilio',
  docsUrl: 'docs/providers/twilio.md',
  tenantOwnable: true,
  secretFields: ['authToken'],
  credentialsSchema: {
    type: 'object',
    properties: {
      accountSid: { type: 'string', pattern: '^AC[0-9a-zA-Z]{32}$' },
      authToken: { type: 'string', minLength: 1, writeOnly: true, format: 'password' },
      baseUrl: { type: 'string', format: 'uri', default: 'https://api.twilio.com' },
    },
    required: ['accountSid', 'authToken'],
  },
};
const catalog = [
  { ...twilioEntry, provider: 'sandbox', displayName: 'Sandbox', tenantOwnable: false },
  twilioEntry,
  { ...twilioEntry, kind: 'email', provider: 'sendgrid', displayName: 'SendGrid' },
];
const SID = `AC${'1'.repeat(32)}`;
const own = {
  ...platform,
  id: 't_01',
  provider: 'twilio',
  displayName: 'Twilio',
  name: 'Our Twilio',
  owner: 'tenant',
  credentials: { accountSid: SID, authToken: '••••beef', baseUrl: 'https://api.twilio.com' },
  health: {
    ...health,
    state: 'open',
    failures: 5,
    lastFailureAt: '2026-11-24T10:00:00Z',
    lastError: 't_01: HTTP 401 20003 Authenticate',
  },
  last24h: { sent: 0, failed: 5 },
};

const mountPage = async () => {
  const wrapper = mount(ProvidersPage, { global: { plugins: [createPinia()] } });
  await flushPromises();
  return wrapper;
};
const button = (wrapper: Awaited<ReturnType<typeof mountPage>>, text: string) =>
  wrapper.findAll('button').find((b) => b.text().startsWith(text))!;

afterEach(() => vi.unstubAllGlobals());

describe('providers page', () => {
  it('groups instances by channel with health and counts, and says when the tenant has none of its own', async () => {
    fakeApi({
      'GET /v1/providers': () => json({ data: [platform, own] }),
      'GET /v1/providers/catalog': () => json({ data: catalog }),
    });
    let wrapper = await mountPage();
    expect(wrapper.find('h2').text()).toBe('SMS and MMS');
    const row = wrapper.find('[data-provider="t_01"]');
    expect(row.text()).toContain('Circuit open');
    expect(row.text()).toContain('t_01: HTTP 401 20003 Authenticate');
    expect(row.text()).toContain('5 failures in a row');
    expect(wrapper.find('[data-provider="sandbox"]').text()).toContain('Last 24 h: 3 sent, 1 failed');
    expect(wrapper.find('[data-provider="sandbox"]').text()).toContain('Healthy');
    // The platform's instances have no actions; the tenant's own do.
    expect(wrapper.find('[data-provider="sandbox"]').findAll('button')).toHaveLength(0);
    expect(row.findAll('button').map((b) => b.attributes('aria-label'))).toEqual([
      'Test Our Twilio',
      'Edit Our Twilio',
      'Delete Our Twilio',
    ]);
    wrapper.unmount();

    fakeApi({
      'GET /v1/providers': () => json({ data: [platform] }),
      'GET /v1/providers/catalog': () => json({ data: catalog }),
    });
    wrapper = await mountPage();
    expect(wrapper.text()).toContain('You have not added an account of your own yet');
    wrapper.unmount();
  });

  it('shows the error state with a retry when the list fails', async () => {
    fakeApi({
      'GET /v1/providers': () => problem(503, 'service_unavailable', 'Try later'),
      'GET /v1/providers/catalog': () => json({ data: catalog }),
    });
    const wrapper = await mountPage();
    expect(wrapper.find('[role="alert"]').text()).toContain('Try later');
    expect(button(wrapper, 'Try again').exists()).toBe(true);
    wrapper.unmount();
  });

  it('adds a provider through the generated form: client validation first, then the server’s field errors, then success', async () => {
    const listed: unknown[] = [platform];
    let attempts = 0;
    const { calls } = fakeApi({
      'GET /v1/providers': () => json({ data: listed }),
      'GET /v1/providers/catalog': () => json({ data: catalog }),
      'POST /v1/providers': () => {
        attempts++;
        if (attempts === 1)
          return json(
            {
              type: 'about:blank',
              title: 'validation_failed',
              status: 422,
              code: 'validation_failed',
              detail: 'credentials.authToken: refused',
              errors: [{ path: 'credentials.authToken', message: 'was refused by Twilio' }],
            },
            422,
          );
        listed.push(own);
        return json(own, 201);
      },
    });
    const wrapper = await mountPage();
    await button(wrapper, 'Add provider').trigger('click');
    expect(wrapper.findAll('#provider-module option').map((o) => o.text())).toEqual(['Twilio']);
    // Nothing filled: the browser refuses before any request.
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(wrapper.find('[data-field="accountSid"]').text()).toContain('is required');

    await wrapper.find('input[placeholder="e.g. Our Twilio account"]').setValue('Our Twilio');
    await wrapper.find('[data-field="accountSid"] input').setValue(SID);
    await wrapper.find('[data-field="authToken"] input').setValue('wrong-token');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const first = calls.find((c) => c.method === 'POST');
    expect(await first?.json()).toEqual({
      kind: 'sms',
      provider: 'twilio',
      name: 'Our Twilio',
      credentials: { accountSid: SID, authToken: 'wrong-token', baseUrl: 'https://api.twilio.com' },
    });
    expect(wrapper.find('[data-field="authToken"]').text()).toContain('was refused by Twilio');

    await wrapper.find('[data-field="authToken"] input').setValue('right-token');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Saved “Our Twilio”');
    expect(wrapper.find('[data-provider="t_01"]').exists()).toBe(true);
    expect(wrapper.find('form').exists()).toBe(false);
    wrapper.unmount();
  });

  it('edits without re-sending secrets, tests, and deletes after confirming', async () => {
    let listed: unknown[] = [platform, own];
    const { calls } = fakeApi({
      'GET /v1/providers': () => json({ data: listed }),
      'GET /v1/providers/catalog': () => json({ data: catalog }),
      'PATCH /v1/providers/t_01': () => json({ ...own, name: 'Renamed' }),
      'POST /v1/providers/t_01/test': () =>
        json({ ok: true, checked: 'validation', detail: 'The credentials match the provider schema.' }),
      'DELETE /v1/providers/t_01': () => {
        listed = [platform];
        return new Response(null, { status: 204 });
      },
    });
    const wrapper = await mountPage();
    await button(wrapper, 'Edit').trigger('click');
    expect(wrapper.find('[data-field="authToken"]').text()).toContain('Stored (••••beef)');
    await wrapper.find('input[placeholder="e.g. Our Twilio account"]').setValue('Renamed');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(await patch?.json()).toEqual({
      name: 'Renamed',
      credentials: { accountSid: SID, baseUrl: 'https://api.twilio.com' },
    });

    await button(wrapper, 'Test').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('The credentials match the provider schema.');

    vi.stubGlobal(
      'confirm',
      vi.fn(() => false),
    );
    await button(wrapper, 'Delete').trigger('click');
    await flushPromises();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    vi.stubGlobal(
      'confirm',
      vi.fn(() => true),
    );
    await button(wrapper, 'Delete').trigger('click');
    await flushPromises();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(true);
    expect(wrapper.find('[data-provider="t_01"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
