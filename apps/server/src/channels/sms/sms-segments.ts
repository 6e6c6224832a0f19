/**
 * SMS encoding and segment count (3GPP TS 23.038 / GSM 03.38). GSM-7 carries 160 septets in one
 * segment or 153 per segment when concatenated (the UDH takes 7); the extension table's characters
 * cost two septets (escape + char) and a pair is never split across segments. Anything outside
 * GSM-7 is sent as UCS-2: 70 UTF-16 units, or 67 per concatenated segment, surrogate pairs kept whole.
 */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';
export type SmsSegments = { encoding: SmsEncoding; segments: number; units: number };

export function smsSegments(text: string): SmsSegments {
  const chars = [...text];
  const gsm = chars.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
  if (gsm) {
    const costs = chars.map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1));
    return { encoding: 'GSM-7', ...pack(costs, 160, 153) };
  }
  return {
    encoding: 'UCS-2',
    ...pack(
      chars.map((c) => c.length),
      70,
      67,
    ),
  };
}

/** Units in total and segments needed, never splitting one character's units across segments. */
function pack(costs: number[], single: number, multi: number) {
  const units = costs.reduce((sum, c) => sum + c, 0);
  if (units === 0) return { units, segments: 0 };
  if (units <= single) return { units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return { units, segments };
}
