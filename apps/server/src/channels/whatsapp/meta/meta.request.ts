import type { OutboundMessage } from '../../channel';
import type {
  MediaRef,
  TemplateButton,
  TemplateContent,
  TemplateParam,
  WhatsAppContent,
} from './whatsapp-content';

/** Turns a media reference into what Graph takes: `{id}` (uploaded) or `{link}`. */
export type MediaResolver = (ref: MediaRef) => Promise<{ id: string } | { link: string }>;

function param(p: TemplateParam) {
  const name = p.name ? { parameter_name: p.name } : {};
  switch (p.type) {
    case 'text':
      return { type: 'text', ...name, text: p.text };
    case 'currency':
      return {
        type: 'currency',
        ...name,
        currency: {
          fallback_value: p.currency.fallbackValue,
          code: p.currency.code,
          amount_1000: p.currency.amount1000,
        },
      };
    case 'date_time':
      return { type: 'date_time', ...name, date_time: { fallback_value: p.dateTime.fallbackValue } };
  }
}

function buttonParam(button: TemplateButton) {
  if (button.subType === 'url') return { type: 'text', text: button.text ?? '' };
  if (button.subType === 'copy_code') return { type: 'coupon_code', coupon_code: button.couponCode ?? '' };
  return { type: 'payload', payload: button.payload ?? '' };
}

async function templateComponents(template: TemplateContent, resolve: MediaResolver) {
  const components: Record<string, unknown>[] = [];
  const header = template.header;
  if (header?.type === 'text' && header.params.length > 0)
    components.push({ type: 'header', parameters: header.params.map(param) });
  else if (header?.type === 'location')
    components.push({ type: 'header', parameters: [{ type: 'location', location: header.location }] });
  else if (header && header.type !== 'text')
    components.push({
      type: 'header',
      parameters: [
        {
          type: header.type,
          [header.type]: {
            ...(await resolve(header.media)),
            ...(header.type === 'document' && header.media.filename
              ? { filename: header.media.filename }
              : {}),
          },
        },
      ],
    });
  if (template.body.length > 0) components.push({ type: 'body', parameters: template.body.map(param) });
  for (const button of template.buttons) {
    // A quick-reply button without a payload needs no component: Meta echoes its text.
    if (button.subType === 'quick_reply' && button.payload === undefined) continue;
    components.push({
      type: 'button',
      sub_type: button.subType,
      index: String(button.index),
      parameters: [buttonParam(button)],
    });
  }
  return components;
}

/**
 * The body of `POST /{phone-number-id}/messages` for one of our messages. Our message id rides along
 * as `biz_opaque_callback_data`, which Meta echoes in the status webhooks of the message.
 */
export async function graphMessageBody(
  message: OutboundMessage,
  content: WhatsAppContent,
  resolve: MediaResolver,
): Promise<Record<string, unknown>> {
  const common = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to,
    biz_opaque_callback_data: message.messageId,
    ...(content.type !== 'reaction' && content.replyTo ? { context: { message_id: content.replyTo } } : {}),
  };
  const body = message.body ?? '';
  switch (content.type) {
    case 'text':
      return {
        ...common,
        type: 'text',
        text: { body, ...(content.previewUrl !== undefined ? { preview_url: content.previewUrl } : {}) },
      };
    case 'template':
      return {
        ...common,
        type: 'template',
        template: {
          name: content.template.name,
          language: { policy: 'deterministic', code: content.template.language },
          components: await templateComponents(content.template, resolve),
        },
      };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const captioned = content.type !== 'audio' && content.type !== 'sticker' && body !== '';
      return {
        ...common,
        type: content.type,
        [content.type]: {
          ...(await resolve(content.media)),
          ...(captioned ? { caption: body } : {}),
          ...(content.type === 'document' && content.media.filename
            ? { filename: content.media.filename }
            : {}),
        },
      };
    }
    case 'buttons': {
      const header = content.header;
      return {
        ...common,
        type: 'interactive',
        interactive: {
          type: 'button',
          ...(header?.type === 'text' ? { header: { type: 'text', text: header.text } } : {}),
          ...(header && header.type !== 'text'
            ? { header: { type: header.type, [header.type]: await resolve(header.media) } }
            : {}),
          body: { text: body },
          ...(content.footer ? { footer: { text: content.footer } } : {}),
          action: {
            buttons: content.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })),
          },
        },
      };
    }
    case 'location':
      return { ...common, type: 'location', location: content.location };
    case 'reaction':
      return {
        ...common,
        type: 'reaction',
        reaction: { message_id: content.reaction.messageId, emoji: content.reaction.emoji },
      };
  }
}
