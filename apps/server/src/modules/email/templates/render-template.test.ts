import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate } from './render-template';

const variables = [
  { name: 'name', defaultValue: 'there', required: false },
  { name: 'code', required: true },
];

describe('email templates (Liquid)', () => {
  it('renders with defaults and given values, escaping HTML output only, text from the HTML when there is none', async () => {
    const rendered = await renderTemplate(
      {
        subject: 'Code for {{ name }}\r\nBcc: x@evil.test',
        html: '<p>Hi {{ name }}, your code is <b>{{ code }}</b>.</p><p><a href="https://x.test/{{ code | url_encode }}">Open</a></p>',
        text: null,
      },
      variables,
      { code: '<42&>' },
    );
    // A line break in a rendered subject could add a header: it is flattened.
    expect(rendered.subject).toBe('Code for there Bcc: x@evil.test');
    expect(rendered.html).toBe(
      '<p>Hi there, your code is <b>&lt;42&amp;&gt;</b>.</p><p><a href="https://x.test/%3C42%26%3E">Open</a></p>',
    );
    expect(rendered.text).toBe('Hi there, your code is <42&>.\n\nOpen [https://x.test/%3C42%26%3E]');
  });

  it('uses a given text part unescaped', async () => {
    const rendered = await renderTemplate(
      { subject: 'S', html: '<p>{{ code }}</p>', text: 'Code: {{ code }}' },
      variables,
      {
        code: 'a<b',
      },
    );
    expect(rendered.text).toBe('Code: a<b');
  });

  it('refuses a render that lacks a required variable, naming it', async () => {
    await expect(
      renderTemplate({ subject: 'S', html: null, text: '{{ code }}' }, variables, {}),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ path: 'variables.code', message: 'is required by the template' }] },
    });
  });

  it('reports syntax errors by part and lists the variables a template uses', () => {
    expect(() => checkTemplate({ subject: 'ok', html: '{% if %}', text: null })).toThrow(/^html: /);
    expect(
      checkTemplate({ subject: '{{ a }}', html: '{% if b %}{{ c.d }}{% endif %}', text: '{{ a }}' }),
    ).toEqual(['a', 'b', 'c']);
  });

  it('bounds runaway templates instead of hanging', async () => {
    await expect(
      renderTemplate(
        { subject: 'S', html: null, text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' },
        [],
        {},
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
