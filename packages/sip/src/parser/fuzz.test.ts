import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFixture, TORTURE_FIXTURES } from './fixtures/index';
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import { SipParseError } from './sip-parse-error';
import { createStreamFramer } from './stream-framer';

const corpus = TORTURE_FIXTURES.map((f) => loadFixture(f.name));

/** Runs the parser in both modes; anything thrown that is not a SipParseError fails the property. */
function onlySipParseErrors(bytes: Uint8Array): void {
  for (const mode of ['strict', 'lenient'] as const) {
    try {
      const msg = parseMessage(bytes, { mode });
      // Whatever parses must serialize and parse again (leniently: strictness is about the input).
      parseMessage(serializeMessage(msg), { mode: 'lenient' });
    } catch (err) {
      if (!(err instanceof SipParseError)) throw err;
    }
  }
  try {
    createStreamFramer(4096).push(bytes);
  } catch (err) {
    if (!(err instanceof SipParseError)) throw err;
  }
}

const mutation = fc.record({
  index: fc.nat(),
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'duplicate'),
  byte: fc.constantFrom(
    0x00,
    0x0d,
    0x0a,
    0x20,
    0x22,
    0x3c,
    0x3e,
    0x3a,
    0x3b,
    0x2c,
    0x5c,
    0x25,
    0x40,
    0xff,
    0xc3,
  ),
});

function mutate(input: Buffer, steps: { index: number; kind: string; byte: number }[]): Buffer {
  let buf = input;
  for (const { index, kind, byte } of steps) {
    const i = buf.length === 0 ? 0 : index % buf.length;
    if (kind === 'flip') buf = Buffer.concat([buf.subarray(0, i), Buffer.from([byte]), buf.subarray(i + 1)]);
    else if (kind === 'insert')
      buf = Buffer.concat([buf.subarray(0, i), Buffer.from([byte]), buf.subarray(i)]);
    else if (kind === 'delete') buf = Buffer.concat([buf.subarray(0, i), buf.subarray(i + 1)]);
    else if (kind === 'truncate') buf = buf.subarray(0, i);
    else buf = Buffer.concat([buf.subarray(0, i), buf.subarray(i / 2, i), buf.subarray(i)]);
  }
  return buf;
}

describe('parser fuzzing', () => {
  it('random bytes never escape as anything but SipParseError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => onlySipParseErrors(bytes)),
      {
        numRuns: 1500,
      },
    );
  });

  it('random SIP-ish text never escapes as anything but SipParseError', () => {
    const sipish = fc
      .array(
        fc.constantFrom(
          'SIP/2.0',
          ' ',
          '\r\n',
          ':',
          ';',
          ',',
          '"',
          '<',
          '>',
          'sip:',
          '@',
          'Via',
          'l',
          '=',
          '\\',
          '[',
          ']',
          'INVITE',
          '200',
          'a',
        ),
        {
          maxLength: 80,
        },
      )
      .map((parts) => Buffer.from(parts.join('')));
    fc.assert(
      fc.property(sipish, (bytes) => onlySipParseErrors(bytes)),
      { numRuns: 1500 },
    );
  });

  it('mutated torture messages never escape as anything but SipParseError', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: corpus.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (which, steps) => {
          onlySipParseErrors(mutate(corpus[which] ?? Buffer.alloc(0), steps));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('serialization reaches a fixed point for mutated messages that still parse strictly', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: corpus.length - 1 }),
        fc.array(mutation, { maxLength: 3 }),
        (which, steps) => {
          let msg: ReturnType<typeof parseMessage>;
          try {
            msg = parseMessage(mutate(corpus[which] ?? Buffer.alloc(0), steps));
          } catch {
            return;
          }
          // A message without Content-Length gains one, so compare bytes after one round.
          const once = serializeMessage(msg);
          const again = parseMessage(once);
          expect(again.body).toEqual(msg.body);
          expect(serializeMessage(again)).toEqual(once);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
