import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { fakeApi, json } from '../../../../testing/fake-api';
import TemplateEditorPage from './template-editor-page.vue';

const template = {
  id: 'etpl_1',
  name: 'Welcome',
  category: null,
  subject: 'Hi {{ first_name }}',
  html: '<p>Hello {{ first_name }}</p>',
  text: null,
  variables: [{ name: 'first_name', required: true }],
  sampleData: { first_name: 'Ada' },
  detectedVariables: ['first_name'],
  createdAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
};

/** The fake server renders `{{ name }}` from the values, as Liquid would for these simple parts. */
const renderLiquid = (source: string, values: Record<string, unknown>) =>
  source.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''));

async function openEditor() {
  const previews: Record<string, unknown>[] = [];
  const { calls } = fakeApi({
    'GET /v1/email/templates/etpl_1': () => json(template),
    'POST /v1/email/templates/preview': async (request) => {
      const body = (await request.json()) as {
        subject: string;
        html: string | null;
        values: Record<string, unknown>;
      };
      previews.push(body);
      const names = [...`${body.subject} ${body.html}`.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      return json({
        subject: renderLiquid(body.subject, body.values),
        html: body.html && renderLiquid(body.html, body.values),
        text: renderLiquid((body.html ?? '').replace(/<[^>]+>/g, ''), body.values),
        detectedVariables: [...new Set(names)].sort(),
      });
    },
    'PATCH /v1/email/templates/etpl_1': async (request) =>
      json({ ...template, ...((await request.json()) as object) }),
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/portal/email/templates/:id', name: 'email-template', component: TemplateEditorPage },
      { path: '/portal/email/templates', component: { template: '<p />' } },
    ],
  });
  await router.push('/portal/email/templates/etpl_1');
  const page = mount(TemplateEditorPage, {
    global: { plugins: [createPinia(), router] },
    attachTo: document.body,
  });
  await flushPromises();
  return { page, calls, previews };
}

const waitForPreview = async (page: Awaited<ReturnType<typeof openEditor>>['page'], subject: string) => {
  await vi.waitFor(
    async () => {
      await flushPromises();
      expect(page.find('[data-testid="preview-subject"]').text()).toBe(subject);
    },
    { timeout: 3000 },
  );
};

describe('template editor', () => {
  it('renders the live preview with the sample values through the server', async () => {
    const { page, previews } = await openEditor();
    await waitForPreview(page, 'Hi Ada');
    expect(previews[0]).toMatchObject({
      subject: 'Hi {{ first_name }}',
      html: '<p>Hello {{ first_name }}</p>',
      text: null,
      variables: [{ name: 'first_name', required: true }],
      values: { first_name: 'Ada' },
    });
    expect(page.find('[data-testid="preview-html"]').attributes('srcdoc')).toContain('<p>Hello Ada</p>');
    expect(page.find('[data-testid="preview-text"]').text()).toBe('Hello Ada');

    await page.find('[data-variable="first_name"] input').setValue('Grace');
    await waitForPreview(page, 'Hi Grace');
    page.unmount();
  });

  it('inserts a variable where the author was typing, declares new ones and saves', async () => {
    const { page, calls } = await openEditor();
    await waitForPreview(page, 'Hi Ada');

    // Into the subject, at the cursor.
    const subjectInput = page
      .findAll<HTMLInputElement>('input')
      .find((i) => i.element.value === 'Hi {{ first_name }}')!;
    subjectInput.element.focus();
    await subjectInput.trigger('focus');
    subjectInput.element.setSelectionRange(2, 2);
    await page.find('form input.font-mono').setValue('plan');
    await page.findAll('form').at(-1)!.trigger('submit');
    await page.find('button[aria-label="Insert plan"]').trigger('click');
    await flushPromises();
    expect(subjectInput.element.value).toBe('Hi{{ plan }} {{ first_name }}');

    // Into the HTML body (TipTap), at its cursor.
    const body = page.find('[role="textbox"][aria-label="HTML body"]');
    await body.trigger('focus');
    await page.find('button[aria-label="Insert plan"]').trigger('click');
    await flushPromises();
    expect(body.text()).toContain('{{ plan }}');

    await page.find('[data-variable="plan"] input').setValue('Pro');
    await waitForPreview(page, 'HiPro Ada');

    await page
      .findAll('button')
      .find((b) => b.text() === 'Save')!
      .trigger('click');
    await flushPromises();
    const patch = calls.find((c) => c.method === 'PATCH');
    const saved = (await patch!.json()) as Record<string, unknown>;
    expect(saved).toMatchObject({
      subject: 'Hi{{ plan }} {{ first_name }}',
      variables: [
        { name: 'first_name', required: true },
        { name: 'plan', required: false },
      ],
      sampleData: { first_name: 'Ada', plan: 'Pro' },
      text: null,
    });
    expect(String(saved.html)).toContain('{{ plan }}');
    expect(page.text()).toContain('Saved at');
    page.unmount();
  });
});
