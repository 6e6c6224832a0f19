import { describe, expect, it } from 'vitest';
import { inputsOf, segmentsOf, statusTone, templateRequest } from './template-parts';

const components = [
  { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
  { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships {{1}}.' },
  { type: 'FOOTER', text: 'Reply STOP to opt out' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'QUICK_REPLY', text: 'Thanks' },
      { type: 'URL', text: 'Track', url: 'https://x.test/t/{{1}}' },
    ],
  },
];

describe('WhatsApp template parts', () => {
  it('splits text into plain and variable runs', () => {
    expect(segmentsOf('Hi {{1}}, see {{ name }}!')).toEqual([
      { text: 'Hi ' },
      { text: '{{1}}', variable: '1' },
      { text: ', see ' },
      { text: '{{ name }}', variable: 'name' },
      { text: '!' },
    ]);
  });

  it('finds the inputs a test send needs', () => {
    expect(inputsOf(components)).toEqual({
      header: ['1'],
      headerMedia: undefined,
      body: ['1', '2'],
      urlButtons: [{ index: 1, variables: ['1'] }],
    });
    expect(inputsOf([{ type: 'HEADER', format: 'IMAGE' }]).headerMedia).toBe('IMAGE');
  });

  it('builds the positional or named template request', () => {
    const values = { 'header.1': 'A-1', 'body.1': 'Ana', 'body.2': 'A-1', 'button.1': 'A-1' };
    expect(
      templateRequest(
        { name: 'order', language: 'en_US', parameterFormat: 'positional', components },
        values,
      ),
    ).toEqual({
      name: 'order',
      language: 'en_US',
      header: { type: 'text', text: 'A-1' },
      body: ['Ana', 'A-1'],
      buttons: [{ index: 1, type: 'url', text: 'A-1' }],
    });
    const named = templateRequest(
      {
        name: 'hi',
        language: 'en',
        parameterFormat: 'named',
        components: [{ type: 'BODY', text: 'Hi {{first_name}}' }],
      },
      { 'body.first_name': 'Ana' },
    );
    expect(named.body).toEqual({ first_name: 'Ana' });
    expect(statusTone('approved')).toBe('success');
    expect(statusTone('REJECTED')).toBe('danger');
  });
});
