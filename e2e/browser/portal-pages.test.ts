import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, expectAccessible, type Harness, PHONE, screenshotDir, startHarness } from './harness';

// Webhooks, Contacts, WhatsApp templates and Settings against a real server, seeded through its API.
let h: Harness;
let portal: Page;
let token: string;
const pageErrors: string[] = [];
const EMAIL = 'pages.owner@example.com';
const PASSWORD = 'correct horse battery';
// TEST-NET-3: a public address (the SSRF guard lets it through) where nothing answers, so the
// delivery's attempt records a connection error instead of reaching anyone.
const HOOK_URL = 'http://203.0.113.10:9/iris-hook';
const DEVICE = '+16175550123';

type Json = Record<string, unknown> & { data?: Json[] };

async function api(path: string, init: { method?: string; body?: unknown } = {}): Promise<Json> {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Buttons fade colours (transition-colors): axe must read the colours they settle on, not one mid-fade.
 * Two frames first, so a transition a theme or viewport change just caused has started and is listed.
 */
const settle = () =>
  portal.evaluate(
    'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))).then(() => Promise.all(document.getAnimations().map((a) => a.finished)))',
  );

const heading = (name: string | RegExp) => portal.getByRole('heading', { level: 1, name }).waitFor();

/** axe and a full-page screenshot at 1280 and 360 px, light then dark; the phone layout must not scroll sideways. */
async function capture(name: string, options: { fullPage?: boolean } = {}) {
  for (const scheme of ['light', 'dark'] as const) {
    await portal.emulateMedia({ colorScheme: scheme });
    await settle();
    const suffix = scheme === 'dark' ? '-dark' : '';
    for (const [width, size] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await portal.setViewportSize(size);
      await settle();
      await expectAccessible(portal, `${name} (${width}, ${scheme})`);
      if (width === 'phone') {
        const scrollWidth = (await portal.evaluate('document.documentElement.scrollWidth')) as number;
        expect(scrollWidth, `${name} fits 360 px`).toBeLessThanOrEqual(PHONE.width);
      }
      await portal.screenshot({
        path: join(screenshotDir, `${name}-${width}${suffix}.png`),
        // A drawer is a viewport-high dialog that scrolls itself: a full-page shot would cut through it.
        fullPage: options.fullPage ?? true,
        animations: 'disabled',
      });
    }
  }
  await portal.emulateMedia({ colorScheme: 'light' });
  await portal.setViewportSize(DESKTOP);
}

beforeAll(async () => {
  h = await startHarness('portal-pages');
  portal = await h.browser.newPage();
  portal.on('pageerror', (error) => pageErrors.push(error.message));
  await portal.goto('/signup');
  await portal.getByLabel('Organization name', { exact: true }).fill('Pages Org');
  await portal.getByLabel('Your name', { exact: true }).fill('Paula Pages');
  await portal.getByLabel('Email', { exact: true }).fill(EMAIL);
  await portal.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await portal.getByRole('button', { name: 'Create account' }).click();
  await heading('Dashboard');
  const login = await fetch(`${h.baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
});

afterAll(async () => {
  await h?.stop();
});

describe('portal pages in Chromium', () => {
  it('Webhooks: lists the endpoint, its delivery log and the delivery drawer; sends a test event', async () => {
    const endpoint = await api('/v1/webhooks', {
      body: { url: HOOK_URL, events: ['message.*', 'webhook.test'], description: 'Order system' },
    });
    await api(`/v1/webhooks/${endpoint.id}/test`, { method: 'POST' });
    // The first attempt fails (nobody listens there) and is logged with its error and latency.
    await until('the first delivery attempt', async () => {
      const page = await api(`/v1/webhooks/${endpoint.id}/deliveries`);
      return (page.data?.[0]?.attemptLog as unknown[] | undefined)?.length ? true : undefined;
    });

    await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await heading('Webhooks');
    await portal.getByTestId('webhook-list').getByText(HOOK_URL).waitFor();
    // Its only delivery failed: the list says the endpoint is failing, and since when.
    await portal.getByTestId('webhook-list').getByText('failing', { exact: true }).waitFor();
    await portal
      .getByTestId('webhook-list')
      .getByText(/Every delivery has failed since/)
      .waitFor();
    await capture('webhooks');

    // Creating one through the form shows its secret once.
    await portal.getByRole('button', { name: 'Add endpoint' }).click();
    await portal.getByLabel('Endpoint URL').fill('http://203.0.113.11/second');
    await portal.getByRole('checkbox', { name: 'call.completed' }).check();
    await portal.getByRole('button', { name: 'Add endpoint' }).last().click();
    const secret = ((await portal.getByTestId('webhook-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await portal.getByRole('button', { name: 'Done' }).click();

    await portal
      .getByTestId('webhook-list')
      .getByRole('link', { name: new RegExp(HOOK_URL) })
      .click();
    await heading('Webhook endpoint');
    const log = portal.getByTestId('delivery-list');
    await log.getByText('webhook.test').waitFor();
    await capture('webhook-endpoint');
    await log.getByRole('button').first().click();
    const drawer = portal.getByRole('dialog');
    await drawer.getByRole('heading', { name: /^Delivery whd_/ }).waitFor();
    await drawer.getByTestId('delivery-body').getByText('"type": "webhook.test"').waitFor();
    await drawer.getByText('Attempt 1').waitFor();
    await capture('webhook-delivery', { fullPage: false });
    await drawer.getByRole('button', { name: 'Close' }).click();
    await portal.getByRole('button', { name: 'Send test event' }).click();
    await portal.getByText('Test event queued').waitFor();
    await until('two test deliveries', async () => {
      const page = await api(`/v1/webhooks/${endpoint.id}/deliveries`);
      return (page.data?.length ?? 0) >= 2 ? true : undefined;
    });
  });

  it('Contacts: searches, opens a contact with identities and its conversation, and imports a CSV', async () => {
    const numbers = await api('/v1/numbers');
    const phone = numbers.data!.find((n) => n.kind === 'phone_number')!.address as string;
    const ana = await api('/v1/contacts', {
      body: {
        name: 'Ana Lima',
        email: 'ana.lima@example.com',
        phone: DEVICE,
        tags: ['vip'],
        attributes: { plan: 'gold' },
      },
    });
    await api('/v1/contacts', { body: { name: 'Bruno Costa', email: 'bruno@example.com' } });
    // The device writes in: the inbox opens a conversation with Ana (her phone is her identity).
    await api('/v1/sandbox/inbound', {
      body: { channel: 'sms', from: DEVICE, to: phone, body: 'Hello from Ana' },
    });
    await until('the conversation', async () => {
      const page = await api(`/v1/conversations?contactId=${ana.id}`);
      return page.data?.length ? true : undefined;
    });

    await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await heading('Contacts');
    const list = portal.getByTestId('contact-list');
    await list.getByText('Bruno Costa').waitFor();
    await portal.getByLabel('Search', { exact: true }).fill('lima');
    await portal.getByRole('button', { name: 'Search', exact: true }).click();
    await portal.getByText('Best matches for “lima”').waitFor();
    expect(await list.getByText('Bruno Costa').count()).toBe(0);
    await capture('contacts');

    await portal.getByRole('button', { name: 'Import CSV' }).click();
    await portal
      .getByLabel('or paste CSV')
      .fill('name,email,phone\nCarla Dias,carla@example.com,+16175550124\nBad Row,not-an-email,12');
    await portal.getByRole('button', { name: 'Import', exact: true }).click();
    const status = portal.getByTestId('import-status');
    await status.getByText('completed').waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(/1 created/);
    await status.getByText(/^Line 3:/).waitFor();
    await capture('contacts-import');

    await portal.goto(`/portal/contacts/${ana.id}`);
    await heading('Ana Lima');
    await portal.getByTestId('identity-list').getByText(DEVICE).waitFor();
    await portal.getByTestId('contact-details').getByText('gold').waitFor();
    const conversation = portal.getByTestId('contact-conversations').getByRole('link').first();
    await conversation.waitFor();
    expect(await conversation.getAttribute('href')).toMatch(/^\/portal\/conversations\/conv_/);
    await capture('contact-detail');
  });

  it('WhatsApp templates: lists a synced template with its status and previews its variables', async () => {
    const me = await api('/v1/auth/me');
    const tenantId = (me.tenant as { id: string }).id;
    // No Meta account runs in this harness: the synced row is written as the sync job writes it.
    const components = [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' },
      { type: 'FOOTER', text: 'Pages Org' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://pages.test/t/{{1}}' }] },
    ];
    await h.iris.database.executeSql(
      `insert into whatsapp_templates (id, tenant_id, provider, external_id, name, language, category, status, components)
       values ('wat_pages1', $1, 'meta-main', '9001', 'order_update', 'en_US', 'UTILITY', 'APPROVED', $2::jsonb),
              ('wat_pages2', $1, 'meta-main', '9002', 'spring_sale', 'pt_BR', 'MARKETING', 'REJECTED', '[{"type":"BODY","text":"Sale!"}]')`,
      [tenantId, JSON.stringify(components)],
    );
    await portal
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'WhatsApp templates' })
      .click();
    await heading('WhatsApp templates');
    const list = portal.getByTestId('template-list');
    await list.getByText('order_update').waitFor();
    await list.getByText('rejected').waitFor();
    await portal.getByLabel('Status').selectOption('APPROVED');
    await until('the status filter', async () =>
      (await list.getByText('spring_sale').count()) === 0 ? true : undefined,
    );
    await capture('whatsapp-templates');

    await list.getByRole('link', { name: /order_update/ }).click();
    await heading('order_update');
    const preview = portal.getByTestId('template-preview');
    await preview.getByText('ships today.').waitFor();
    expect(await preview.locator('mark').count()).toBe(4);
    await portal.getByLabel('Body {{2}}').waitFor();
    await capture('whatsapp-template');
  });

  it('Settings: shows the renamed organization, its limits, voice settings and the callback secret', async () => {
    await api('/v1/tenant', { method: 'PATCH', body: { name: 'Pages Org Renamed' } });
    await api('/v1/voice/settings', { method: 'PUT', body: { recordingRetentionDays: 45 } });
    await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await heading('Settings');
    expect(await portal.getByLabel('Organization name').inputValue()).toBe('Pages Org Renamed');
    await portal.getByTestId('rate-limits').getByText('100 / min').waitFor();
    expect(await portal.getByLabel('Delete recordings after (days)').inputValue()).toBe('45');
    await portal.getByRole('button', { name: 'Show secret' }).click();
    expect(((await portal.getByTestId('callback-secret').textContent()) ?? '').trim()).toMatch(/^whsec_/);
    await portal.getByRole('button', { name: 'Hide' }).click();
    await capture('settings');

    // Renaming through the page updates the header and is audited.
    await portal.getByLabel('Organization name').fill('Pages Org Final');
    await portal.getByRole('button', { name: 'Save name' }).click();
    await portal.getByText('The organization is now called Pages Org Final.').waitFor();
    await portal.getByRole('banner').getByText('Pages Org Final').waitFor();
    const audit = await api('/v1/audit-log?action=tenant.updated');
    expect(audit.data?.length).toBe(2);
    expect(pageErrors).toEqual([]);
  });
});
