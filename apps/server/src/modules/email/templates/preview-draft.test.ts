import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../testing/test-database';
import { startTestIris, type TestIris } from '../../../testing/test-iris';

describe.each(databaseKinds())('POST /v1/email/templates/preview on %s', (kind) => {
  let t: TestIris;
  let token: string;
  let readKey: string;

  beforeAll(async () => {
    t = await startTestIris(kind);
    token = (await t.signup('Draft Co')).token;
    readKey = (await t.request('/v1/api-keys', { token, body: { name: 'reader', scopes: ['read'] } })).body
      .key;
  }, 120_000);
  afterAll(() => t?.close());

  const preview = (body: Record<string, unknown>, as = token) =>
    t.request('/v1/email/templates/preview', { token: as, body });

  it('renders unsaved parts with values over defaults, escaping HTML, and stores nothing', async () => {
    const rendered = await preview(
      {
        subject: 'Hi {{ name }}\r\nthere',
        html: '<p>Hello <strong>{{ name }}</strong>, code {{ code }}</p>',
        variables: [{ name: 'code', defaultValue: 'X-1' }],
        values: { name: '<Ann & Co>' },
      },
      readKey,
    );
    expect(rendered.status).toBe(200);
    expect(rendered.body).toEqual({
      subject: 'Hi <Ann & Co> there',
      html: '<p>Hello <strong>&lt;Ann &amp; Co&gt;</strong>, code X-1</p>',
      text: 'Hello <Ann & Co>, code X-1',
      detectedVariables: ['code', 'name'],
    });
    const listed = await t.request('/v1/email/templates', { token });
    expect(listed.body.data).toEqual([]);
  });

  it('uses the text part as written when there is one', async () => {
    const rendered = await preview({
      subject: 'S',
      html: '<p>{{ a }}</p>',
      text: 'Plain {{ a }}',
      values: { a: 1 },
    });
    expect(rendered.body).toMatchObject({ html: '<p>1</p>', text: 'Plain 1' });
  });

  it('answers 422 for a missing required variable or a part that does not parse', async () => {
    const missing = await preview({
      subject: 'S',
      text: '{{ a }}',
      variables: [{ name: 'a', required: true }],
    });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toContain('missing a');
    const broken = await preview({ subject: 'S', html: '<p>{% if %}</p>' });
    expect(broken.status).toBe(422);
    expect(broken.body.detail).toMatch(/^html:/);
  });

  it('refuses a caller without credentials', async () => {
    const anonymous = await t.request('/v1/email/templates/preview', { body: { subject: 'S', text: 'x' } });
    expect(anonymous.status).toBe(401);
  });
});
