/**
 * Q.850 cause for a SIP final response (RFC 3398 §8.2.6.1 read backwards), for CDRs that carriers'
 * billing expects. A normal end (BYE) is 16.
 */
const Q850_OF_SIP: Record<number, number> = {
  400: 41,
  401: 21,
  403: 21,
  404: 1,
  408: 102,
  410: 22,
  480: 18,
  484: 28,
  486: 17,
  487: 127,
  488: 65,
  500: 41,
  502: 38,
  503: 34,
  504: 102,
  600: 17,
  603: 21,
};

export function q850Of(sipCode: number): number {
  if (sipCode >= 200 && sipCode < 300) return 16;
  return Q850_OF_SIP[sipCode] ?? (sipCode >= 500 ? 41 : 31);
}

export type DialOutcome = 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled' | 'failover';

/** What a trunk's final answer means for the call: 5xx and transport timeouts try the next trunk. */
export function outcomeOf(sipCode: number): DialOutcome {
  if (sipCode >= 200 && sipCode < 300) return 'answered';
  if (sipCode === 486 || sipCode === 600) return 'busy';
  if (sipCode === 487) return 'canceled';
  if (sipCode === 480) return 'no-answer';
  // 408 from our own transaction: the trunk never answered; another one may.
  if (sipCode === 408 || sipCode >= 500) return 'failover';
  return 'failed';
}
