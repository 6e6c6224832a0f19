import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import {
  fieldErrorsFrom,
  fieldsOf,
  initialValues,
  type JsonSchema,
  labelOf,
  toPayload,
  validateValues,
} from './schema-form';
import SchemaForm from './schema-form.vue';

// The shape the server's catalog gives (zod → JSON Schema), with one field of every kind.
const schema: JsonSchema = {
  type: 'object',
  properties: {
    accountSid: { type: 'string', pattern: '^AC[0-9a-zA-Z]{32}$' },
    authToken: { type: 'string', minLength: 1, writeOnly: true, format: 'password' },
    baseUrl: { type: 'string', format: 'uri', default: 'https://api.twilio.com' },
    port: { type: 'integer', minimum: 1, maximum: 65535, default: 587 },
    secure: { type: 'boolean', default: false },
    region: { type: 'string', enum: ['us', 'eu'] },
    topics: { type: 'array', items: { type: 'string', minLength: 1 } },
    dkimKeys: { type: 'array', items: { type: 'object' }, default: [] },
  },
  required: ['accountSid', 'authToken', 'region'],
};
const SID = `AC${'0'.repeat(32)}`;

function mountForm(options: { keepSecrets?: boolean; errors?: Record<string, string> } = {}) {
  const fields = fieldsOf(schema, ['authToken']);
  const values = ref(initialValues(fields, {}));
  const Host = defineComponent(
    () => () =>
      h(SchemaForm, {
        fields,
        errors: options.errors ?? {},
        keepSecrets: options.keepSecrets,
        masked: { authToken: '••••cdef' },
        modelValue: values.value,
        'onUpdate:modelValue': (v: typeof values.value) => {
          values.value = v;
        },
      }),
  );
  return { wrapper: mount(Host), values, fields };
}

describe('schema form', () => {
  it('labels fields from their names, acronyms in capitals', () => {
    expect(labelOf('accountSid')).toBe('Account SID');
    expect(labelOf('apiKeySecret')).toBe('API key secret');
    expect(labelOf('baseUrl')).toBe('Base URL');
  });

  it('renders an input of the right type for every field kind, required ones first and marked', () => {
    const { wrapper } = mountForm();
    const input = (name: string) => wrapper.find(`[data-field="${name}"]`);
    expect(wrapper.findAll('[data-field]').map((f) => f.attributes('data-field'))).toEqual([
      'accountSid',
      'authToken',
      'region',
      'baseUrl',
      'port',
      'secure',
      'topics',
      'dkimKeys',
    ]);
    expect(input('accountSid').find('input').attributes('type')).toBe('text');
    expect(input('accountSid').text()).toContain('(required)');
    expect(input('authToken').find('input').attributes()).toMatchObject({
      type: 'password',
      autocomplete: 'new-password',
    });
    expect(input('baseUrl').find('input').attributes()).toMatchObject({
      type: 'url',
      placeholder: 'https://api.twilio.com',
    });
    expect(input('baseUrl').text()).not.toContain('(required)');
    expect(input('port').find('input').attributes('type')).toBe('number');
    expect(input('secure').find('input').attributes('type')).toBe('checkbox');
    expect(
      input('region')
        .findAll('option')
        .map((o) => o.text()),
    ).toEqual(['us', 'eu']);
    expect(input('topics').find('textarea').exists()).toBe(true);
    expect(input('topics').text()).toContain('One per line.');
    expect(input('dkimKeys').find('textarea').exists()).toBe(true);
    // Every input has a label pointing at it.
    for (const field of wrapper.findAll('input, select, textarea')) {
      const id = field.attributes('id');
      expect(wrapper.find(`label[for="${id}"]`).exists(), id).toBe(true);
    }
  });

  it('validates from the schema: required, pattern, URL, number range, JSON', () => {
    const fields = fieldsOf(schema, ['authToken']);
    const values = {
      ...initialValues(fields),
      accountSid: 'AC1',
      baseUrl: 'not a url',
      port: '70000',
      dkimKeys: '{',
    };
    expect(validateValues(fields, values)).toEqual({
      accountSid: expect.stringContaining('expected format'),
      authToken: 'is required',
      region: 'is required',
      baseUrl: 'must be a full URL (https://…)',
      port: 'must be at most 65535',
      dkimKeys: 'must be valid JSON',
    });
    const good = {
      ...initialValues(fields),
      accountSid: SID,
      authToken: 's3cret',
      region: 'eu',
      topics: 'a\n\nb',
    };
    expect(validateValues(fields, good)).toEqual({});
    expect(toPayload(fields, good)).toEqual({
      accountSid: SID,
      authToken: 's3cret',
      region: 'eu',
      baseUrl: 'https://api.twilio.com',
      port: 587,
      secure: false,
      topics: ['a', 'b'],
      dkimKeys: [],
    });
  });

  it('keeps secrets write-only: never pre-filled, optional when editing, masked value shown as a hint', () => {
    const fields = fieldsOf(schema, ['authToken']);
    const stored = initialValues(fields, { accountSid: SID, authToken: '••••cdef', region: 'us' });
    expect(stored.authToken).toBe('');
    expect(validateValues(fields, stored, { keepSecrets: true })).toEqual({});
    expect(toPayload(fields, stored)).not.toHaveProperty('authToken');
    const { wrapper } = mountForm({ keepSecrets: true });
    expect(wrapper.find('[data-field="authToken"]').text()).toContain(
      'Stored (••••cdef). Leave empty to keep it.',
    );
    expect((wrapper.find('[data-field="authToken"] input').element as HTMLInputElement).value).toBe('');
  });

  it('shows errors (server problem+json fields mapped by name) tied to their inputs', async () => {
    expect(
      fieldErrorsFrom(
        [
          { path: 'credentials.accountSid', message: 'an Account SID' },
          { path: 'name', message: 'required' },
        ],
        'credentials',
      ),
    ).toEqual({ accountSid: 'an Account SID' });
    const { wrapper, values } = mountForm({ errors: { accountSid: 'an Account SID' } });
    const input = wrapper.find('[data-field="accountSid"] input');
    expect(input.attributes('aria-invalid')).toBe('true');
    const note = wrapper.find(`#${input.attributes('aria-describedby')}`);
    expect(note.text()).toContain('Account SID an Account SID');
    await input.setValue(SID);
    expect(values.value.accountSid).toBe(SID);
    await wrapper.find('[data-field="secure"] input').setValue(true);
    expect(values.value.secure).toBe(true);
  });
});
