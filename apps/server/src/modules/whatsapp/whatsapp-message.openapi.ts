import { z } from '@hono/zod-openapi';
import { MessageSchema } from '../messages/message.openapi';
import { type MessageRow, messageResource } from '../messages/message-view';

/** A message with its WhatsApp content (template, media, buttons, reaction, profile name…). */
export const WhatsAppMessageSchema = MessageSchema.extend({
  content: z.record(z.string(), z.unknown()).openapi({
    description: 'WhatsApp content: `type` (text, template, image, …) and what that type carries',
  }),
}).openapi('WhatsAppMessage');

export const whatsappMessageResource = (row: MessageRow) => ({
  ...messageResource(row),
  content: row.content,
});
