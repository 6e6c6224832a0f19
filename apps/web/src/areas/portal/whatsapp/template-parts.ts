/** A template component as Meta returns it (HEADER / BODY / FOOTER / BUTTONS). */
export type TemplateComponent = {
  type?: string;
  format?: string;
  text?: string;
  buttons?: { type?: string; text?: string; url?: string; phone_number?: string }[];
};

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Text split into plain runs and `{{variable}}` runs, so the preview can highlight the variables. */
export function segmentsOf(text: string): { text: string; variable?: string }[] {
  const parts: { text: string; variable?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], variable: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The distinct variables of a text, in order of first appearance (what the API checks). */
export const variablesOf = (text: string | undefined) => [
  ...new Set([...(text ?? '').matchAll(PLACEHOLDER)].map((m) => m[1]!)),
];

export const componentOf = (components: TemplateComponent[], type: string) =>
  components.find((c) => c.type?.toUpperCase() === type);

/** What "send test" must ask for: header text variables, body variables, URL button suffixes. */
export function inputsOf(components: TemplateComponent[]) {
  const header = componentOf(components, 'HEADER');
  const buttons = componentOf(components, 'BUTTONS')?.buttons ?? [];
  return {
    header: header?.format?.toUpperCase() === 'TEXT' || !header?.format ? variablesOf(header?.text) : [],
    headerMedia:
      header?.format && header.format.toUpperCase() !== 'TEXT' ? header.format.toUpperCase() : undefined,
    body: variablesOf(componentOf(components, 'BODY')?.text),
    urlButtons: buttons
      .map((b, index) => ({ index, variables: b.type?.toUpperCase() === 'URL' ? variablesOf(b.url) : [] }))
      .filter((b) => b.variables.length > 0),
  };
}

/** Builds the API's `template` object for a test send from the typed-in values. */
export function templateRequest(
  template: {
    name: string;
    language: string;
    parameterFormat: 'positional' | 'named';
    components: TemplateComponent[];
  },
  values: Record<string, string>,
) {
  const inputs = inputsOf(template.components);
  const named = template.parameterFormat === 'named';
  const body = named
    ? Object.fromEntries(inputs.body.map((v) => [v, values[`body.${v}`] ?? '']))
    : inputs.body.map((v) => values[`body.${v}`] ?? '');
  const headerVariable = inputs.header[0];
  return {
    name: template.name,
    language: template.language,
    ...(headerVariable
      ? { header: { type: 'text' as const, text: values[`header.${headerVariable}`] ?? '' } }
      : {}),
    body,
    buttons: inputs.urlButtons.map((b) => ({
      index: b.index,
      type: 'url' as const,
      text: values[`button.${b.index}`] ?? '',
    })),
  };
}

export function statusTone(status: string): 'success' | 'warning' | 'danger' | 'neutral' {
  const s = status.toUpperCase();
  if (s === 'APPROVED') return 'success';
  if (s === 'PENDING' || s === 'IN_APPEAL' || s === 'PAUSED') return 'warning';
  if (s === 'REJECTED' || s === 'DISABLED') return 'danger';
  return 'neutral';
}
