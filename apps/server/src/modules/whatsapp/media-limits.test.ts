import { describe, expect, it } from 'vitest';
import { checkMedia } from './media-limits';

const png = (size: number) => {
  const body = new Uint8Array(size);
  body.set([0x89, 0x50, 0x4e, 0x47]);
  return body;
};

describe("WhatsApp's media types and sizes", () => {
  it('takes each kind within its size, by its type', () => {
    expect(checkMedia('image/png', png(5 * 1024 * 1024))).toEqual({ ok: true, kind: 'image' });
    expect(checkMedia('application/pdf; charset=binary', new TextEncoder().encode('%PDF-1.7'))).toEqual({
      ok: true,
      kind: 'document',
    });
    expect(checkMedia('audio/ogg', new Uint8Array([1]))).toEqual({ ok: true, kind: 'audio' });
    expect(checkMedia('image/webp', new TextEncoder().encode('RIFF....WEBP'), 'sticker')).toEqual({
      ok: true,
      kind: 'sticker',
    });
  });

  it('refuses what WhatsApp would: too large, a type it does not carry, the wrong kind, a disguised file', () => {
    expect(checkMedia('image/png', png(5 * 1024 * 1024 + 1))).toEqual({
      ok: false,
      message: `an image is at most ${5 * 1024 * 1024} bytes`,
    });
    expect(
      checkMedia('image/webp', new TextEncoder().encode('RIFF'.padEnd(500 * 1024 + 1, 'x'))),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^a sticker is at most/),
    });
    expect(checkMedia('image/gif', new Uint8Array([1]))).toEqual({
      ok: false,
      message: 'image/gif is not a media type WhatsApp carries',
    });
    expect(checkMedia('image/png', png(10), 'document')).toEqual({
      ok: false,
      message: expect.stringMatching(/^a document must be one of text\/plain, application\/pdf/),
    });
    expect(checkMedia('image/jpeg', png(10))).toEqual({
      ok: false,
      message: "the file's content is not image/jpeg",
    });
    expect(checkMedia('video/mp4', new Uint8Array())).toEqual({ ok: false, message: 'the file is empty' });
  });
});
