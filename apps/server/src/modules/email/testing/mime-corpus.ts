/**
 * Malformed and hostile MIME for tests of the inbound path: each must be parsed best-effort or
 * refused clearly, and never take anything else down with it. `to` is filled in by the test.
 */
export type CorpusEntry = { name: string; raw: (to: string) => Buffer; expect: 'parsed' | 'refused' };

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));
const head = (to: string, extra: string[] = []) => [
  'From: Sender <sender@corpus.test>',
  `To: ${to}`,
  'Subject: corpus',
  `Message-ID: <${Math.random().toString(36).slice(2)}@corpus.test>`,
  ...extra,
];

function nested(depth: number, to: string) {
  const lines = head(to, ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b0"', '']);
  for (let i = 0; i < depth; i++)
    lines.push(`--b${i}`, `Content-Type: multipart/mixed; boundary="b${i + 1}"`, '');
  lines.push(`--b${depth}`, 'Content-Type: text/plain', '', 'the bottom', `--b${depth}--`);
  for (let i = depth - 1; i >= 0; i--) lines.push(`--b${i}--`);
  return crlf(lines);
}

export const MIME_CORPUS: CorpusEntry[] = [
  {
    name: 'truncated mid-attachment (no closing boundary)',
    expect: 'parsed',
    raw: (to) =>
      crlf([
        ...head(to, ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="x"', '']),
        '--x',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'the part before the cut',
        '--x',
        'Content-Type: application/pdf; name="cut.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURlY29k',
        'ZT4+CnN0cmVhbQp4nDPQM1Qo5ypUMFAw',
      ]),
  },
  {
    name: 'truncated inside the header section',
    expect: 'parsed',
    raw: (to) => Buffer.from(`From: sender@corpus.test\r\nTo: ${to}\r\nSubject: half a head`),
  },
  {
    name: 'unknown and wrong charsets (body and encoded-word header)',
    expect: 'parsed',
    raw: (to) =>
      Buffer.concat([
        crlf([
          'From: =?x-no-such-charset?Q?M=FCller?= <sender@corpus.test>',
          `To: ${to}`,
          'Subject: =?koi8-r?B?8NLJ18XU?= and =?bogus?Q?caf=E9?=',
          'Content-Type: text/plain; charset="x-unknown-9"',
          '',
          '',
        ]),
        Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0xfe, 0x00, 0x41]),
      ]),
  },
  {
    name: 'UTF-7 body (refused charset, kept literal)',
    expect: 'parsed',
    raw: (to) =>
      crlf([
        ...head(to, ['Content-Type: text/html; charset=utf-7']),
        '',
        '+ADw-script+AD4-alert(1)+ADw-/script+AD4-',
      ]),
  },
  {
    name: 'a header of 2 MB',
    expect: 'refused',
    raw: (to) => crlf([...head(to, [`X-Huge: ${'a'.repeat(2 * 1024 * 1024)}`]), '', 'body']),
  },
  {
    name: '5,000 headers',
    expect: 'refused',
    raw: (to) =>
      crlf([
        ...head(
          to,
          Array.from({ length: 5000 }, (_, i) => `X-H${i}: ${'v'.repeat(250)}`),
        ),
        '',
        'body',
      ]),
  },
  { name: 'multiparts nested 300 deep', expect: 'parsed', raw: (to) => nested(300, to) },
  {
    name: 'a boundary that never appears',
    expect: 'parsed',
    raw: (to) =>
      crlf([
        ...head(to, ['Content-Type: multipart/alternative; boundary="nope"']),
        '',
        'plain words with no parts',
      ]),
  },
  {
    name: 'binary noise with no header section',
    expect: 'parsed',
    raw: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  },
];

/** A message with an attachment of `bytes` (base64 in the MIME: about 4/3 of that on the wire). */
export function withAttachment(to: string, bytes: number): Buffer {
  const content = Buffer.alloc(bytes, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  return crlf([
    ...head(to, ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="att"', '']),
    '--att',
    'Content-Type: text/plain',
    '',
    'see attached',
    '--att',
    'Content-Type: application/octet-stream; name="big.bin"',
    'Content-Disposition: attachment; filename="big.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    content,
    '--att--',
  ]);
}
