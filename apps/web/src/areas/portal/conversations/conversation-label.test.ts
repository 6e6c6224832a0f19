import { describe, expect, it } from 'vitest';
import { conversationLabel, eventConversationId } from './conversation-label';

describe('conversation labels', () => {
  it('prefers the contact name, then phone, email, subject and id', () => {
    expect(
      conversationLabel({
        id: 'c1',
        subject: null,
        contact: { id: 'k', name: 'Ana', email: null, phone: '+1' },
      }),
    ).toBe('Ana');
    expect(
      conversationLabel({
        id: 'c1',
        subject: null,
        contact: { id: 'k', name: null, email: null, phone: '+1' },
      }),
    ).toBe('+1');
    expect(conversationLabel({ id: 'c1', subject: null, contact: null })).toBe('c1');
  });

  it('reads the conversation id of an event', () => {
    expect(eventConversationId({ conversation: { id: 'cnv_1' } })).toBe('cnv_1');
    expect(eventConversationId({ conversationId: 'cnv_2' })).toBe('cnv_2');
    expect(eventConversationId({})).toBeUndefined();
  });
});
