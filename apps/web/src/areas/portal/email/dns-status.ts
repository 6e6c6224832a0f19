import type { Schemas } from '../../../shared/api/client';

export type DnsRecord = Schemas['EmailDomain']['records']['spf'];
export type DnsCheck = NonNullable<Schemas['EmailDomain']['checks']>['spf'];
export type DnsState = 'unchecked' | 'ok' | 'warning' | 'missing' | 'wrong';

/** The server says valid / warning / invalid; "invalid" splits into missing (nothing found) and wrong. */
export function describeDnsState(check: DnsCheck | null | undefined): DnsState {
  if (!check) return 'unchecked';
  if (check.status === 'valid') return 'ok';
  if (check.status === 'warning') return 'warning';
  return check.found.length === 0 ? 'missing' : 'wrong';
}

export const DNS_STATE_LABELS: Record<
  DnsState,
  { text: string; tone: 'success' | 'warning' | 'danger' | 'neutral' }
> = {
  unchecked: { text: 'not checked', tone: 'neutral' },
  ok: { text: 'ok', tone: 'success' },
  warning: { text: 'warning', tone: 'warning' },
  missing: { text: 'missing', tone: 'danger' },
  wrong: { text: 'wrong', tone: 'danger' },
};
