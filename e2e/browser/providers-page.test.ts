import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePage, type Harness, startHarness } from './harness';

// The Providers page against a real server: sign up, add the tenant's own Twilio account through
// the form generated from Twilio's credentials schema, see it listed with its health.
let h: Harness;
let portal: Page;
const pageErrors: string[] = [];
const AUTH_TOKEN = 'e2e-twilio-auth-token-7c1f';

beforeAll(async () => {
  h = await startHarness('providers-page');
  portal = await h.browser.newPage();
  portal.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await h?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

describe('providers page in Chromium', () => {
  it('lists the platform providers by channel for a new organization', async () => {
    await portal.goto('/signup');
    await heading(portal, 'Create your organization');
    await portal.getByLabel('Organization name', { exact: true }).fill('Provider Co');
    await portal.getByLabel('Your name', { exact: true }).fill('Pat Provider');
    await portal.getByLabel('Email', { exact: true }).fill('pat@provider.example');
    await portal.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await portal.getByRole('button', { name: 'Create account' }).click();
    await heading(portal, 'Dashboard');
    await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
    await heading(portal, 'Providers');
    await portal.getByRole('heading', { level: 2, name: 'SMS and MMS' }).waitFor();
    await portal.getByText('You have not added an account of your own yet').waitFor();
    await capturePage(portal, 'providers-empty');
  });

  it('adds a Twilio account through the generated form and sees it listed, secret masked', async () => {
    await portal.getByRole('button', { name: 'Add provider' }).click();
    await portal.getByLabel('Channel', { exact: true }).selectOption('sms');
    await portal.getByLabel('Provider', { exact: true }).selectOption('twilio');
    await portal.getByLabel('Name', { exact: true }).fill('Our Twilio');
    // Client-side validation from the schema's pattern, before any request.
    await portal.getByLabel(/^Account SID/).fill('AC-not-a-sid');
    await portal.getByLabel(/^Auth token/).fill(AUTH_TOKEN);
    await capturePage(portal, 'providers-add-form');
    await portal.getByRole('button', { name: 'Add provider' }).last().click();
    await portal.getByText('does not have the expected format').first().waitFor();
    await portal.getByLabel(/^Account SID/).fill(`AC${'7'.repeat(32)}`);
    await portal.getByRole('button', { name: 'Add provider' }).last().click();
    await portal.getByText('Saved “Our Twilio”').waitFor();
    const row = portal.getByRole('listitem').filter({ hasText: 'Our Twilio' });
    await row.getByText('Your account').waitFor();
    await row.getByText('Healthy').waitFor();
    expect(await portal.content()).not.toContain(AUTH_TOKEN);
    await capturePage(portal, 'providers-listed');

    // The edit form shows the stored secret only masked, as a hint.
    await row.getByRole('button', { name: 'Edit Our Twilio' }).click();
    await portal.getByText(`Stored (••••${AUTH_TOKEN.slice(-4)}). Leave empty to keep it.`).waitFor();
    await portal.getByRole('button', { name: 'Cancel' }).click();
    expect(pageErrors).toEqual([]);
  });
});
