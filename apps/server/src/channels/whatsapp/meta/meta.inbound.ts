import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundMessage, ProviderStatus, RawWebhook, StatusUpdate } from '../../channel';
import { errorCodeOf } from './meta.graph';
import {
  MessagesValueSchema,
  type MetaCredentials,
  TemplateStatusValueSchema,
  type WebhookEnvelope,
  type WebhookMessage,
} from './meta.schema';

/** A template's review or lifecycle change (`message_template_status_update`). */
export type TemplateStatusUpdate = {
  provider: string;
  businessAccountId: string;
  templateId: string;
  name: string;
  language: string;
  status: string;
  reason: string | null;
  category?: string;
};

export type ParsedMetaWebhook = {
  inbound: InboundMessage[];
  statuses: StatusUpdate[];
  templates: TemplateStatusUpdate[];
  /** Account- or app-level errors Meta reports (`value.errors`): logged, nothing to store. */
  errors: { code: number; title?: string }[];
};

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the app secret>`, compared in constant time. */
export function verifyHubSignature(appSecret: string, request: RawWebhook): boolean {
  const header = request.headers.get('x-hub-signature-256') ?? '';
  const given = Buffer.from(header.replace(/^sha256=/, ''), 'hex');
  const expected = createHmac('sha256', appSecret).update(request.body).digest();
  return header.startsWith('sha256=') && given.length === expected.length && timingSafeEqual(given, expected);
}

const STATUS: Record<string, ProviderStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};
const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const e164 = (digits: string) => `+${digits.replace(/\D/g, '')}`;

/** The message's text and channel content; nothing downstream sees Meta's field names. */
function contentOf(message: WebhookMessage, mediaUrl: (id: string) => string) {
  const content: Record<string, unknown> = { type: message.type };
  if (message.context?.id) content.context = { messageId: message.context.id, from: message.context.from };
  if (message.referral) content.referral = message.referral;
  let body: string | null = null;
  const media: string[] = [];
  const kind = MEDIA_KINDS.find((k) => k === message.type);
  const item = kind ? message[kind] : undefined;
  if (item) {
    media.push(mediaUrl(item.id));
    content.media = { id: item.id, mimeType: item.mime_type, sha256: item.sha256, filename: item.filename };
    body = item.caption ?? null;
  }
  if (message.text) body = message.text.body;
  if (message.location) {
    const { latitude, longitude, name, address } = message.location;
    content.location = { latitude, longitude, name, address };
    body = [name, address].filter(Boolean).join(', ') || null;
  }
  if (message.interactive) {
    const kindOf = String(message.interactive.type ?? '');
    const reply = (message.interactive[kindOf] ?? {}) as Record<string, unknown>;
    content.reply = { kind: kindOf, id: reply.id, title: reply.title, description: reply.description };
    body = typeof reply.title === 'string' ? reply.title : typeof reply.body === 'string' ? reply.body : null;
    if (kindOf === 'nfm_reply')
      content.reply = { kind: kindOf, name: reply.name, responseJson: reply.response_json };
  }
  if (message.button) {
    content.button = { text: message.button.text, payload: message.button.payload };
    body = message.button.text ?? null;
  }
  if (message.reaction) {
    content.reaction = { messageId: message.reaction.message_id, emoji: message.reaction.emoji ?? '' };
    body = message.reaction.emoji ?? null;
  }
  if (message.contacts) content.contacts = message.contacts;
  if (message.order) content.order = message.order;
  if (message.system) body = message.system.body ?? null;
  if (message.errors) content.errors = message.errors.map((e) => ({ code: e.code, title: e.title }));
  return { body, media, content };
}

/**
 * Normalizes the changes of a verified webhook that belong to one business number: its inbound
 * messages (sender = the user's wa_id as `+digits`), status updates (deduped per wamid and status)
 * and its account's template status updates.
 */
export function parseMetaWebhook(
  instanceId: string,
  credentials: MetaCredentials,
  envelope: WebhookEnvelope,
): ParsedMetaWebhook {
  const parsed: ParsedMetaWebhook = { inbound: [], statuses: [], templates: [], errors: [] };
  const mediaUrl = (id: string) =>
    `${credentials.graphBaseUrl.replace(/\/$/, '')}/${credentials.apiVersion}/${encodeURIComponent(id)}`;
  for (const entry of envelope.entry) {
    for (const change of entry.changes) {
      if (change.field === 'message_template_status_update') {
        if (entry.id !== credentials.businessAccountId) continue;
        const value = TemplateStatusValueSchema.parse(change.value);
        parsed.templates.push({
          provider: instanceId,
          businessAccountId: entry.id,
          templateId: value.message_template_id,
          name: value.message_template_name,
          language: value.message_template_language,
          status: value.event,
          reason: value.reason && value.reason !== 'NONE' ? value.reason : null,
          category: value.message_template_category,
        });
        continue;
      }
      if (change.field !== 'messages') continue;
      const value = MessagesValueSchema.parse(change.value);
      if (value.metadata.phone_number_id !== credentials.phoneNumberId) continue;
      const to = e164(value.metadata.display_phone_number);
      const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const message of value.messages ?? []) {
        const { body, media, content } = contentOf(message, mediaUrl);
        const name = names.get(message.from);
        parsed.inbound.push({
          provider: instanceId,
          providerMessageId: message.id,
          channel: 'whatsapp',
          from: e164(message.from),
          to,
          body,
          media,
          content: name ? { ...content, profile: { name } } : content,
          receivedAt: new Date(Number(message.timestamp) * 1000),
        });
      }
      for (const status of value.statuses ?? []) {
        const ours = STATUS[status.status];
        if (!ours) continue;
        const error = status.errors?.[0];
        parsed.statuses.push({
          provider: instanceId,
          providerMessageId: status.id,
          status: ours,
          eventKey: `${instanceId}:${status.id}:${status.status}`,
          occurredAt: new Date(Number(status.timestamp) * 1000),
          ...(error
            ? {
                errorCode: errorCodeOf(error.code),
                errorMessage:
                  `${error.code} ${error.title ?? error.message ?? ''}${error.error_data?.details ? `: ${error.error_data.details}` : ''}`.trim(),
              }
            : {}),
        });
      }
      for (const error of value.errors ?? []) parsed.errors.push({ code: error.code, title: error.title });
    }
  }
  return parsed;
}
