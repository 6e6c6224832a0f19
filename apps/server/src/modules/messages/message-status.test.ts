import { describe, expect, it } from 'vitest';
import { canTransition, MESSAGE_STATUSES, type MessageStatus } from './message-status';

const allowed: [MessageStatus, MessageStatus][] = [
  ['scheduled', 'queued'],
  ['scheduled', 'canceled'],
  ['queued', 'sending'],
  ['queued', 'canceled'],
  ['queued', 'failed'],
  ['sending', 'sent'],
  ['sending', 'failed'],
  ['sending', 'delivered'],
  ['sent', 'delivered'],
  ['sent', 'undelivered'],
  ['sent', 'failed'],
  ['sent', 'read'],
  ['delivered', 'read'],
  ['received', 'read'],
];

describe('message state machine', () => {
  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['sent', 'sending'],
    ['delivered', 'sent'],
    ['delivered', 'undelivered'],
    ['delivered', 'failed'],
    ['undelivered', 'delivered'],
    ['failed', 'sent'],
    ['canceled', 'queued'],
    ['read', 'delivered'],
    ['sent', 'canceled'],
    ['received', 'sent'],
    ['queued', 'delivered'],
  ] as [MessageStatus, MessageStatus][])(
    'refuses %s → %s (never backwards, never out of a terminal state)',
    (from, to) => {
      expect(canTransition(from, to)).toBe(false);
    },
  );

  it('allows exactly the listed transitions', () => {
    const all = MESSAGE_STATUSES.flatMap((from) => MESSAGE_STATUSES.map((to) => [from, to] as const));
    const actual = all.filter(([from, to]) => canTransition(from, to)).length;
    expect(actual).toBe(allowed.length + 3); // + scheduled→failed, sending→undelivered, sending→read
  });
});
