import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../../testing/test-iris';

describe.each(databaseKinds())('/v1/email/templates on %s', (kind) => {
  let t: TestIris;
  let token: string;
  let readKey: string;

  beforeAll(async () => {
    t = await startTestIris(kind);
    token = (await t.signup('Template Co')).token;
    readKey = (await t.request('/v1/api-keys', { token, body: { name: 'reader', scopes: ['read'] } })).body
      .key;
  }, 120_000);
  afterAll(() => t?.close());

  const create = (body: Record<string, unknown>) => t.request('/v1/email/templates', { token, body });

  it('creates, reads, lists by category, changes and deletes templates', async () => {
    const created = await create({
      name: 'receipt',
      category: 'billing',
      subject: 'Receipt {{ number }}',
      html: '<p>{{ greeting | default: "Hello" }} {{ customer.name }}, total {{ total }}</p>',
      variables: [
        { name: 'number', required: true },
        { name: 'total', defaultValue: '0.00' },
      ],
      sampleData: { number: 'R-1', customer: { name: 'Sample Ann' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^etpl_/),
      name: 'receipt',
      category: 'billing',
      text: null,
      variables: [
        { name: 'number', required: true },
        { name: 'total', defaultValue: '0.00', required: false },
      ],
      detectedVariables: ['customer', 'greeting', 'number', 'total'],
    });
    await create({ name: 'hello', category: 'marketing', subject: 'Hi', text: 'Hi' });

    const billing = await t.request('/v1/email/templates?category=billing', { token: readKey });
    expect(billing.body.data.map((x: Json) => x.name)).toEqual(['receipt']);
    expect((await t.request('/v1/email/templates', { token: readKey })).body.data).toHaveLength(2);
    expect((await t.request(`/v1/email/templates/${created.body.id}`, { token: readKey })).body.name).toBe(
      'receipt',
    );

    const changed = await t.request(`/v1/email/templates/${created.body.id}`, {
      token,
      method: 'PATCH',
      body: { subject: 'Your receipt {{ number }}', category: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      subject: 'Your receipt {{ number }}',
      category: null,
      name: 'receipt',
    });
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));

    // A reader may look, not change.
    expect(
      (await t.request(`/v1/email/templates/${created.body.id}`, { token: readKey, method: 'DELETE' }))
        .status,
    ).toBe(403);
    expect(
      (await t.request(`/v1/email/templates/${created.body.id}`, { token, method: 'DELETE' })).status,
    ).toBe(204);
    expect((await t.request(`/v1/email/templates/${created.body.id}`, { token })).status).toBe(404);
  });

  it('refuses templates that do not parse, lack a body, or reuse a name', async () => {
    const broken = await create({ name: 'broken', subject: 'S', html: '<p>{% if %}</p>' });
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0].path).toBe('html');
    expect((await create({ name: 'empty', subject: 'S' })).status).toBe(422);
    await create({ name: 'unique', subject: 'S', text: 'x' });
    const duplicate = await create({ name: 'unique', subject: 'S', text: 'x' });
    expect(duplicate.status).toBe(409);
    const [unique] = (await t.request('/v1/email/templates', { token })).body.data.filter(
      (x: Json) => x.name === 'unique',
    );
    const emptied = await t.request(`/v1/email/templates/${unique.id}`, {
      token,
      method: 'PATCH',
      body: { text: null },
    });
    expect(emptied.status).toBe(422);
  });

  it('previews with sample data overridden by given variables, and reports missing ones', async () => {
    const template = await create({
      name: 'preview-me',
      subject: 'Order {{ number }}',
      html: '<h1>Hi {{ name }}</h1><p>Order {{ number }} is {{ status }}.</p>',
      variables: [
        { name: 'number', required: true },
        { name: 'status', defaultValue: 'on its way' },
      ],
      sampleData: { name: 'Sample', number: '1001' },
    });
    const preview = await t.request(`/v1/email/templates/${template.body.id}/preview`, {
      token: readKey,
      body: { variables: { name: '<Ann>' } },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      subject: 'Order 1001',
      html: '<h1>Hi &lt;Ann&gt;</h1><p>Order 1001 is on its way.</p>',
      text: 'HI <ANN>\n\nOrder 1001 is on its way.',
    });
    const bare = await create({
      name: 'no-samples',
      subject: '{{ number }}',
      text: 'x',
      variables: [{ name: 'number', required: true }],
    });
    const missing = await t.request(`/v1/email/templates/${bare.body.id}/preview`, { token, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      { path: 'variables.number', message: 'is required by the template' },
    ]);
  });

  it('duplicates a template under "(copy)" or a given name', async () => {
    const source = await create({
      name: 'original',
      category: 'ops',
      subject: 'S {{ a }}',
      text: 'T',
      variables: [{ name: 'a' }],
    });
    const copy = await t.request(`/v1/email/templates/${source.body.id}/duplicate`, { token, body: {} });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      name: 'original (copy)',
      category: 'ops',
      subject: 'S {{ a }}',
      text: 'T',
    });
    expect(copy.body.id).not.toBe(source.body.id);
    const named = await t.request(`/v1/email/templates/${source.body.id}/duplicate`, {
      token,
      body: { name: 'renamed' },
    });
    expect(named.body.name).toBe('renamed');
    expect(
      (await t.request(`/v1/email/templates/${source.body.id}/duplicate`, { token, body: {} })).status,
    ).toBe(409);
  });
});
