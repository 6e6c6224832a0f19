import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePage, type Harness, startHarness } from './harness';

// One story, in order, against a real server: each step builds on the previous one.
let h: Harness;
let portal: Page;
const pageErrors: string[] = [];
const DEVICE = '+16175553344';
const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  h = await startHarness('portal-flow');
  portal = await h.browser.newPage();
  portal.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await h?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

describe('customer portal in Chromium', () => {
  it('signs up a new organization and lands on the dashboard', async () => {
    await portal.goto('/signup');
    await heading(portal, 'Create your organization');
    await capturePage(portal, 'signup');
    await portal.getByLabel('Organization name', { exact: true }).fill('Acme Rockets');
    await portal.getByLabel('Your name', { exact: true }).fill('Olga Owner');
    await portal.getByLabel('Email', { exact: true }).fill(EMAIL);
    await portal.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await portal.getByRole('button', { name: 'Create account' }).click();
    await heading(portal, 'Dashboard');
    expect(new URL(portal.url()).pathname).toBe('/portal');
    await portal.getByText('No messages today yet.').waitFor();
    await capturePage(portal, 'dashboard-empty');
  });

  it('creates an API key, shows it once and copies it; the key works', async () => {
    await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await heading(portal, 'API keys');
    await portal.getByLabel('Name', { exact: true }).fill('CI server');
    await portal.getByRole('button', { name: 'Create key' }).click();
    const shown = ((await portal.getByTestId('new-api-key').textContent()) ?? '').trim();
    expect(shown.length).toBeGreaterThan(20);
    await portal.getByRole('button', { name: 'Copy key' }).click();
    await portal.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await portal.evaluate('navigator.clipboard.readText()')).toBe(shown);
    const me = await fetch(`${h.baseUrl}/v1/auth/me`, { headers: { authorization: `Bearer ${shown}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { principal: string }).principal).toBe('api_key');
    await capturePage(portal, 'api-keys');
    await portal.getByRole('button', { name: 'Done' }).click();
    expect(await portal.getByTestId('new-api-key').count()).toBe(0);
  });

  it('records the new key in the audit log', async () => {
    await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await heading(portal, 'Audit log');
    await portal.getByText('api_key.created').first().waitFor();
    await capturePage(portal, 'audit-log');
  });

  it('invites a member from Team & roles', async () => {
    await portal
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Team & roles' })
      .click();
    await heading(portal, 'Team & roles');
    await portal.getByRole('main').getByText(EMAIL).waitFor();
    await portal.getByLabel('Email to invite', { exact: true }).fill('agent.smith@example.com');
    await portal.getByRole('button', { name: 'Send invitation' }).click();
    await portal.getByText('Invitation sent to agent.smith@example.com.').first().waitFor();
    await portal
      .getByRole('listitem')
      .filter({ hasText: 'agent.smith@example.com' })
      .getByText('pending')
      .waitFor();
    await capturePage(portal, 'team');
  });

  it('lists the sandbox senders', async () => {
    await portal.goto('/portal/numbers');
    await heading(portal, 'Numbers & senders');
    await portal
      .getByRole('cell', { name: /sandbox/ })
      .first()
      .waitFor();
    await capturePage(portal, 'numbers');
  });

  it('sends an SMS from the Messages page and shows its detail', async () => {
    await portal.goto('/portal/messages');
    await heading(portal, 'Messages');
    await portal.getByLabel('To', { exact: true }).fill(DEVICE);
    await portal.getByLabel('Message', { exact: true }).fill('Your rocket ships tomorrow');
    await portal.getByRole('button', { name: 'Send message' }).click();
    await portal.getByText('Message accepted').waitFor();
    await portal.getByTestId('message-list').getByText('Your rocket ships tomorrow').waitFor();
    await capturePage(portal, 'messages');
    await portal.getByTestId('message-list').getByRole('link').first().click();
    await heading(portal, 'Message');
    await portal.getByRole('heading', { name: 'Status timeline' }).waitFor();
    await portal.getByText('delivered').first().waitFor({ timeout: 30_000 });
    await capturePage(portal, 'message-detail');
  });

  it('shows the SMS on the simulator phone, replies, and the reply appears in Conversations live', async () => {
    const simulator = await h.browser.newPage();
    simulator.on('pageerror', (error) => pageErrors.push(error.message));
    await simulator.goto('/simulator');
    await heading(simulator, 'Device simulator');
    await simulator.getByRole('button', { name: new RegExp(DEVICE.replace('+', '\\+')) }).click();
    await simulator.getByTestId('device-thread').getByText('Your rocket ships tomorrow').waitFor();

    // Conversations is open before the reply is sent: the reply must arrive without a reload.
    await portal.goto('/portal/conversations');
    await heading(portal, 'Conversations');
    await portal.getByText('No conversations match.').waitFor();

    await simulator.getByLabel('Message from the device', { exact: true }).fill('Great, what time?');
    await simulator.getByRole('button', { name: 'Send from device' }).click();
    await simulator.getByTestId('device-thread').getByText('Great, what time?').waitFor();
    await capturePage(simulator, 'simulator');

    const list = portal.getByTestId('conversation-list');
    await list.getByRole('link').first().waitFor({ timeout: 15_000 });
    await list.getByRole('link').first().click();
    const thread = portal.getByTestId('conversation-thread');
    await thread.getByText('Great, what time?').waitFor();

    // The agent answers with Ctrl+Enter; the simulator phone receives it live.
    await portal.getByLabel('Reply', { exact: true }).fill('Between 9 and 11 am.');
    await portal.getByLabel('Reply', { exact: true }).press('Control+Enter');
    await thread.getByText('Between 9 and 11 am.').waitFor();
    await simulator
      .getByTestId('device-thread')
      .getByText('Between 9 and 11 am.')
      .waitFor({ timeout: 15_000 });
    await capturePage(portal, 'conversations');
    await capturePage(simulator, 'simulator-after-reply');

    // An internal note stays inside: it shows in the thread, never on the phone.
    await portal.getByRole('checkbox', { name: 'Internal note' }).check();
    await portal.locator('#composer-body').fill('Customer prefers mornings');
    await portal.getByRole('button', { name: 'Add note' }).click();
    await thread.getByText('Customer prefers mornings').waitFor();
    expect(await simulator.getByText('Customer prefers mornings').count()).toBe(0);
    await simulator.close();
  });

  it('has accessible sign-in pages and honest empty states for pages not built yet', async () => {
    await portal.goto('/portal/reports');
    await heading(portal, 'Customer portal: not built yet');
    await capturePage(portal, 'not-built-portal');
    await portal.goto('/portal');
    await heading(portal, 'Dashboard');
    await capturePage(portal, 'dashboard');

    await portal.getByRole('button', { name: 'Sign out' }).click();
    await heading(portal, 'Sign in to IRIS');
    await capturePage(portal, 'login');
    await portal.goto('/forgot-password');
    await heading(portal, 'Reset your password');
    await capturePage(portal, 'forgot-password');
    await portal.goto('/reset-password?token=abc');
    await heading(portal, 'Choose a new password');
    await capturePage(portal, 'reset-password');

    // A wrong password shows the server's problem+json message.
    await portal.goto('/login');
    await portal.getByLabel('Email', { exact: true }).fill(EMAIL);
    await portal.getByLabel('Password', { exact: true }).fill('not the password');
    await portal.getByRole('button', { name: 'Sign in' }).click();
    await portal.getByRole('alert').waitFor();
    expect(await portal.getByRole('alert').textContent()).toMatch(/\w/);

    // Signing in again goes back where the visitor was headed.
    await portal.goto('/portal/numbers');
    await heading(portal, 'Sign in to IRIS');
    await portal.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await portal.getByLabel('Email', { exact: true }).fill(EMAIL);
    await portal.getByRole('button', { name: 'Sign in' }).click();
    await heading(portal, 'Numbers & senders');
    expect(pageErrors).toEqual([]);
  });
});
