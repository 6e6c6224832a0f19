import { createHash } from 'node:crypto';
import {
  createDigestAuthenticator,
  getCallId,
  getContacts,
  getCSeq,
  getHeader,
  getHeaders,
  getTo,
  type IncomingRequest,
  serializeUri,
} from '@iris/sip';
import type { SipCredentialRow } from '../../modules/sip-credentials/sip-credentials.schema';
import { SIP_REALM } from '../../modules/sip-credentials/sip-digest';
import {
  findCredentialByAuthUsername,
  listBindings,
  removeBindings,
  saveBinding,
} from '../../modules/sip-credentials/sip-registrations';
import type { Db } from '../../platform/db/database';
import type { Logger } from '../../platform/logging/logger';
import { grantedExpiry, MIN_EXPIRES, requestedExpiry } from './register-expiry';

export type Registrar = { handle(incoming: IncomingRequest): Promise<void> };

/**
 * The registrar of the voice role (RFC 3261 §10.3): REGISTER with digest auth against the tenant's
 * SIP credentials (HA1 from the database), bindings stored in the database so every voice node sees
 * them. Nonces are MACed with a key derived from the platform's secret, so any voice node can check
 * an answer to another node's challenge.
 */
export function createRegistrar(options: { db: Db; secret: Uint8Array; logger: Logger }): Registrar {
  const { db, logger } = options;
  const digest = createDigestAuthenticator({
    realm: SIP_REALM,
    secret: createHash('sha256').update('iris-sip-nonce').update(options.secret).digest(),
  });
  const challenge = (incoming: IncomingRequest, stale = false) =>
    void incoming.reply(401, 'Unauthorized', { 'WWW-Authenticate': digest.challenge({ stale }) });

  return {
    async handle(incoming) {
      const { request } = incoming;
      let credential: SipCredentialRow | undefined;
      const verdict = await digest.verify(request, async (username) => {
        credential = await findCredentialByAuthUsername(db, username);
        return credential ? { ha1: credential.ha1 } : undefined;
      });
      if (!verdict.ok || !credential) {
        if (verdict.ok === false && verdict.reason !== 'missing')
          logger.info({ reason: verdict.reason, source: incoming.remote }, 'REGISTER refused');
        return challenge(incoming, !verdict.ok && verdict.stale);
      }
      // A credential registers its own address of record only (To user = its extension).
      const to = getTo(request).uri;
      if (to.type !== 'sip' || to.user !== credential.username) return void incoming.reply(403, 'Forbidden');

      const wildcard = getHeaders(request, 'Contact').some((value) => value.trim() === '*');
      const header = getHeader(request, 'Expires');
      const contacts = getContacts(request).map((contact) => ({
        uri: serializeUri(contact.uri),
        expires: requestedExpiry(contact.params.expires, header),
      }));
      if (contacts.some((c) => c.expires === undefined)) return void incoming.reply(400, 'Bad Expires');
      // RFC 3261 §10.3 step 7: the whole request is refused before any binding changes.
      if (contacts.some((c) => c.expires! > 0 && c.expires! < MIN_EXPIRES))
        return void incoming.reply(423, 'Interval Too Brief', { 'Min-Expires': String(MIN_EXPIRES) });

      if (wildcard) {
        if (contacts.length > 0 || requestedExpiry(undefined, header) !== 0)
          return void incoming.reply(400, 'Wildcard Contact needs Expires: 0 alone');
        await removeBindings(db, credential.id);
      }
      const sipCallId = getCallId(request) ?? '';
      const cseq = getCSeq(request).seq;
      for (const contact of contacts) {
        if (contact.expires === 0) {
          await removeBindings(db, credential.id, contact.uri);
          continue;
        }
        await saveBinding(db, {
          tenantId: credential.tenantId,
          credentialId: credential.id,
          contact: contact.uri,
          source: incoming.remote,
          sipCallId,
          cseq,
          userAgent: getHeader(request, 'User-Agent'),
          expiresAt: new Date(Date.now() + grantedExpiry(contact.expires!) * 1000),
        });
      }
      const now = Date.now();
      const current = await listBindings(db, credential.id);
      incoming.reply(200, 'OK', {
        Contact: current.map(
          (b) => `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt.getTime() - now) / 1000))}`,
        ),
        Date: new Date(now).toUTCString(),
      });
    },
  };
}
