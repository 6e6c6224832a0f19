import { verify, X509Certificate } from 'node:crypto';
import { invalidSignature } from '../shared/webhook-auth';
import type { SnsMessage } from './ses.schema';

/** The fields SNS signs, in order, per message type ("Key\nvalue\n" each; absent ones skipped). */
const SIGNED_FIELDS = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;

export function snsStringToSign(message: SnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .filter((field) => typeof message[field] === 'string')
    .map((field) => `${field}\n${message[field]}\n`)
    .join('');
}

type Options = {
  certUrlPattern: RegExp;
  topicArns?: string[];
  fetchText: (url: string) => Promise<string>;
};

/**
 * Verifies SNS messages as AWS documents: the signing certificate must come from an allowed URL
 * (checked before any fetch), be within its validity dates, and its key must verify the
 * SignatureVersion 1 (SHA1withRSA) or 2 (SHA256withRSA) signature of the canonical string.
 * Certificates are cached by URL.
 */
export function createSnsVerifier(options: Options) {
  const certificates = new Map<string, Promise<X509Certificate>>();

  function certificateAt(url: string) {
    let certificate = certificates.get(url);
    if (!certificate) {
      certificate = options.fetchText(url).then((pem) => new X509Certificate(pem));
      certificates.set(url, certificate);
      // A failed fetch is not remembered: the next message tries again.
      certificate.catch(() => certificates.delete(url));
    }
    return certificate;
  }

  return async function verifySns(message: SnsMessage): Promise<void> {
    if (!options.certUrlPattern.test(message.SigningCertURL))
      throw invalidSignature('ses', `signing certificate URL not allowed: ${message.SigningCertURL}`);
    if (options.topicArns && !options.topicArns.includes(message.TopicArn))
      throw invalidSignature('ses', `unexpected topic ${message.TopicArn}`);
    let certificate: X509Certificate;
    try {
      certificate = await certificateAt(message.SigningCertURL);
    } catch (error) {
      throw Object.assign(invalidSignature('ses', 'signing certificate unavailable'), { cause: error });
    }
    const now = Date.now();
    if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo))
      throw invalidSignature('ses', 'signing certificate expired');
    const algorithm = message.SignatureVersion === '1' ? 'sha1' : 'sha256';
    const ok = verify(
      algorithm,
      Buffer.from(snsStringToSign(message), 'utf8'),
      certificate.publicKey,
      Buffer.from(message.Signature, 'base64'),
    );
    if (!ok) throw invalidSignature('ses', 'SNS signature does not verify');
  };
}
