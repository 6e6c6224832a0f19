import { describe, expect, it } from 'vitest';
import { statusTone } from './message-status';

describe('statusTone', () => {
  it.each([
    ['delivered', 'success'],
    ['failed', 'danger'],
    ['queued', 'warning'],
    ['something-new', 'neutral'],
  ])('%s → %s', (status, tone) => {
    expect(statusTone(status)).toBe(tone);
  });
});
