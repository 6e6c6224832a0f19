import { randomInt } from 'node:crypto';
import type { Timer } from '../clock/clock';
import { getHeaders } from '../message/headers';
import type { SipRequest } from '../parser/types';
import type { StackContext } from './context';

export const supports100rel = (request: SipRequest): boolean =>
  [...getHeaders(request, 'Supported'), ...getHeaders(request, 'Require')].some(
    (t) => t.toLowerCase() === '100rel',
  );

/** RFC 3262 §3: the first RSeq is random in 1..2^31-1, then counts up by one. */
export const initialRseq = (): number => randomInt(1, 2 ** 31 - 1);

export const reliableKey = (dialog: string, rseq: number, cseq: number): string =>
  `${dialog}|${rseq}|${cseq}`;

/**
 * Retransmits a reliable provisional at T1, doubling, until its PRACK stops it; after 64*T1 without
 * one, `onTimeout` lets the UAS reject the INVITE with a 5xx (RFC 3262 §3). Returns the stop function.
 */
export function retransmitUntilPrack(
  ctx: StackContext,
  key: string,
  resend: () => void,
  onTimeout: () => void,
): () => void {
  const { t1 } = ctx.timers;
  let retransmit: Timer | undefined;
  const giveUp = ctx.clock.setTimer(64 * t1, () => {
    stop();
    onTimeout();
  });
  const stop = () => {
    retransmit?.cancel();
    giveUp.cancel();
    ctx.reliableProvisionals.delete(key);
  };
  const schedule = (interval: number) => {
    retransmit = ctx.clock.setTimer(interval, () => {
      resend();
      schedule(interval * 2);
    });
  };
  ctx.reliableProvisionals.set(key, stop);
  schedule(t1);
  return stop;
}
