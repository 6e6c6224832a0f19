import { type Endpoint, getContacts, getHeader, getTo, type IncomingRequest, serializeUri } from '@iris/sip';

export type Registration = { aor: string; contact: string; remote: Endpoint; expiresAt: number };

const DEFAULT_EXPIRES = 3600;

/** A minimal RFC 3261 §10.3 registrar: one contact per address-of-record user part. */
export function createRegistrar() {
  const bindings = new Map<string, Registration>();
  return {
    bindings,
    lookup(user: string): Registration | undefined {
      const binding = bindings.get(user);
      if (binding && binding.expiresAt < Date.now()) bindings.delete(user);
      return bindings.get(user);
    },
    /** Stores or removes the binding and answers 200 with the current contacts. */
    register(incoming: IncomingRequest): Registration | undefined {
      const to = getTo(incoming.request).uri;
      const user = to.type === 'sip' ? (to.user ?? '') : '';
      const headerExpires = Number(getHeader(incoming.request, 'Expires') ?? DEFAULT_EXPIRES);
      const [contact] = getContacts(incoming.request);
      if (!contact) {
        const current = bindings.get(user);
        incoming.reply(200, 'OK', current ? { Contact: `<${current.contact}>` } : {});
        return current;
      }
      const expires = Number(contact.params.expires ?? headerExpires);
      if (expires === 0) {
        bindings.delete(user);
        incoming.reply(200);
        return undefined;
      }
      const binding: Registration = {
        aor: serializeUri(to),
        contact: serializeUri(contact.uri),
        remote: incoming.remote,
        expiresAt: Date.now() + expires * 1000,
      };
      bindings.set(user, binding);
      incoming.reply(200, 'OK', { Contact: `<${binding.contact}>;expires=${expires}` });
      return binding;
    },
  };
}
