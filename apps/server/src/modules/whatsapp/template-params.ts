import type {
  TemplateButton,
  TemplateContent,
  TemplateParam,
} from '../../channels/whatsapp/meta/whatsapp-content';
import type { FieldError } from '../../platform/errors/app-error';
import type { whatsappTemplates } from './whatsapp.schema';

type TemplateRow = typeof whatsappTemplates.$inferSelect;
type Component = {
  type?: string;
  format?: string;
  text?: string;
  buttons?: { type?: string; url?: string }[];
};

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const MAX_PARAM_LENGTH = 1024;

/** The distinct placeholders of a component text, in order of first appearance. */
export const placeholdersOf = (text: string | undefined) => [
  ...new Set([...(text ?? '').matchAll(PLACEHOLDER)].map((m) => m[1]!)),
];

const componentOf = (template: TemplateRow, type: string) =>
  (template.components as Component[]).find((c) => c.type?.toUpperCase() === type);

export const paramValue = (param: TemplateParam) =>
  param.type === 'text'
    ? param.text
    : param.type === 'currency'
      ? param.currency.fallbackValue
      : param.dateTime.fallbackValue;

/** Meta refuses parameter text with newlines, tabs or more than four spaces in a row (error 132018). */
function textProblem(param: TemplateParam): string | undefined {
  const value = paramValue(param);
  if (value.trim() === '') return 'is empty';
  if (value.length > MAX_PARAM_LENGTH) return `is longer than ${MAX_PARAM_LENGTH} characters`;
  if (/[\n\t]| {5,}/.test(value))
    return 'may not contain new lines, tabs or more than four consecutive spaces';
  return undefined;
}

function checkParams(
  path: string,
  placeholders: string[],
  params: TemplateParam[],
  named: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  if (named) {
    const given = params.map((p) => p.name);
    const missing = placeholders.filter((name) => !given.includes(name));
    const unknown = given.filter((name) => name === undefined || !placeholders.includes(name));
    if (missing.length > 0) errors.push({ path, message: `missing parameters: ${missing.join(', ')}` });
    if (unknown.length > 0)
      errors.push({
        path,
        message: `the template has no parameters named ${unknown.map(String).join(', ')}`,
      });
  } else if (params.length !== placeholders.length)
    errors.push({
      path,
      message: `the template takes ${placeholders.length} parameter(s), ${params.length} given`,
    });
  params.forEach((param, index) => {
    const problem = textProblem(param);
    if (problem) errors.push({ path: `${path}.${index}`, message: problem });
  });
  return errors;
}

function checkHeader(template: TemplateRow, content: TemplateContent, named: boolean): FieldError[] {
  const header = componentOf(template, 'HEADER');
  const given = content.header;
  const path = 'template.header';
  if (!header) return given ? [{ path, message: 'the template has no header' }] : [];
  const format = (header.format ?? 'TEXT').toUpperCase();
  if (format === 'TEXT') {
    const placeholders = placeholdersOf(header.text);
    if (given && given.type !== 'text') return [{ path, message: 'the template has a text header' }];
    return checkParams(path, placeholders, given?.type === 'text' ? given.params : [], named).map((e) =>
      e.path === path ? e : { ...e, path: `${path}.params${e.path.slice(path.length)}` },
    );
  }
  const expected = format.toLowerCase();
  if (given?.type !== expected)
    return [
      {
        path,
        message: `the template's header is ${article(expected)} ${expected}: give ${article(expected)} ${expected} header`,
      },
    ];
  return [];
}

const BUTTON_SUBTYPE: Record<string, TemplateButton['subType']> = {
  URL: 'url',
  OTP: 'url',
  COPY_CODE: 'copy_code',
  QUICK_REPLY: 'quick_reply',
};

function checkButtons(template: TemplateRow, content: TemplateContent): FieldError[] {
  const buttons = componentOf(template, 'BUTTONS')?.buttons ?? [];
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  for (const [position, given] of content.buttons.entries()) {
    const path = `template.buttons.${position}`;
    const button = buttons[given.index];
    if (seen.has(given.index)) errors.push({ path, message: `button ${given.index} is given twice` });
    seen.add(given.index);
    if (!button) {
      errors.push({ path, message: `the template has no button ${given.index}` });
      continue;
    }
    const type = button.type?.toUpperCase() ?? '';
    const expected = BUTTON_SUBTYPE[type];
    if (given.subType !== expected)
      errors.push({
        path,
        message: `button ${given.index} is a ${type} button${expected ? `: use type ${expected}` : ' and takes no parameter'}`,
      });
    else if (expected === 'url' && !given.text?.trim())
      errors.push({ path, message: 'a url button needs its text parameter' });
    else if (expected === 'copy_code' && !given.couponCode?.trim())
      errors.push({ path, message: 'a copy_code button needs its couponCode' });
  }
  for (const [index, button] of buttons.entries()) {
    const type = button.type?.toUpperCase();
    const needsParam =
      (type === 'URL' && placeholdersOf(button.url).length > 0) || type === 'COPY_CODE' || type === 'OTP';
    if (needsParam && !seen.has(index))
      errors.push({ path: 'template.buttons', message: `button ${index} (${type}) needs a parameter` });
  }
  return errors;
}

/**
 * Checks a template send against the synced template before it is accepted, the way Meta would
 * refuse it after: header kind and parameters, body parameter count (positional) or names (named)
 * and their text, and the parameters of URL, copy-code and OTP buttons.
 */
export function checkTemplateParams(template: TemplateRow, content: TemplateContent): FieldError[] {
  const named = template.parameterFormat === 'named';
  const body = componentOf(template, 'BODY');
  return [
    ...checkHeader(template, content, named),
    ...checkParams('template.body', placeholdersOf(body?.text), content.body, named),
    ...checkButtons(template, content),
  ];
}

/** The text a recipient sees (header and body with the parameters filled in), for the message's body. */
export function renderTemplate(template: TemplateRow, content: TemplateContent): string {
  const fill = (text: string | undefined, params: TemplateParam[]) => {
    const placeholders = placeholdersOf(text);
    return (text ?? '').replace(PLACEHOLDER, (whole, name: string) => {
      const param = params.find((p) => p.name === name) ?? params[placeholders.indexOf(name)];
      return param ? paramValue(param) : whole;
    });
  };
  const header = componentOf(template, 'HEADER');
  const headerText =
    header && (header.format ?? 'TEXT').toUpperCase() === 'TEXT'
      ? fill(header.text, content.header?.type === 'text' ? content.header.params : [])
      : '';
  return [headerText, fill(componentOf(template, 'BODY')?.text, content.body)].filter(Boolean).join('\n');
}
