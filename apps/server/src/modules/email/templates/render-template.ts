import { convert } from 'html-to-text';
import { Liquid } from 'liquidjs';
import { AppError } from '../../../platform/errors/app-error';
import type { TemplateVariable } from '../email.schema';

/**
 * Tenants write their own templates, so the engine is Liquid (liquidjs): interpreted, never compiled
 * to JavaScript, no access to prototypes, and bounded in parse size, render time and memory.
 * HTML output escapes every variable; subject and text are plain and are not escaped.
 */
const LIMITS = { parseLimit: 1_000_000, renderLimit: 2_000, memoryLimit: 20_000_000, ownPropertyOnly: true };
const htmlEngine = new Liquid({ ...LIMITS, outputEscape: 'escape' });
const textEngine = new Liquid(LIMITS);

export type TemplateParts = { subject: string; html: string | null; text: string | null };
export type RenderedEmail = { subject: string; html: string | null; text: string };

/** Plain text from HTML for the text/plain part when a template or send gives only HTML. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
}

const templateError = (path: string, error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('validation_failed', `${path}: ${message}`, {
    details: { errors: [{ path, message }] },
  });
};

/** Checks that every part parses; returns the variable names the parts use (for the editor). */
export function checkTemplate(parts: TemplateParts): string[] {
  const names = new Set<string>();
  for (const [path, source, engine] of [
    ['subject', parts.subject, textEngine],
    ['html', parts.html, htmlEngine],
    ['text', parts.text, textEngine],
  ] as const) {
    if (source === null) continue;
    try {
      for (const name of engine.variablesSync(source)) names.add(String(name));
    } catch (error) {
      throw templateError(path, error);
    }
  }
  return [...names].sort();
}

/** The values a render uses: declared defaults, overridden by the given values; missing required ones are an error. */
export function templateData(variables: TemplateVariable[], given: Record<string, unknown>) {
  const data: Record<string, unknown> = {};
  for (const v of variables) if (v.defaultValue !== undefined) data[v.name] = v.defaultValue;
  Object.assign(data, given);
  const missing = variables.filter((v) => v.required && (data[v.name] === undefined || data[v.name] === ''));
  if (missing.length > 0)
    throw new AppError('validation_failed', `variables: missing ${missing.map((v) => v.name).join(', ')}`, {
      details: {
        errors: missing.map((v) => ({ path: `variables.${v.name}`, message: 'is required by the template' })),
      },
    });
  return data;
}

/** Renders subject, HTML and text; the text falls back to the HTML converted to plain text. */
export async function renderTemplate(
  parts: TemplateParts,
  variables: TemplateVariable[],
  given: Record<string, unknown>,
): Promise<RenderedEmail> {
  const data = templateData(variables, given);
  const render = async (path: string, engine: Liquid, source: string) => {
    try {
      return String(await engine.parseAndRender(source, data));
    } catch (error) {
      throw templateError(path, error);
    }
  };
  const subject = (await render('subject', textEngine, parts.subject)).replace(/[\r\n]+/g, ' ').trim();
  const html = parts.html === null ? null : await render('html', htmlEngine, parts.html);
  const text =
    parts.text !== null
      ? await render('text', textEngine, parts.text)
      : html !== null
        ? htmlToText(html)
        : '';
  return { subject, html, text };
}
