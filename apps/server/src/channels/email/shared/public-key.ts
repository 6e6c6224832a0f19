import { createPublicKey, type KeyObject } from 'node:crypto';

/** A public key given as PEM, or as the base64 DER (SubjectPublicKeyInfo) that provider consoles show. */
export function publicKeyFrom(value: string): KeyObject {
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}
