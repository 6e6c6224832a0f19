import type { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { MediaRef, TemplateContent, TemplateParam } from '../../channels/whatsapp/meta/whatsapp-content';
import type { Tx } from '../../platform/db/database';
import { createTenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import { messages } from '../messages/messages.schema';
import { whatsappMedia } from './whatsapp.schema';
import type { TemplateRequestSchema } from './whatsapp-send.schema';

const fieldError = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, { details: { errors: [{ path, message }] } });

/** An upload id becomes our stored copy (the adapter uploads it to WhatsApp at send time); a link stays a link. */
export async function mediaRefOf(
  tx: Tx,
  tenantId: string,
  request: { mediaId?: string; link?: string; filename?: string },
  kinds: readonly string[],
  path = 'mediaId',
): Promise<MediaRef> {
  if (request.link) return { link: request.link, filename: request.filename };
  if (!request.mediaId) throw fieldError(path, 'give either mediaId or link');
  const [row] = await createTenantScope(tx, tenantId).select(
    whatsappMedia,
    eq(whatsappMedia.id, request.mediaId!),
  );
  if (!row) throw fieldError(path, 'no uploaded media with this id');
  if (!kinds.includes(row.kind))
    throw fieldError(path, `is ${row.kind}; this message takes ${kinds.join(' or ')}`);
  return {
    storageKey: row.storageKey,
    contentType: row.contentType,
    filename: request.filename ?? row.filename ?? undefined,
  };
}

/** A message to quote or react to, by our id or its WhatsApp id: WhatsApp knows it by its wamid. */
export async function wamidOf(tx: Tx, tenantId: string, id: string, path: string): Promise<string> {
  if (!id.startsWith('msg_')) return id;
  const [row] = await createTenantScope(tx, tenantId).select(
    messages,
    and(eq(messages.id, id), eq(messages.channel, 'whatsapp')),
  );
  if (!row?.providerMessageId)
    throw fieldError(path, 'no WhatsApp message with this id (or it was not sent yet)');
  return row.providerMessageId;
}

type TemplateRequest = z.infer<typeof TemplateRequestSchema>;
type ParamRequest = TemplateRequest['body'] extends (infer P)[] | Record<string, infer _> ? P : never;

function paramOf(value: ParamRequest, name?: string): TemplateParam {
  const named = name === undefined ? {} : { name };
  if (typeof value === 'string') return { type: 'text', text: value, ...named };
  if (value.type === 'currency')
    return {
      type: 'currency',
      currency: { fallbackValue: value.fallbackValue, code: value.code, amount1000: value.amount1000 },
      ...named,
    };
  return { type: 'date_time', dateTime: { fallbackValue: value.fallbackValue }, ...named };
}

/** The API's template request as stored content (header media resolved to our copy or a link). */
export async function templateContentOf(
  tx: Tx,
  tenantId: string,
  request: TemplateRequest,
): Promise<TemplateContent> {
  const header = request.header;
  let headerContent: TemplateContent['header'];
  if (header?.type === 'text')
    headerContent = { type: 'text', params: [{ type: 'text', text: header.text }] };
  else if (header?.type === 'location') {
    const { type: _type, ...location } = header;
    headerContent = { type: 'location', location };
  } else if (header) {
    if (Boolean(header.mediaId) === Boolean(header.link))
      throw fieldError('template.header.mediaId', 'give either mediaId or link');
    headerContent = {
      type: header.type,
      media: await mediaRefOf(tx, tenantId, header, [header.type], 'template.header.mediaId'),
    };
  }
  const body = Array.isArray(request.body)
    ? request.body.map((value) => paramOf(value))
    : Object.entries(request.body).map(([name, value]) => paramOf(value, name));
  return {
    name: request.name,
    language: request.language,
    header: headerContent,
    body,
    buttons: request.buttons.map(({ type, ...button }) => ({ ...button, subType: type })),
  };
}
