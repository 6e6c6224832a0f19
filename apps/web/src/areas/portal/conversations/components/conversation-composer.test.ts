import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { fakeApi, json } from '../../../../testing/fake-api';
import ConversationComposer from './conversation-composer.vue';

function setup() {
  const { calls } = fakeApi({
    'POST /v1/conversations/cnv_1/messages': () => json({ id: 'tl_1' }, 201),
    'POST /v1/canned-responses/can_1/render': () => json({ body: 'Hi Ana, thanks for writing.' }),
  });
  const wrapper = mount(ConversationComposer, {
    props: {
      conversationId: 'cnv_1',
      canned: [
        {
          id: 'can_1',
          shortcode: 'hi',
          title: 'Greeting',
          body: 'Hi {{contact.firstName}}',
          createdBy: null,
          createdAt: '',
          updatedAt: '',
        },
      ],
    },
    global: { plugins: [createPinia()] },
  });
  return { calls, wrapper };
}

describe('conversation composer', () => {
  it('sends a reply with Ctrl+Enter and clears the box', async () => {
    const { calls, wrapper } = setup();
    const box = wrapper.find('textarea');
    await box.setValue('On its way');
    await box.trigger('keydown', { key: 'Enter', ctrlKey: true });
    await flushPromises();
    const sent = calls.find((c) => c.url.endsWith('/messages'));
    expect(await sent?.json()).toEqual({ kind: 'message', body: 'On its way', media: [] });
    expect((box.element as HTMLTextAreaElement).value).toBe('');
    expect(wrapper.emitted('sent')).toHaveLength(1);
  });

  it('posts an internal note when the toggle is on, and plain Enter does not send', async () => {
    const { calls, wrapper } = setup();
    await wrapper.find('input[type="checkbox"]').setValue(true);
    expect(wrapper.find('button[type="submit"]').text()).toBe('Add note');
    const box = wrapper.find('textarea');
    await box.setValue('VIP customer');
    await box.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(calls.filter((c) => c.url.endsWith('/messages'))).toHaveLength(0);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const sent = calls.find((c) => c.url.endsWith('/messages'));
    expect(await sent?.json()).toEqual({ kind: 'note', body: 'VIP customer', media: [] });
  });

  it('fills the box from a canned response rendered for this conversation', async () => {
    const { calls, wrapper } = setup();
    await wrapper.find('select').setValue('can_1');
    await flushPromises();
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe(
      'Hi Ana, thanks for writing.',
    );
    const render = calls.find((c) => c.url.endsWith('/render'));
    expect(await render?.json()).toEqual({ conversationId: 'cnv_1' });
  });
});
