import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock';

describe('createFakeClock', () => {
  it('fires timers in time order, including ones set while advancing', () => {
    const clock = createFakeClock(1000);
    const fired: string[] = [];
    clock.setTimer(50, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(10, () => {
      fired.push(`a@${clock.now()}`);
      clock.setTimer(10, () => fired.push(`c@${clock.now()}`));
    });
    const cancelled = clock.setTimer(30, () => fired.push('never'));
    cancelled.cancel();
    clock.advance(15);
    expect(fired).toEqual(['a@1010']);
    clock.advance(100);
    expect(fired).toEqual(['a@1010', 'c@1020', 'b@1050']);
    expect(clock.now()).toBe(1115);
    expect(clock.pending()).toBe(0);
  });
});
