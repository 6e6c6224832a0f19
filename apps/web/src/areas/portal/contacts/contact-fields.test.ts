import { describe, expect, it } from 'vitest';
import {
  attributeChanges,
  contactLabel,
  formatAttributes,
  parseAttributes,
  parseTags,
} from './contact-fields';

describe('contact form fields', () => {
  it('round-trips attributes as key = value lines', () => {
    const text = formatAttributes({ plan: 'gold', seats: 3 });
    expect(text).toBe('plan = gold\nseats = 3');
    expect(parseAttributes(`${text}\n\n city = Lisbon = PT `)).toEqual({
      ok: true,
      value: { plan: 'gold', seats: '3', city: 'Lisbon = PT' },
    });
  });

  it('names the line that is not key = value', () => {
    expect(parseAttributes('plan = gold\njust words')).toEqual({
      ok: false,
      error: 'Line 2: write key = value',
    });
  });

  it('sends null for removed attributes so the merge drops them', () => {
    expect(attributeChanges({ plan: 'gold', old: 1 }, { plan: 'silver' })).toEqual({
      plan: 'silver',
      old: null,
    });
  });

  it('splits tags and labels contacts', () => {
    expect(parseTags(' vip, beta ,vip,,')).toEqual(['vip', 'beta']);
    expect(contactLabel({ id: 'con_1', name: null, email: null, phone: '+1555' })).toBe('+1555');
  });
});
