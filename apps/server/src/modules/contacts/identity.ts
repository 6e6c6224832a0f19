import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { MessageChannel } from '../../channels/channel';
import type { IdentityKind } from './contacts.schema';

export type Identity = { kind: IdentityKind; value: string };

const CHAT_KINDS = new Set<IdentityKind>(['slack', 'discord', 'telegram', 'teams']);

/** The identity kind a message channel addresses people by: SMS and MMS share the phone number. */
export function identityKindOf(channel: MessageChannel): IdentityKind {
  if (channel === 'sms' || channel === 'mms') return 'phone';
  return channel;
}

/** The message channels that reach an identity kind (a phone can take SMS or MMS). */
export function channelsOf(kind: IdentityKind): MessageChannel[] {
  return kind === 'phone' ? ['sms', 'mms'] : [kind];
}

/** `Alice <Alice@x.com>` → `Alice@x.com` (the address as written, without the display name). */
export function bareEmail(value: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  return (angle ? angle[1]! : value).trim();
}

const emailAddressOf = (value: string) => bareEmail(value).toLowerCase();

/**
 * Normalizes an address of `kind` or explains why it is not one. Phones become E.164 (any common
 * notation with a leading +), emails lower case; chat ids lose the `slack:` style prefix the chat
 * channels put on inbound senders (docs/chat-apps.md), so `slack:T1:U2` and `T1:U2` are one identity.
 */
export function normalizeIdentity(
  kind: IdentityKind,
  raw: string,
): { ok: true; identity: Identity } | { ok: false; message: string } {
  const value = raw.trim();
  if (value === '') return { ok: false, message: 'is empty' };
  if (kind === 'phone' || kind === 'whatsapp') {
    const parsed = parsePhoneNumberFromString(value.startsWith('+') ? value : `+${value}`);
    if (!parsed?.isValid()) return { ok: false, message: 'is not a valid E.164 phone number' };
    return { ok: true, identity: { kind, value: parsed.number } };
  }
  if (kind === 'email') {
    const address = emailAddressOf(value);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) return { ok: false, message: 'is not an email address' };
    return { ok: true, identity: { kind, value: address } };
  }
  if (CHAT_KINDS.has(kind)) {
    const id = value.startsWith(`${kind}:`) ? value.slice(kind.length + 1) : value;
    if (id === '' || id.length > 200) return { ok: false, message: `is not a ${kind} user id` };
    return { ok: true, identity: { kind, value: id } };
  }
  return { ok: false, message: `unknown identity kind ${kind}` };
}

/** The identity of an inbound message's sender, or undefined when the address cannot be one. */
export function identityOfSender(channel: MessageChannel, from: string | null): Identity | undefined {
  if (!from) return undefined;
  const kind = identityKindOf(channel);
  const normalized = normalizeIdentity(kind, from);
  // A carrier's odd sender (short code, alphanumeric id) is still someone: keep it verbatim.
  if (!normalized.ok) return kind === 'phone' ? { kind, value: from.trim() } : undefined;
  return normalized.identity;
}

/** The `to` address a send on a chat channel takes for an identity (the inbound `from` scheme). */
export function addressOf(identity: Identity): string {
  return CHAT_KINDS.has(identity.kind) ? `${identity.kind}:${identity.value}` : identity.value;
}
