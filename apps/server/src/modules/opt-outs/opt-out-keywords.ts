/**
 * Carrier-standard keywords (CTIA; the set Twilio and others honour): an inbound message whose whole
 * body is one of these, ignoring case, surrounding spaces and trailing punctuation, is a command.
 */
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
const OPT_IN = ['START', 'UNSTOP'];
const HELP = ['HELP', 'INFO'];

export type KeywordAction = 'opt_out' | 'opt_in' | 'help';

export function classifyKeyword(body: string | null): KeywordAction | undefined {
  if (!body) return undefined;
  const word = body
    .trim()
    .replace(/[.!?]+$/, '')
    .toUpperCase();
  if (OPT_OUT.includes(word)) return 'opt_out';
  if (OPT_IN.includes(word)) return 'opt_in';
  if (HELP.includes(word)) return 'help';
  return undefined;
}
