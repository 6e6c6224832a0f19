import { describe, expect, it } from 'vitest';
import { classifyKeyword } from './opt-out-keywords';

describe('opt-out keywords', () => {
  it.each([
    ['STOP', 'opt_out'],
    ['stop', 'opt_out'],
    ['  Stop  ', 'opt_out'],
    ['STOP!', 'opt_out'],
    ['STOPALL', 'opt_out'],
    ['unsubscribe', 'opt_out'],
    ['CANCEL', 'opt_out'],
    ['End', 'opt_out'],
    ['QUIT.', 'opt_out'],
    ['START', 'opt_in'],
    ['unstop', 'opt_in'],
    ['HELP', 'help'],
    ['info?', 'help'],
    ['please stop texting me', undefined],
    ['STOP NOW', undefined],
    ['stopping', undefined],
    ['', undefined],
    [null, undefined],
  ] as const)('%j → %s', (body, action) => {
    expect(classifyKeyword(body)).toBe(action);
  });
});
