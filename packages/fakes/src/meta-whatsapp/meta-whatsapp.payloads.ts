import { createHmac, randomBytes } from 'node:crypto';

/**
 * The WhatsApp Cloud API's wire shapes, as the fake sends and answers them: webhook envelopes
 * (`object: whatsapp_business_account`, entry → changes → value), the message objects of every
 * inbound type, status objects and template status updates, and the Graph error body.
 */

/** The business phone number a webhook is about (`value.metadata`) and its account (`entry.id`). */
export type MetaAccount = { businessAccountId: string; phoneNumberId: string; displayPhoneNumber: string };

type InboundCommon = {
  /** The user: `+E.164` or bare digits (their wa_id). */
  from: string;
  /** wamid; a fresh one when absent (set it to send the same message twice). */
  id?: string;
  /** Unix seconds; now when absent. */
  timestamp?: number;
  /** The user's profile name (`contacts[].profile.name`). */
  profileName?: string;
  /** A reply to (or a button press on) one of the business's messages. */
  context?: { id: string; from?: string };
};
export type MetaInbound = InboundCommon &
  (
    | { type: 'text'; text: string }
    | {
        type: 'image' | 'video' | 'audio' | 'document' | 'sticker';
        mediaId: string;
        mimeType: string;
        caption?: string;
        filename?: string;
        sha256?: string;
      }
    | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
    | { type: 'contacts'; contacts: Record<string, unknown>[] }
    | {
        type: 'interactive';
        reply: { kind: 'button_reply' | 'list_reply'; id: string; title: string; description?: string };
      }
    | { type: 'button'; text: string; payload: string }
    | { type: 'reaction'; messageId: string; emoji?: string }
    | { type: 'order'; order: Record<string, unknown> }
    | { type: 'system'; body: string; newWaId?: string }
    | { type: 'unsupported' }
  );

export type MetaStatusValue = 'sent' | 'delivered' | 'read' | 'failed';
export type MetaStatus = {
  /** The wamid the send returned. */
  id: string;
  status: MetaStatusValue;
  /** The user's wa_id or number. */
  recipient: string;
  timestamp?: number;
  /** failed: the error codes (131047 re-engagement, 131026 undeliverable, …). */
  errors?: { code: number; title?: string; details?: string }[];
  /** Echo of the send's `biz_opaque_callback_data`. */
  bizOpaqueCallbackData?: string;
};

export type MetaTemplateEvent =
  | 'APPROVED'
  | 'REJECTED'
  | 'PENDING'
  | 'PAUSED'
  | 'DISABLED'
  | 'FLAGGED'
  | 'REINSTATED'
  | 'PENDING_DELETION'
  | 'DELETED';
export type MetaTemplateStatus = {
  templateId: string;
  name: string;
  language: string;
  event: MetaTemplateEvent;
  reason?: string;
  category?: string;
};

export const digitsOf = (value: string) => value.replace(/\D/g, '');
export const newWamid = () => `wamid.${randomBytes(24).toString('base64')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Meta's titles for the error codes the fake produces; the title is also the start of `message`. */
export const META_ERROR_TITLES: Record<number, string> = {
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token',
  130429: 'Rate limit hit',
  131000: 'Something went wrong',
  131009: 'Parameter value is not valid',
  131026: 'Message undeliverable',
  131047: 'Re-engagement message',
  131053: 'Media upload error',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
};

/** The Graph API error body: `{error: {message, type, code, error_data, error_subcode?, fbtrace_id}}`. */
export function metaErrorBody(code: number, details?: string, subcode?: number) {
  const title = META_ERROR_TITLES[code] ?? 'Error';
  return {
    error: {
      message: `(#${code}) ${title}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: details ?? title },
      ...(subcode !== undefined ? { error_subcode: subcode } : {}),
      fbtrace_id: randomBytes(8).toString('base64url'),
    },
  };
}

function messageObject(message: MetaInbound) {
  const base: Record<string, unknown> = {
    from: digitsOf(message.from),
    id: message.id ?? newWamid(),
    timestamp: String(message.timestamp ?? nowSeconds()),
    type: message.type,
    ...(message.context ? { context: { from: message.context.from, id: message.context.id } } : {}),
  };
  switch (message.type) {
    case 'text':
      return { ...base, text: { body: message.text } };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return {
        ...base,
        [message.type]: {
          id: message.mediaId,
          mime_type: message.mimeType,
          sha256: message.sha256 ?? randomBytes(32).toString('base64'),
          ...(message.caption !== undefined ? { caption: message.caption } : {}),
          ...(message.filename !== undefined ? { filename: message.filename } : {}),
        },
      };
    case 'location':
      return {
        ...base,
        location: {
          latitude: message.latitude,
          longitude: message.longitude,
          ...(message.name ? { name: message.name } : {}),
          ...(message.address ? { address: message.address } : {}),
        },
      };
    case 'contacts':
      return { ...base, contacts: message.contacts };
    case 'interactive': {
      const { kind, ...reply } = message.reply;
      return { ...base, interactive: { type: kind, [kind]: reply } };
    }
    case 'button':
      return { ...base, button: { text: message.text, payload: message.payload } };
    case 'reaction':
      return { ...base, reaction: { message_id: message.messageId, emoji: message.emoji } };
    case 'order':
      return { ...base, order: message.order };
    case 'system':
      return {
        ...base,
        system: { body: message.body, type: 'user_changed_number', wa_id: message.newWaId },
      };
    case 'unsupported':
      return {
        ...base,
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
      };
  }
}

function statusObject(status: MetaStatus) {
  const billable = status.status === 'sent' || status.status === 'delivered';
  return {
    id: status.id,
    status: status.status,
    timestamp: String(status.timestamp ?? nowSeconds()),
    recipient_id: digitsOf(status.recipient),
    ...(billable
      ? { pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' } }
      : {}),
    ...(status.errors
      ? {
          errors: status.errors.map((e) => ({
            code: e.code,
            title: e.title ?? META_ERROR_TITLES[e.code] ?? 'Error',
            message: e.title ?? META_ERROR_TITLES[e.code] ?? 'Error',
            error_data: { details: e.details ?? META_ERROR_TITLES[e.code] ?? 'Error' },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          })),
        }
      : {}),
    ...(status.bizOpaqueCallbackData ? { biz_opaque_callback_data: status.bizOpaqueCallbackData } : {}),
  };
}

const envelope = (entries: { id: string; changes: { field: string; value: unknown }[] }[]) => ({
  object: 'whatsapp_business_account',
  entry: entries.map((e) => ({ id: e.id, time: nowSeconds(), changes: e.changes })),
});

const metadataOf = (account: MetaAccount) => ({
  display_phone_number: account.displayPhoneNumber,
  phone_number_id: account.phoneNumberId,
});

/** A `messages` webhook carrying inbound messages (with the senders' `contacts`). */
export function inboundPayload(account: MetaAccount, messages: MetaInbound[]) {
  const names = new Map<string, string | undefined>();
  for (const m of messages) names.set(digitsOf(m.from), m.profileName ?? names.get(digitsOf(m.from)));
  const contacts = [...names].map(([waId, name]) => ({
    profile: { name: name ?? 'WhatsApp User' },
    wa_id: waId,
  }));
  return envelope([
    {
      id: account.businessAccountId,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: metadataOf(account),
            contacts,
            messages: messages.map(messageObject),
          },
        },
      ],
    },
  ]);
}

/** A `messages` webhook carrying status updates of the business's own messages. */
export function statusPayload(account: MetaAccount, statuses: MetaStatus[]) {
  return envelope([
    {
      id: account.businessAccountId,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: metadataOf(account),
            statuses: statuses.map(statusObject),
          },
        },
      ],
    },
  ]);
}

/** A `message_template_status_update` webhook (approved, rejected, paused, disabled…). */
export function templateStatusPayload(account: MetaAccount, update: MetaTemplateStatus) {
  return envelope([
    {
      id: account.businessAccountId,
      changes: [
        {
          field: 'message_template_status_update',
          value: {
            event: update.event,
            message_template_id: Number(update.templateId),
            message_template_name: update.name,
            message_template_language: update.language,
            reason: update.reason ?? 'NONE',
            ...(update.category ? { message_template_category: update.category } : {}),
          },
        },
      ],
    },
  ]);
}

/** `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body under the app secret. */
export const hubSignature = (appSecret: string, body: string) =>
  `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
