import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BencodeError, type BencodeValue, decodeBencode, encodeBencode } from './bencode.js';

const encodeText = (value: BencodeValue) => encodeBencode(value).toString('utf8');
const decodeText = (text: string) => decodeBencode(Buffer.from(text, 'utf8'));

function decodeError(text: string): BencodeError {
  try {
    decodeText(text);
  } catch (error) {
    if (error instanceof BencodeError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to fail`);
}

describe('encodeBencode', () => {
  it('encodes the ng ping request byte for byte', () => {
    expect(encodeText({ command: 'ping' })).toBe('d7:command4:pinge');
  });

  it('encodes strings by UTF-8 byte length, integers, lists and nested dicts', () => {
    expect(encodeText('é')).toBe('2:é');
    expect(encodeText('')).toBe('0:');
    expect(encodeText(-42)).toBe('i-42e');
    expect(encodeText(0)).toBe('i0e');
    expect(encodeText(2n ** 70n)).toBe(`i${2n ** 70n}e`);
    expect(encodeText(['a', 1, ['b']])).toBe('l1:ai1el1:bee');
    expect(encodeText({ flags: ['trust address'], n: { x: 1 } })).toBe(
      'd5:flagsl13:trust addresse1:nd1:xi1eee',
    );
  });

  it('sorts dictionary keys by raw bytes', () => {
    expect(encodeText({ to: 1, 'call-id': 2, b: 3, B: 4 })).toBe('d1:Bi4e1:bi3e7:call-idi2e2:toi1ee');
  });

  it('leaves out keys whose value is undefined', () => {
    const options = { command: 'query', 'from-tag': undefined } as unknown as BencodeValue;
    expect(encodeText(options)).toBe('d7:command5:querye');
  });

  it('encodes raw buffers as byte strings', () => {
    expect(encodeBencode(Buffer.from([0, 255, 10]))).toEqual(Buffer.from([0x33, 0x3a, 0, 255, 10]));
  });

  it('refuses values bencode cannot carry', () => {
    expect(() => encodeBencode(1.5)).toThrow(BencodeError);
    expect(() => encodeBencode(Number.NaN)).toThrow(BencodeError);
    expect(() => encodeBencode(true as unknown as BencodeValue)).toThrow(BencodeError);
  });
});

describe('decodeBencode', () => {
  it('decodes an ng answer with SDP text', () => {
    const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n';
    const wire = `d6:result2:ok3:sdp${Buffer.byteLength(sdp)}:${sdp}e`;
    expect(decodeText(wire)).toEqual({ result: 'ok', sdp });
  });

  it('accepts unsorted keys because rtpengine does not sort them', () => {
    expect(decodeText('d6:result4:pong7:warning1:xe')).toEqual({ result: 'pong', warning: 'x' });
    expect(decodeText('d7:warning1:x6:result4:ponge')).toEqual({ result: 'pong', warning: 'x' });
  });

  it('keeps raw bytes when asked', () => {
    const value = decodeBencode(Buffer.from([0x32, 0x3a, 0xff, 0x00]), { bytes: 'buffer' });
    expect(value).toEqual(Buffer.from([0xff, 0x00]));
  });

  it('returns bigint beyond the safe integer range', () => {
    expect(decodeText('i9007199254740993e')).toBe(9007199254740993n);
    expect(decodeText('i-12e')).toBe(-12);
  });

  it('stores a "__proto__" key as plain data', () => {
    const dict = decodeText('d9:__proto__i1ee') as Record<string, unknown>;
    expect(Object.keys(dict)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['', 'unexpected_end'],
    ['i12', 'unexpected_end'],
    ['i03e', 'invalid_integer'],
    ['i-0e', 'invalid_integer'],
    ['ie', 'invalid_integer'],
    ['i1.5e', 'invalid_integer'],
    ['5:abc', 'unexpected_end'],
    ['01:a', 'invalid_length'],
    ['l1:a', 'unexpected_end'],
    ['di1e1:ae', 'unexpected_byte'],
    ['d1:ai1e1:ai2ee', 'duplicate_key'],
    ['x', 'unexpected_byte'],
    ['i1ei2e', 'trailing_data'],
  ])('rejects %j with %s', (text, code) => {
    expect(decodeError(text).code).toBe(code);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(decodeError(`${'l'.repeat(10_000)}${'e'.repeat(10_000)}`).code).toBe('unexpected_byte');
  });
});

describe('bencode round trip', () => {
  const textValue: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string({ unit: 'grapheme' }),
      fc.maxSafeInteger(),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 5 }),
    ),
  })).value;

  it('decode(encode(v)) returns v for text values', () => {
    fc.assert(
      fc.property(textValue, (value) => {
        expect(decodeBencode(encodeBencode(value))).toEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) returns the same bytes for canonical input', () => {
    const bytesValue: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
        fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(bytesValue, (value) => {
        const wire = encodeBencode(value);
        expect(encodeBencode(decodeBencode(wire, { bytes: 'buffer' }))).toEqual(wire);
      }),
    );
  });

  it('never throws anything but BencodeError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeBencode(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(BencodeError);
        }
      }),
    );
  });
});
