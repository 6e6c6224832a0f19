import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneNumberCheck =
  | { ok: true; e164: string; country: string | null }
  | { ok: false; message: string };

/** E.164 validation (libphonenumber-js, full metadata): `+`, country code and a number valid there. */
export function checkPhoneNumber(value: string): PhoneNumberCheck {
  if (!/^\+[1-9]\d{1,14}$/.test(value))
    return {
      ok: false,
      message: 'must be an E.164 phone number: + then country code and number, digits only',
    };
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed) return { ok: false, message: 'is not a phone number' };
  if (!parsed.isValid()) return { ok: false, message: 'is not a valid phone number for its country code' };
  return { ok: true, e164: parsed.number, country: parsed.country ?? null };
}

export function isE164(value: string): boolean {
  return checkPhoneNumber(value).ok;
}
