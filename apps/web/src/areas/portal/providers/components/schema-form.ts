/**
 * The pieces of JSON Schema the provider credentials schemas use (server: zod → JSON Schema through
 * the OpenAPI generator), turned into form fields, validated in the browser and turned back into a
 * request body. The server validates again with the same zod schema; its problem+json field errors
 * land on the same fields.
 */
export type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  description?: string;
  default?: unknown;
  writeOnly?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

export type FieldKind =
  | 'text'
  | 'secret'
  | 'url'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'list'
  | 'json';

export type FormField = {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  schema: JsonSchema;
};

/** What the inputs hold: text for everything but checkboxes. */
export type FormValues = Record<string, string | boolean>;

const ACRONYMS = new Set([
  'api',
  'arn',
  'dkim',
  'id',
  'ms',
  'sid',
  'sms',
  'smtp',
  'sns',
  'tls',
  'url',
  'uuid',
]);

/** `accountSid` → `Account SID`, `baseUrl` → `Base URL`. */
export function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ')
    .map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function kindOf(schema: JsonSchema, secret: boolean): FieldKind {
  if (schema.enum) return 'enum';
  if (secret && schema.type === 'string') return 'secret';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'number') return 'number';
  if (schema.type === 'array' && schema.items?.type === 'string') return 'list';
  if (schema.type === 'string') return schema.format === 'uri' ? 'url' : 'text';
  // Secret structures (e.g. DKIM key lists) and anything else: edited as JSON.
  return 'json';
}

/** One field per property, required ones first (in schema order otherwise). */
export function fieldsOf(schema: JsonSchema, secretFields: string[] = []): FormField[] {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    label: labelOf(name),
    kind: kindOf(property, secretFields.includes(name) || property.writeOnly === true),
    required: required.has(name),
    description: property.description,
    schema: property,
  }));
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/** Form values for a stored object (secrets stay empty: they are write-only; defaults fill the rest). */
export function initialValues(fields: FormField[], current: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = current[field.name] ?? (field.kind === 'secret' ? undefined : field.schema.default);
    if (field.kind === 'boolean') values[field.name] = value === true;
    else if (field.kind === 'secret' || value === undefined || value === null) values[field.name] = '';
    else if (field.kind === 'list') values[field.name] = (value as string[]).join('\n');
    else if (field.kind === 'json') values[field.name] = JSON.stringify(value, null, 2);
    else values[field.name] = String(value);
  }
  return values;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function isUrl(text: string) {
  try {
    return Boolean(new URL(text).protocol);
  } catch {
    return false;
  }
}

function checkText(field: FormField, text: string): string | undefined {
  const s = field.schema;
  if (s.minLength !== undefined && text.length < s.minLength) return `at least ${s.minLength} characters`;
  if (s.maxLength !== undefined && text.length > s.maxLength) return `at most ${s.maxLength} characters`;
  if (s.pattern && !new RegExp(s.pattern).test(text))
    return `does not have the expected format (${s.pattern})`;
  if (field.kind === 'url' && !isUrl(text)) return 'must be a full URL (https://…)';
  return undefined;
}

function checkNumber(field: FormField, text: string): string | undefined {
  const n = Number(text);
  if (!Number.isFinite(n)) return 'must be a number';
  if (field.kind === 'integer' && !Number.isInteger(n)) return 'must be a whole number';
  const s = field.schema;
  if (s.minimum !== undefined && n < s.minimum) return `must be at least ${s.minimum}`;
  if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum)
    return `must be more than ${s.exclusiveMinimum}`;
  if (s.maximum !== undefined && n > s.maximum) return `must be at most ${s.maximum}`;
  return undefined;
}

/**
 * Field errors by name. `keepSecrets`: editing a stored instance, where an empty secret keeps the
 * stored one (so a required secret may stay empty).
 */
export function validateValues(
  fields: FormField[],
  values: FormValues,
  options: { keepSecrets?: boolean } = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'boolean') continue;
    const text = String(value ?? '').trim();
    if (!text) {
      const kept = field.kind === 'secret' && options.keepSecrets;
      if (field.required && !kept) errors[field.name] = 'is required';
      continue;
    }
    let error: string | undefined;
    if (field.kind === 'number' || field.kind === 'integer') error = checkNumber(field, text);
    else if (field.kind === 'list') {
      for (const item of lines(text))
        error ??= field.schema.items
          ? checkText(
              {
                ...field,
                schema: field.schema.items,
                kind: field.schema.items.format === 'uri' ? 'url' : 'text',
              },
              item,
            )
          : undefined;
    } else if (field.kind === 'json') {
      try {
        JSON.parse(text);
      } catch {
        error = 'must be valid JSON';
      }
    } else if (field.kind === 'enum') {
      if (!field.schema.enum?.map(String).includes(text)) error = 'is not one of the choices';
    } else error = checkText(field, text);
    if (error) errors[field.name] = error;
  }
  return errors;
}

/** The request body: typed values, empty optional fields left out (so server defaults apply). */
export function toPayload(fields: FormField[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'boolean') {
      body[field.name] = value === true;
      continue;
    }
    const text = String(value ?? '').trim();
    if (!text) continue;
    if (field.kind === 'number' || field.kind === 'integer') body[field.name] = Number(text);
    else if (field.kind === 'list') body[field.name] = lines(text);
    else if (field.kind === 'json') body[field.name] = JSON.parse(text);
    else if (field.kind === 'enum')
      body[field.name] = field.schema.enum?.find((e) => String(e) === text) ?? text;
    else body[field.name] = field.kind === 'secret' ? String(value) : text;
  }
  return body;
}

/** Server field errors (`credentials.authToken`) for the fields under `prefix`, by field name. */
export function fieldErrorsFrom(
  errors: { path: string; message: string }[],
  prefix: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors)
    if (error.path.startsWith(`${prefix}.`))
      out[error.path.slice(prefix.length + 1).split('.')[0]!] ??= error.message;
  return out;
}
