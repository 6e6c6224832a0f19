/**
 * The call state machine: queued → initiated → ringing → in-progress → completed, or a failed end
 * (busy, failed, no-answer, canceled) before the answer. A transition not listed is refused, so a
 * late event (a 180 after the BYE) never moves a call backwards.
 */
export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

const NOT_ANSWERED = ['busy', 'failed', 'no-answer', 'canceled'] as const;

const NEXT: Record<CallStatus, readonly CallStatus[]> = {
  queued: ['initiated', ...NOT_ANSWERED],
  // A carrier may answer without a 180 first.
  initiated: ['ringing', 'in-progress', ...NOT_ANSWERED],
  ringing: ['in-progress', ...NOT_ANSWERED],
  'in-progress': ['completed', 'failed'],
  completed: [],
  busy: [],
  failed: [],
  'no-answer': [],
  canceled: [],
};

export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', ...NOT_ANSWERED];

export function canTransitionCall(from: CallStatus, to: CallStatus): boolean {
  return NEXT[from].includes(to);
}

export function isTerminalCall(status: CallStatus): boolean {
  return TERMINAL_CALL_STATUSES.includes(status);
}

/** Status callback events (Twilio's StatusCallbackEvent names) and the status that fires each. */
export const CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];

export function callbackEventOf(status: CallStatus): CallbackEvent | undefined {
  if (status === 'initiated' || status === 'ringing') return status;
  if (status === 'in-progress') return 'answered';
  // Twilio reports every end (busy, no-answer, …) as the `completed` callback with its CallStatus.
  if (isTerminalCall(status)) return 'completed';
  return undefined;
}
