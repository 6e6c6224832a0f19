import { z } from '@hono/zod-openapi';
import { MESSAGE_CHANNELS } from '../../channels/channel';
import { MessageEmailFieldsSchema } from '../email/send/email-draft';
import { checkPhoneNumber } from '../numbers/phone-number';

const PHONE_CHANNELS = new Set(['sms', 'mms', 'whatsapp']);

/** POST /v1/messages: one shape for every channel, checked per channel (each 422 names its field). */
export const SendMessageSchema = z
  .object({
    channel: z.enum(MESSAGE_CHANNELS),
    from: z.string().trim().min(1).max(254).optional(),
    senderPool: z.array(z.string().min(1).max(254)).min(1).max(100).optional(),
    to: z.string().trim().min(1).max(254),
    body: z.string().max(10_000).optional(),
    subject: z.string().max(998).optional().openapi({ description: 'email only' }),
    html: z.string().max(5_000_000).optional().openapi({ description: 'email only: the HTML part' }),
    email: MessageEmailFieldsSchema.optional().openapi({
      description: 'email only: cc, bcc, reply-to, headers, tags, tracking',
    }),
    media: z.array(z.url()).max(10).default([]),
    template: z
      .object({
        name: z.string().min(1).max(200),
        language: z.string().max(20).optional(),
        variables: z.record(z.string(), z.string()).default({}),
      })
      .optional(),
    sendAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Schedule the send (up to 35 days ahead)' }),
    validityPeriod: z
      .number()
      .int()
      .min(1)
      .max(14_400 * 6)
      .optional()
      .openapi({ description: 'Seconds after which an unsent message fails instead' }),
    statusCallback: z.url().optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((input, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (PHONE_CHANNELS.has(input.channel)) {
      const to = checkPhoneNumber(input.to);
      if (!to.ok) issue('to', to.message);
    }
    if (input.channel === 'email' && !z.email().safeParse(input.to).success)
      issue('to', 'must be an email address');
    if (input.channel !== 'email' && (input.html || input.email))
      issue('html', 'html and email are for channel email');
    if (input.from && input.senderPool) issue('senderPool', 'give either from or senderPool, not both');
    if (!input.body && !input.html && input.media.length === 0 && !input.template)
      issue('body', 'a message needs a body, media or a template');
    if (
      input.media.length > 0 &&
      !['mms', 'whatsapp', 'email', 'slack', 'discord', 'telegram', 'teams'].includes(input.channel)
    )
      issue('media', `${input.channel} carries no media: send it as mms`);
    if (input.channel === 'sms' && input.body && input.body.length > 1600)
      issue('body', 'an SMS body is at most 1600 characters');
    if (input.sendAt) {
      const at = Date.parse(input.sendAt);
      if (at > Date.now() + 35 * 86_400_000) issue('sendAt', 'can be at most 35 days ahead');
    }
  })
  .openapi('SendMessage');
export type SendMessageInput = z.infer<typeof SendMessageSchema>;
