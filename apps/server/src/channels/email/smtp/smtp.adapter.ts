import nodemailer from 'nodemailer';
import type { ObjectStore } from '../../../platform/storage/object-store';
import { ProviderError, type ProviderModule } from '../../channel';
import type { ProviderRuntime } from '../../provider-runtime';
import { emailContentOf, standardHeadersOf } from '../email-content';
import type { EmailProvider } from '../email-provider';
import { readAttachments } from '../shared/email-attachments';
import { type DkimKey, type SmtpCredentials, SmtpCredentialsSchema } from './smtp.schema';
import { providerErrorFromSmtp } from './smtp-errors';

/**
 * nodemailer's default DKIM header list (RFC 4871 §5.5) plus List-Unsubscribe-Post: RFC 8058
 * one-click unsubscribe only counts when both List-Unsubscribe headers are covered by DKIM.
 */
const SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-ID',
  'Content-Description',
  'Resent-Date',
  'Resent-From',
  'Resent-Sender',
  'Resent-To',
  'Resent-Cc',
  'Resent-Message-ID',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Help',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'List-Subscribe',
  'List-Post',
  'List-Owner',
  'List-Archive',
].join(':');

/** Finds the DKIM key for a sending domain (exact, then the closest parent domain). */
export type DkimKeyResolver = (domain: string, tenantId: string) => Promise<DkimKey | undefined>;

export function dkimKeysResolver(keys: DkimKey[]): DkimKeyResolver {
  return async (domain) => {
    const labels = domain.toLowerCase().split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const candidate = labels.slice(i).join('.');
      const key = keys.find((k) => k.domainName.toLowerCase() === candidate);
      if (key) return key;
    }
    return undefined;
  };
}

/**
 * An SMTP relay through nodemailer, DKIM-signing each message with the key of its From domain.
 * Keys come from the credentials; `resolveDkimKey` lets the caller look them up elsewhere (the
 * email domains the platform generates keys for) — the resolver wins, credentials are the fallback.
 */
export function createSmtpProvider(options: {
  instanceId: string;
  credentials: SmtpCredentials;
  storage: ObjectStore;
  resolveDkimKey?: DkimKeyResolver;
}): EmailProvider {
  const { credentials } = options;
  const fromCredentials = dkimKeysResolver(credentials.dkimKeys);
  const keyFor = async (domain: string, tenantId: string) =>
    (await options.resolveDkimKey?.(domain, tenantId)) ?? (await fromCredentials(domain, tenantId));

  return {
    id: options.instanceId,
    kind: 'email',
    async send(message, { signal }) {
      const content = emailContentOf(message);
      const attachments = await readAttachments(options.storage, content.attachments);
      const dkim = await keyFor(message.from.split('@')[1] ?? '', message.tenantId);
      // One connection per message: a send is independent, and aborting it is closing it.
      const transport = nodemailer.createTransport({
        host: credentials.host,
        port: credentials.port,
        secure: credentials.secure,
        requireTLS: credentials.requireTLS,
        ignoreTLS: credentials.ignoreTLS,
        tls: { rejectUnauthorized: credentials.rejectUnauthorized },
        auth: credentials.username ? { user: credentials.username, pass: credentials.password } : undefined,
        connectionTimeout: credentials.connectionTimeoutMs,
        greetingTimeout: credentials.connectionTimeoutMs,
        socketTimeout: credentials.connectionTimeoutMs,
      });
      const abort = () => transport.close();
      signal.addEventListener('abort', abort, { once: true });
      try {
        if (signal.aborted)
          throw new ProviderError('smtp: timed out', { retryable: true, code: 'provider_timeout' });
        const info = await transport.sendMail({
          from: content.fromName ? { name: content.fromName, address: message.from } : message.from,
          to: message.to,
          cc: content.cc,
          bcc: content.bcc,
          replyTo: content.replyTo,
          subject: message.subject ?? '',
          text: message.body ?? undefined,
          html: content.html,
          messageId: content.messageIdHeader,
          headers: standardHeadersOf(content),
          attachments: attachments.map(({ attachment, bytes }) => ({
            filename: attachment.filename,
            content: bytes,
            contentType: attachment.contentType,
            ...(attachment.contentId ? { cid: attachment.contentId } : {}),
          })),
          ...(dkim
            ? {
                dkim: {
                  domainName: dkim.domainName,
                  keySelector: dkim.keySelector,
                  privateKey: dkim.privateKey,
                  headerFieldNames: SIGNED_HEADERS,
                },
              }
            : {}),
        });
        // A refused cc/bcc does not make the message fail; a refused recipient does.
        const refused = info.rejected.map((a) => (typeof a === 'string' ? a : a.address).toLowerCase());
        if (refused.includes(message.to.toLowerCase()))
          throw new ProviderError(`smtp: rejected ${message.to}`, {
            retryable: false,
            code: 'recipient_rejected',
          });
        // The relay took it: it is on its way (no delivery receipts come back over SMTP).
        return { providerMessageId: info.messageId, status: 'sent' };
      } catch (error) {
        if (signal.aborted)
          throw new ProviderError('smtp: timed out', {
            retryable: true,
            code: 'provider_timeout',
            cause: error,
          });
        throw providerErrorFromSmtp(error);
      } finally {
        signal.removeEventListener('abort', abort);
        transport.close();
      }
    },
  };
}

export const smtpProviderModule: ProviderModule<'email', SmtpCredentials, ProviderRuntime> = {
  id: 'smtp',
  kind: 'email',
  credentialsSchema: SmtpCredentialsSchema,
  create({ instanceId, credentials, runtime }) {
    return createSmtpProvider({
      instanceId,
      credentials,
      storage: runtime.storage,
      resolveDkimKey: runtime.dkimKeys && ((domain, tenantId) => runtime.dkimKeys!(tenantId, domain)),
    });
  },
};
