import { describe, expect, it } from 'vitest';
import type { TemplateContent } from '../../channels/whatsapp/meta/whatsapp-content';
import { checkTemplateParams, placeholdersOf, renderTemplate } from './template-params';
import type { whatsappTemplates } from './whatsapp.schema';

type Row = typeof whatsappTemplates.$inferSelect;
const row = (components: Record<string, unknown>[], parameterFormat = 'positional'): Row => ({
  id: 'wat_1',
  tenantId: 'ten_1',
  provider: 'meta-main',
  externalId: '1',
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  parameterFormat,
  components,
  rejectedReason: null,
  syncedAt: new Date(),
  createdAt: new Date(),
  updatedAt: new Date(),
});
const send = (partial: Partial<TemplateContent>): TemplateContent => ({
  name: 'order_update',
  language: 'en_US',
  body: [],
  buttons: [],
  ...partial,
});
const text = (t: string, name?: string) => ({ type: 'text' as const, text: t, ...(name ? { name } : {}) });

describe('template parameters checked against the synced template', () => {
  const shipped = row([
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'BODY', text: 'Hi {{1}}, order {{2}} ships {{2}} today' },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track', url: 'https://x.example/t/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Stop' },
        { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+14155550100' },
      ],
    },
  ]);
  const header = { type: 'image' as const, media: { link: 'https://cdn.example/a.png' } };

  it('counts distinct positional placeholders', () => {
    expect(placeholdersOf('Hi {{1}}, order {{2}} ships {{2}} today')).toEqual(['1', '2']);
    expect(placeholdersOf('Hi {{ first_name }}')).toEqual(['first_name']);
  });

  it('accepts a send that fits: header media, both body parameters, the URL button parameter', () => {
    const ok = send({
      header,
      body: [text('Ann'), text('A-1')],
      buttons: [
        { index: 0, subType: 'url', text: 'A-1' },
        { index: 1, subType: 'quick_reply', payload: 'stop' },
      ],
    });
    expect(checkTemplateParams(shipped, ok)).toEqual([]);
    expect(renderTemplate(shipped, ok)).toBe('Hi Ann, order A-1 ships A-1 today');
  });

  it('names each mismatch: parameter count, header type, text rules, button parameters', () => {
    const errors = checkTemplateParams(
      shipped,
      send({
        header: { type: 'document', media: { link: 'https://cdn.example/a.pdf' } },
        body: [text('Ann'), text('line\nbreak'), text('x')],
        buttons: [
          { index: 1, subType: 'url', text: 'x' },
          { index: 2, subType: 'quick_reply', payload: 'p' },
          { index: 5, subType: 'quick_reply', payload: 'p' },
        ],
      }),
    );
    expect(errors).toEqual([
      { path: 'template.header', message: "the template's header is an image: give an image header" },
      { path: 'template.body', message: 'the template takes 2 parameter(s), 3 given' },
      {
        path: 'template.body.1',
        message: 'may not contain new lines, tabs or more than four consecutive spaces',
      },
      { path: 'template.buttons.0', message: 'button 1 is a QUICK_REPLY button: use type quick_reply' },
      { path: 'template.buttons.1', message: 'button 2 is a PHONE_NUMBER button and takes no parameter' },
      { path: 'template.buttons.2', message: 'the template has no button 5' },
      { path: 'template.buttons', message: 'button 0 (URL) needs a parameter' },
    ]);
    expect(checkTemplateParams(shipped, send({ body: [text('a'), text(' ')] }))).toEqual([
      { path: 'template.header', message: "the template's header is an image: give an image header" },
      { path: 'template.body.1', message: 'is empty' },
      { path: 'template.buttons', message: 'button 0 (URL) needs a parameter' },
    ]);
  });

  it('checks named parameters by name and text headers by their placeholder', () => {
    const named = row(
      [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{order_id}}' },
        { type: 'BODY', text: 'Thanks {{first_name}}, total {{total}}' },
        { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SAVE10' }] },
      ],
      'named',
    );
    const ok = send({
      header: { type: 'text', params: [text('A-1', 'order_id')] },
      body: [
        text('Ann', 'first_name'),
        { type: 'currency', name: 'total', currency: { fallbackValue: '$5', code: 'USD', amount1000: 5000 } },
      ],
      buttons: [{ index: 0, subType: 'copy_code', couponCode: 'SAVE10' }],
    });
    expect(checkTemplateParams(named, ok)).toEqual([]);
    expect(renderTemplate(named, ok)).toBe('Order A-1\nThanks Ann, total $5');
    expect(
      checkTemplateParams(
        named,
        send({
          body: [text('Ann', 'first_nam'), text('$5', 'total')],
          buttons: [{ index: 0, subType: 'copy_code' }],
        }),
      ),
    ).toEqual([
      { path: 'template.header', message: 'missing parameters: order_id' },
      { path: 'template.body', message: 'missing parameters: first_name' },
      { path: 'template.body', message: 'the template has no parameters named first_nam' },
      { path: 'template.buttons.0', message: 'a copy_code button needs its couponCode' },
    ]);
  });

  it('refuses a header for a template without one', () => {
    const plain = row([{ type: 'BODY', text: 'Hello' }]);
    expect(checkTemplateParams(plain, send({ header }))).toEqual([
      { path: 'template.header', message: 'the template has no header' },
    ]);
    expect(checkTemplateParams(plain, send({}))).toEqual([]);
  });
});
