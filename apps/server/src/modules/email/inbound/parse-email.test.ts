import { describe, expect, it } from 'vitest';
import { MIME_CORPUS, withAttachment } from '../testing/mime-corpus';
import { parseEmail, UnparseableEmailError } from './parse-email';

describe('parsing inbound MIME', () => {
  it('reads threading headers, addresses, both parts and attachments of a normal reply', async () => {
    const raw = Buffer.from(
      [
        'From: "Ann Lee" <ann@customer.test>',
        'To: Support <help@acme.test>, other@elsewhere.test',
        'Cc: boss@customer.test',
        'Reply-To: ann.private@customer.test',
        'Subject: Re: Your order',
        'Message-ID: <reply-1@customer.test>',
        'In-Reply-To: <msg_01abc@acme.test>',
        'References: <root@acme.test>\r\n <msg_01abc@acme.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="m"',
        '',
        '--m',
        'Content-Type: multipart/alternative; boundary="a"',
        '',
        '--a',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Caf=E9 is fine.',
        '--a',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Café is fine.</p><img src="cid:logo@x">',
        '--a--',
        '--m',
        'Content-Type: image/png; name="logo.png"',
        'Content-ID: <logo@x>',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--m--',
        '',
      ].join('\r\n'),
    );
    const parsed = await parseEmail(raw);
    expect(parsed).toMatchObject({
      messageIdHeader: '<reply-1@customer.test>',
      inReplyTo: '<msg_01abc@acme.test>',
      references: ['<root@acme.test>', '<msg_01abc@acme.test>'],
      from: { address: 'ann@customer.test', name: 'Ann Lee' },
      to: ['help@acme.test', 'other@elsewhere.test'],
      cc: ['boss@customer.test'],
      replyTo: 'ann.private@customer.test',
      subject: 'Re: Your order',
      text: 'Café is fine.',
      html: '<p>Café is fine.</p><img src="cid:logo@x">',
      autoSubmitted: false,
    });
    expect(parsed.attachments).toEqual([
      {
        filename: 'logo.png',
        contentType: 'image/png',
        content: Buffer.from('iVBORw0KGgo=', 'base64'),
        contentId: 'logo@x',
      },
    ]);
  });

  it('marks automatic replies (Auto-Submitted, Precedence: bulk)', async () => {
    const raw = Buffer.from(
      'From: a@x.test\r\nTo: b@y.test\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nAway',
    );
    expect((await parseEmail(raw)).autoSubmitted).toBe(true);
  });

  it.each(MIME_CORPUS.map((entry) => [entry.name, entry] as const))(
    'malformed: %s → parsed best-effort or refused clearly',
    async (_name, entry) => {
      const outcome = await parseEmail(entry.raw('help@acme.test')).then(
        (parsed) => ({ parsed }),
        (error: unknown) => ({ error }),
      );
      if (entry.expect === 'parsed') {
        expect(outcome).toHaveProperty('parsed');
        if ('parsed' in outcome) expect(outcome.parsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      } else {
        expect(outcome).toHaveProperty('error');
        if ('error' in outcome) expect(outcome.error).toBeInstanceOf(UnparseableEmailError);
      }
    },
  );

  it('keeps what arrived of a truncated message and the text of a deep one', async () => {
    const truncated = await parseEmail(MIME_CORPUS[0]!.raw('help@acme.test'));
    expect(truncated.text).toContain('the part before the cut');
    const deep = await parseEmail(MIME_CORPUS.find((e) => e.name.includes('nested'))!.raw('help@acme.test'));
    expect(deep.text).toContain('the bottom');
  });

  it('replaces NUL characters (which the database refuses) instead of losing the message', async () => {
    const parsed = await parseEmail(
      MIME_CORPUS.find((e) => e.name.includes('charsets'))!.raw('help@acme.test'),
    );
    expect(parsed.text).toContain('\uFFFDA');
    expect(JSON.stringify(parsed)).not.toContain('\\u0000');
  });

  it('stores an attachment whole', async () => {
    const parsed = await parseEmail(withAttachment('help@acme.test', 100_000));
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.content.length).toBe(100_000);
  });
});
