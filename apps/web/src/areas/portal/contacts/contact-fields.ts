/** Attributes as the form edits them: one `key = value` per line. Values stay strings. */
export function formatAttributes(attributes: Record<string, unknown>): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key} = ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
}

/** Parses `key = value` lines; a line without `=` is an error naming its line number. */
export function parseAttributes(
  text: string,
): { ok: true; value: Record<string, string> } | { ok: false; error: string } {
  const value: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { ok: false, error: `Line ${index + 1}: write key = value` };
    value[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { ok: true, value };
}

/** The PATCH attributes for an edit: new and changed keys, and null for each key removed (the API merges). */
export function attributeChanges(before: Record<string, unknown>, after: Record<string, string>) {
  const changes: Record<string, unknown> = { ...after };
  for (const key of Object.keys(before)) if (!(key in after)) changes[key] = null;
  return changes;
}

export const parseTags = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

export const IDENTITY_KINDS = [
  'phone',
  'email',
  'whatsapp',
  'slack',
  'discord',
  'telegram',
  'teams',
] as const;

/** A contact's display name: its name, else its email or phone, else its id. */
export const contactLabel = (c: {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}) => c.name || c.email || c.phone || c.id;
