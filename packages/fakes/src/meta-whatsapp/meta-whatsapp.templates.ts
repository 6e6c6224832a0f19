import type { MetaTemplate } from './meta-whatsapp.types';

/** One page of `GET /{waba-id}/message_templates`: `{data, paging: {cursors: {before, after}, next?}}`. */
export function templatePage(templates: MetaTemplate[], requestUrl: string) {
  const url = new URL(requestUrl);
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 25) || 25, 100);
  const after = url.searchParams.get('after');
  const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
  const data = templates.slice(start, start + limit);
  const next =
    start + limit < templates.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
  const cursors = { before: Buffer.from(String(start)).toString('base64url'), after: next ?? '' };
  if (next) url.searchParams.set('after', next);
  return { data, paging: { cursors, ...(next ? { next: url.toString() } : {}) } };
}

/**
 * What Meta checks of a template send before accepting it: an APPROVED template of that name and
 * language (132001 otherwise) and as many body parameters as its body has placeholders (132000).
 */
export function checkTemplate(templates: MetaTemplate[], template: Record<string, unknown> | undefined) {
  const name = template?.name;
  const language = (template?.language as { code?: string } | undefined)?.code;
  const found = templates.find((t) => t.name === name && t.language === language);
  if (found?.status !== 'APPROVED')
    return { code: 132001, details: `template name (${String(name)}) does not exist in ${String(language)}` };
  const bodyText = String(found.components.find((c) => c.type === 'BODY')?.text ?? '');
  const expected = new Set(bodyText.match(/\{\{\s*\w+\s*\}\}/g) ?? []).size;
  const components = (template?.components ?? []) as { type?: string; parameters?: unknown[] }[];
  const given = components.find((c) => c.type === 'body')?.parameters?.length ?? 0;
  if (expected !== given)
    return {
      code: 132000,
      details: `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
    };
  return undefined;
}
