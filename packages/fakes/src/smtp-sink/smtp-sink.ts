import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type SinkMessage = { from: string; to: string[]; raw: Buffer };

export type SmtpSinkOptions = {
  /** Recipients answered with an error at RCPT TO: e.g. `{ 'gone@x': { code: 550, message: 'no such user' } }`. */
  rejectRecipients?: Record<string, { code: number; message: string }>;
  /** Require AUTH PLAIN/LOGIN with these credentials (otherwise authentication is optional). */
  auth?: { username: string; password: string };
  host?: string;
};

export type SmtpSink = {
  host: string;
  port: number;
  messages: SinkMessage[];
  close(): Promise<void>;
};

/**
 * A real SMTP server on loopback that keeps every message as the raw bytes it received (so DKIM
 * and headers can be checked exactly). STARTTLS is off, as a plaintext test peer (DESIGN §9).
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.username && auth.password === options.auth.password)
        return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const rejection = options.rejectRecipients?.[address.address.toLowerCase()];
      if (rejection)
        return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host,
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
