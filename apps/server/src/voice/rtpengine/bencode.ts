/**
 * Bencode, the encoding rtpengine's ng protocol speaks natively.
 *
 * Byte strings decode to UTF-8 strings by default because every value rtpengine
 * sends back (SDP, tags, reasons) is text; pass `bytes: 'buffer'` to keep raw
 * bytes. Integers decode to `number` while they are safe, to `bigint` beyond.
 */

export type BencodeValue = string | Buffer | number | bigint | BencodeValue[] | BencodeDict;
export type BencodeDict = { [key: string]: BencodeValue };

export type BencodeErrorCode =
  | 'unexpected_end'
  | 'invalid_integer'
  | 'invalid_length'
  | 'unexpected_byte'
  | 'trailing_data'
  | 'duplicate_key'
  | 'unencodable';

export class BencodeError extends Error {
  constructor(
    readonly code: BencodeErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} at byte ${offset}`);
    this.name = 'BencodeError';
  }
}

const COLON = 0x3a;
const LOWER_E = 0x65;
const LOWER_I = 0x69;
const LOWER_L = 0x6c;
const LOWER_D = 0x64;

export function encodeBencode(value: BencodeValue): Buffer {
  const parts: Buffer[] = [];
  writeValue(value, parts, 0);
  return Buffer.concat(parts);
}

function writeValue(value: BencodeValue, parts: Buffer[], depth: number): void {
  if (depth > MAX_DEPTH) throw new BencodeError('unencodable', 'value nests too deeply');
  if (typeof value === 'string') {
    writeBytes(Buffer.from(value, 'utf8'), parts);
  } else if (Buffer.isBuffer(value)) {
    writeBytes(value, parts);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new BencodeError('unencodable', `bencode has integers only, got ${value}`);
    }
    parts.push(Buffer.from(`i${value}e`, 'ascii'));
  } else if (typeof value === 'bigint') {
    parts.push(Buffer.from(`i${value}e`, 'ascii'));
  } else if (Array.isArray(value)) {
    parts.push(Buffer.from('l', 'ascii'));
    for (const item of value) writeValue(item, parts, depth + 1);
    parts.push(Buffer.from('e', 'ascii'));
  } else if (value !== null && typeof value === 'object') {
    // The spec orders keys by their raw bytes; sorting the encoded keys (not the
    // JS strings) keeps that true for non-ASCII keys too.
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [Buffer.from(key, 'utf8'), item] as const)
      .sort(([a], [b]) => Buffer.compare(a, b));
    parts.push(Buffer.from('d', 'ascii'));
    for (const [key, item] of entries) {
      writeBytes(key, parts);
      writeValue(item, parts, depth + 1);
    }
    parts.push(Buffer.from('e', 'ascii'));
  } else {
    throw new BencodeError('unencodable', `cannot encode a value of type ${typeof value}`);
  }
}

function writeBytes(bytes: Buffer, parts: Buffer[]): void {
  parts.push(Buffer.from(`${bytes.length}:`, 'ascii'), bytes);
}

export type DecodeOptions = { bytes?: 'string' | 'buffer' };

/** Deeper nesting than this is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 200;

export function decodeBencode(input: Buffer | Uint8Array, options: DecodeOptions = {}): BencodeValue {
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
  const reader = { buffer, offset: 0, asString: options.bytes !== 'buffer' };
  const value = readValue(reader, 0);
  if (reader.offset !== buffer.length) {
    throw new BencodeError('trailing_data', 'data after the end of the value', reader.offset);
  }
  return value;
}

type Reader = { buffer: Buffer; offset: number; asString: boolean };

function readValue(reader: Reader, depth: number): BencodeValue {
  if (depth > MAX_DEPTH) throw new BencodeError('unexpected_byte', 'value nests too deeply', reader.offset);
  const byte = peek(reader);
  if (byte === LOWER_I) return readInteger(reader);
  if (byte === LOWER_L) return readList(reader, depth);
  if (byte === LOWER_D) return readDict(reader, depth);
  if (byte >= 0x30 && byte <= 0x39) {
    const bytes = readBytes(reader);
    return reader.asString ? bytes.toString('utf8') : bytes;
  }
  throw new BencodeError('unexpected_byte', `unexpected byte 0x${byte.toString(16)}`, reader.offset);
}

function peek(reader: Reader): number {
  const byte = reader.buffer[reader.offset];
  if (byte === undefined) throw new BencodeError('unexpected_end', 'input ends early', reader.offset);
  return byte;
}

function readInteger(reader: Reader): number | bigint {
  const start = reader.offset + 1;
  const end = reader.buffer.indexOf(LOWER_E, start);
  if (end === -1) throw new BencodeError('unexpected_end', 'integer is not terminated', reader.offset);
  const text = reader.buffer.toString('ascii', start, end);
  // Canonical form only: no leading zeros, no "-0", no empty digits.
  if (!/^(0|-?[1-9][0-9]*)$/.test(text)) {
    throw new BencodeError('invalid_integer', `invalid integer "${text}"`, start);
  }
  reader.offset = end + 1;
  const big = BigInt(text);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function readBytes(reader: Reader): Buffer {
  const start = reader.offset;
  const colon = reader.buffer.indexOf(COLON, start);
  if (colon === -1) throw new BencodeError('unexpected_end', 'string length is not terminated', start);
  const text = reader.buffer.toString('ascii', start, colon);
  if (!/^(0|[1-9][0-9]*)$/.test(text)) {
    throw new BencodeError('invalid_length', `invalid string length "${text}"`, start);
  }
  const length = Number(text);
  const end = colon + 1 + length;
  if (end > reader.buffer.length) {
    throw new BencodeError('unexpected_end', `string of ${length} bytes runs past the input`, start);
  }
  reader.offset = end;
  return reader.buffer.subarray(colon + 1, end);
}

function readList(reader: Reader, depth: number): BencodeValue[] {
  reader.offset += 1;
  const items: BencodeValue[] = [];
  while (peek(reader) !== LOWER_E) items.push(readValue(reader, depth + 1));
  reader.offset += 1;
  return items;
}

function readDict(reader: Reader, depth: number): BencodeDict {
  reader.offset += 1;
  // A null-prototype object: keys such as "__proto__" from the wire stay plain data.
  const dict: BencodeDict = Object.create(null);
  while (peek(reader) !== LOWER_E) {
    const keyOffset = reader.offset;
    if (peek(reader) < 0x30 || peek(reader) > 0x39) {
      throw new BencodeError('unexpected_byte', 'dictionary key must be a string', keyOffset);
    }
    // rtpengine does not sort its keys (its docs say so), so order is not checked.
    const key = readBytes(reader).toString('utf8');
    if (Object.hasOwn(dict, key))
      throw new BencodeError('duplicate_key', `duplicate key "${key}"`, keyOffset);
    dict[key] = readValue(reader, depth + 1);
  }
  reader.offset += 1;
  return dict;
}
