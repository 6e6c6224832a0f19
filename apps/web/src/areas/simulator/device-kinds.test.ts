import { describe, expect, it } from 'vitest';
import { kindOfAddress } from './device-kinds';

describe('kindOfAddress', () => {
  it.each([
    ['+16175551234', 'phone'],
    ['ana@example.com', 'email'],
    ['U123ABC', 'chat'],
  ])('%s is a %s', (address, kind) => {
    expect(kindOfAddress(address)).toBe(kind);
  });
});
