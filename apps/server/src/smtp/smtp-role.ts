import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../app-context';
import { acceptEmail } from '../modules/email/inbound/accept-email';
import { UnparseableEmailError } from '../modules/email/inbound/parse-email';
import { findInboundOwner } from '../modules/email/inbound/receive-email';
import type { Sender } from '../modules/numbers/find-sender';

export type SmtpRole = { host: string; port: number; stop(): Promise<void> };

/** An SMTP reply: smtp-server sends `responseCode` and the message (which carries the enhanced code). */
function reply(code: number, message: string) {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Reads the DATA stream to its end, keeping at most `limit` bytes (the rest is drained, not held). */
function collect(stream: SMTPServerDataStream, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    stream.on('end', () => resolve(stream.sizeExceeded || size > limit ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * The smtp role: receives mail for tenants' inbound addresses and domains on SMTP_HOST:SMTP_PORT.
 * Recipients are checked at RCPT (550 for addresses nobody here owns, so we never accept mail we
 * would have to bounce later), the size at MAIL (SIZE=) and at DATA (552), and an internal failure
 * answers 451 so the sending server retries — the message is acknowledged only once stored.
 * No AUTH (this is an MX, not a submission server) and no STARTTLS yet (see docs/email.md).
 */
export async function startSmtpRole(ctx: AppContext): Promise<SmtpRole> {
  const { smtpHost, smtpPort, maxMessageBytes } = ctx.config.email;
  const logger = ctx.logger.child({ role: 'smtp' });
  // Owners found at RCPT, per session (a session's transactions reset its envelope, not this).
  const owners = new Map<string, Map<string, Sender>>();

  const server = new SMTPServer({
    name: ctx.config.email.inboundMx,
    banner: 'IRIS inbound mail',
    size: maxMessageBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    maxRecipients: 100,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: Math.min(ctx.config.shutdownTimeoutMs, 5_000),
    logger: false,
    async onRcptTo(address, session, callback) {
      try {
        const owner = await findInboundOwner(ctx.db, address.address);
        if (!owner) return callback(reply(550, `5.1.1 <${address.address}>: no such mailbox here`));
        const ofSession = owners.get(session.id) ?? new Map<string, Sender>();
        ofSession.set(address.address, owner);
        owners.set(session.id, ofSession);
        callback();
      } catch (error) {
        logger.error({ err: error }, 'recipient lookup failed');
        callback(reply(451, '4.3.0 Temporary failure, try again later'));
      }
    },
    async onData(stream, session: SMTPServerSession, callback) {
      try {
        const raw = await collect(stream, maxMessageBytes);
        if (!raw)
          return callback(reply(552, `5.3.4 Message exceeds the maximum size of ${maxMessageBytes} bytes`));
        const known = owners.get(session.id);
        const recipients = session.envelope.rcptTo.flatMap((r) => {
          const owner = known?.get(r.address);
          return owner ? [{ address: r.address, owner }] : [];
        });
        const mailFrom = session.envelope.mailFrom;
        const accepted = await acceptEmail(ctx, {
          raw,
          recipients,
          provider: 'smtp',
          envelopeFrom: mailFrom ? mailFrom.address : undefined,
        });
        logger.info({ recipients: accepted.length, bytes: raw.length }, 'email received');
        callback(null, '2.0.0 Stored');
      } catch (error) {
        if (error instanceof UnparseableEmailError) return callback(reply(554, `5.6.0 ${error.message}`));
        logger.error({ err: error }, 'storing an inbound email failed');
        callback(reply(451, '4.3.0 Temporary failure, try again later'));
      }
    },
    onClose(session) {
      owners.delete(session.id);
    },
  });
  server.on('error', (error) => logger.error({ err: error }, 'smtp server error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(smtpPort, smtpHost, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info({ host: smtpHost, port }, 'smtp role started');
  return {
    host: smtpHost,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
