/**
 * RFC 4180 CSV: fields separated by commas, quoted with `"` (a quote inside doubled), CRLF or LF line
 * ends, a UTF-8 byte-order mark ignored. Blank lines are skipped. Returns the rows with their line
 * numbers (1-based, as a spreadsheet shows them), or where the text stops being CSV.
 */
export function parseCsv(
  text: string,
): { ok: true; rows: { line: number; fields: string[] }[] } | { ok: false; line: number; message: string } {
  const rows: { line: number; fields: string[] }[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < input.length) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        const next = input[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          return { ok: false, line, message: 'text after a closing quote' };
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) return { ok: false, line: rowLine, message: 'a quoted field is never closed' };
  if (field !== '' || fields.length > 0) endRow();
  return { ok: true, rows };
}
