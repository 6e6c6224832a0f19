import { generateKeyPairSync } from 'node:crypto';
import { type SmtpSink, startSmtpSink } from '@iris/fakes';
import { dkimVerify } from 'mailauth';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailProvider } from '../email-provider';
import { createTestRuntime, outboundEmail } from '../shared/email-test-kit';
import { createSmtpProvider, dkimKeysResolver, smtpProviderModule } from './smtp.adapter';

const signal = () => AbortSignal.timeout(5000);

/** A fresh RSA key and the TXT record a domain would publish for it. */
function dkimKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const p = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  return { privateKey: pem, txt: `v=DKIM1; k=rsa; p=${p}` };
}

/** mailauth's DNS: only the test's DKIM records exist. */
const resolverFor = (records: Record<string, string>) => async (name: string, type: string) => {
  const record = type === 'TXT' ? records[name] : undefined;
  if (!record) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return [[record]];
};

describe('smtp email provider (real SMTP to a local sink)', () => {
  let sink: SmtpSink;
  let kit: ReturnType<typeof createTestRuntime>;
  let provider: EmailProvider;
  const key = dkimKeyPair();

  beforeAll(async () => {
    sink = await startSmtpSink({
      rejectRecipients: {
        'gone@example.org': { code: 550, message: '5.1.1 No such user' },
        'later@example.org': { code: 451, message: '4.7.1 Greylisted, try again' },
      },
    });
    kit = createTestRuntime();
    provider = smtpProviderModule.create({
      instanceId: 'smtp-main',
      credentials: smtpProviderModule.credentialsSchema.parse({
        host: sink.host,
        port: sink.port,
        ignoreTLS: true,
        dkimKeys: [{ domainName: 'acme.test', keySelector: 'iris1', privateKey: key.privateKey }],
      }),
      runtime: kit.runtime,
    });
  });
  afterAll(async () => {
    await sink.close();
    kit.cleanup();
  });

  it('delivers a DKIM-signed message whose signature mailauth verifies', async () => {
    await kit.storage.put('att/r', new TextEncoder().encode('report,1\n'));
    const result = await provider.send(
      outboundEmail(
        {
          messageIdHeader: '<msg_01TEST@acme.test>',
          html: '<p>Hello Ana</p>',
          fromName: 'Acme News',
          cc: ['cc@example.org'],
          replyTo: 'support@acme.test',
          headers: { 'X-Campaign': 'spring' },
          inReplyTo: '<prev@example.org>',
          references: ['<root@example.org>', '<prev@example.org>'],
          listUnsubscribe: { url: 'https://iris.test/u/abc', oneClick: true },
          attachments: [{ filename: 'report.csv', contentType: 'text/csv', storageKey: 'att/r', size: 9 }],
        },
        { from: 'news@mail.acme.test' },
      ),
      { signal: signal() },
    );
    expect(result).toEqual({ providerMessageId: '<msg_01TEST@acme.test>', status: 'sent' });
    const received = sink.messages.at(-1)!;
    expect(received.from).toBe('news@mail.acme.test');
    expect(received.to).toEqual(['ana@example.org', 'cc@example.org']);

    const verified = await dkimVerify(received.raw, {
      resolver: resolverFor({ 'iris1._domainkey.acme.test': key.txt }),
    });
    expect(verified.results).toHaveLength(1);
    expect(verified.results[0]).toMatchObject({ signingDomain: 'acme.test', selector: 'iris1' });
    expect(verified.results[0]!.status.result).toBe('pass');

    const parsed = await simpleParser(received.raw);
    expect(parsed.messageId).toBe('<msg_01TEST@acme.test>');
    expect(parsed.subject).toBe('Welcome');
    expect(parsed.text?.trim()).toBe('Hello Ana');
    expect(parsed.html).toBe('<p>Hello Ana</p>');
    expect(parsed.inReplyTo).toBe('<prev@example.org>');
    expect(parsed.references).toEqual(['<root@example.org>', '<prev@example.org>']);
    expect(parsed.headers.get('x-campaign')).toBe('spring');
    const headerLines = parsed.headerLines.map((h) => h.line);
    expect(headerLines).toContain('List-Unsubscribe: <https://iris.test/u/abc>');
    expect(headerLines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // RFC 8058: one-click only counts when DKIM covers both List-Unsubscribe headers.
    const signature = headerLines.find((line) => line.startsWith('DKIM-Signature:'))!.replace(/\s+/g, '');
    expect(/;h=([^;]+);/.exec(signature)![1]!.split(':')).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'message-id']),
    );
    expect(String(parsed.headers.get('reply-to') && parsed.replyTo?.text)).toBe('support@acme.test');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['report.csv', 'text/csv', 'report,1\n'],
    ]);
  });

  it('a tampered body no longer verifies (the check is real)', async () => {
    const received = sink.messages.at(-1)!;
    const tampered = Buffer.from(received.raw.toString('latin1').replace('Hello Ana', 'Hello Eve'), 'latin1');
    const verified = await dkimVerify(tampered, {
      resolver: resolverFor({ 'iris1._domainkey.acme.test': key.txt }),
    });
    expect(verified.results[0]!.status.result).not.toBe('pass');
    expect(verified.results[0]!.status.comment).toMatch(/body hash/);
  });

  it('sends unsigned from a domain it has no key for, and a resolver can supply keys', async () => {
    await provider.send(outboundEmail({ messageIdHeader: '<u@other.test>' }, { from: 'a@other.test' }), {
      signal: signal(),
    });
    expect(sink.messages.at(-1)!.raw.toString()).not.toMatch(/^DKIM-Signature:/im);

    const other = dkimKeyPair();
    const resolved = createSmtpProvider({
      instanceId: 'smtp-resolved',
      credentials: smtpProviderModule.credentialsSchema.parse({
        host: sink.host,
        port: sink.port,
        ignoreTLS: true,
      }),
      storage: kit.storage,
      resolveDkimKey: dkimKeysResolver([
        { domainName: 'other.test', keySelector: 's2', privateKey: other.privateKey },
      ]),
    });
    await resolved.send(outboundEmail({ messageIdHeader: '<v@other.test>' }, { from: 'a@other.test' }), {
      signal: signal(),
    });
    const verified = await dkimVerify(sink.messages.at(-1)!.raw, {
      resolver: resolverFor({ 's2._domainkey.other.test': other.txt }),
    });
    expect(verified.results[0]!.status.result).toBe('pass');
  });

  it('maps SMTP replies: 5xx permanent, 4xx retryable, no server retryable', async () => {
    await expect(
      provider.send(outboundEmail({ messageIdHeader: '<g@acme.test>' }, { to: 'gone@example.org' }), {
        signal: signal(),
      }),
    ).rejects.toMatchObject({ retryable: false, code: 'recipient_rejected' });
    await expect(
      provider.send(outboundEmail({ messageIdHeader: '<l@acme.test>' }, { to: 'later@example.org' }), {
        signal: signal(),
      }),
    ).rejects.toMatchObject({ retryable: true, code: 'provider_unavailable' });
    const nowhere = smtpProviderModule.create({
      instanceId: 'smtp-nowhere',
      credentials: smtpProviderModule.credentialsSchema.parse({
        host: '127.0.0.1',
        port: 1,
        ignoreTLS: true,
      }),
      runtime: kit.runtime,
    });
    await expect(
      nowhere.send(outboundEmail({ messageIdHeader: '<n@acme.test>' }), { signal: signal() }),
    ).rejects.toMatchObject({
      retryable: true,
      code: 'provider_unreachable',
    });
  });

  it('authenticates when the relay requires it', async () => {
    const guarded = await startSmtpSink({ auth: { username: 'iris', password: 'relay-secret' } });
    try {
      const create = (password: string) =>
        smtpProviderModule.create({
          instanceId: 'smtp-auth',
          credentials: smtpProviderModule.credentialsSchema.parse({
            host: guarded.host,
            port: guarded.port,
            ignoreTLS: true,
            username: 'iris',
            password,
          }),
          runtime: kit.runtime,
        });
      const message = outboundEmail({ messageIdHeader: '<auth@acme.test>' });
      await expect(create('wrong').send(message, { signal: signal() })).rejects.toMatchObject({
        retryable: false,
      });
      await create('relay-secret').send(message, { signal: signal() });
      expect(guarded.messages).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });
});
