import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFname,note\r\n"Smith, Ann","said ""hi""\nthen left"\r\n\r\nBob,\n';
    expect(parseCsv(text)).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ['name', 'note'] },
        { line: 2, fields: ['Smith, Ann', 'said "hi"\nthen left'] },
        { line: 5, fields: ['Bob', ''] },
      ],
    });
  });

  it('keeps a last row without a line end and empty fields', () => {
    expect(parseCsv('a,,c')).toEqual({ ok: true, rows: [{ line: 1, fields: ['a', '', 'c'] }] });
  });

  it('says where the text stops being CSV', () => {
    expect(parseCsv('a,b\n"open,c\n')).toEqual({
      ok: false,
      line: 2,
      message: 'a quoted field is never closed',
    });
    expect(parseCsv('a\n"x"y,b')).toEqual({ ok: false, line: 2, message: 'text after a closing quote' });
  });
});
