import { describe, expect, it } from 'vitest';
import { checkPhoneNumber } from './phone-number';

describe('E.164 validation', () => {
  it.each([
    ['+12015550123', '+12015550123', 'US'],
    ['+447400123456', '+447400123456', 'GB'],
    ['+4915123456789', '+4915123456789', 'DE'],
    ['+33612345678', '+33612345678', 'FR'],
  ])('accepts %s', (value, e164, country) => {
    expect(checkPhoneNumber(value)).toEqual({ ok: true, e164, country });
  });

  it.each([
    ['national format', '2015550123', /E\.164/],
    ['spaces', '+1 201 555 0123', /E\.164/],
    ['dashes', '+1-201-555-0123', /E\.164/],
    ['letters', '+1201CALLNOW', /E\.164/],
    ['leading zero country code', '+0123456789', /E\.164/],
    ['too long', '+1234567890123456', /E\.164/],
    ['too short for the US', '+1201555', /not a valid/],
    ['unassigned country code', '+999123456789', /not a/],
    ['invalid UK mobile range', '+447700900123', /not a valid/],
  ])('refuses %s (%s)', (_name, value, message) => {
    const result = checkPhoneNumber(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
