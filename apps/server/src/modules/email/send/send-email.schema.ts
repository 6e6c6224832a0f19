import { z } from '@hono/zod-openapi';
import { CustomHeadersSchema, TrackingSchema } from './email-draft';

const address = z.email().max(254);
/** The database cannot store NUL in text. */
const noNul = /^[^\0]*$/;

export const AttachmentInputSchema = z
  .object({
    filename: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\\\r\n\0]+$/, 'a file name, without slashes or line breaks'),
    contentType: z
      .string()
      .max(255)
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type such as application/pdf')
      .default('application/octet-stream'),
    content: z.base64().openapi({ description: 'The bytes, base64' }),
    contentId: z
      .string()
      .max(255)
      .regex(/^[^\s<>]+$/)
      .optional()
      .openapi({ description: 'Inline part, referenced from the html as cid:<contentId>' }),
  })
  .openapi('EmailAttachmentInput');

/** POST /v1/email/send. */
export const SendEmailSchema = z
  .object({
    from: address.optional().openapi({
      description: 'An address at one of your verified domains (or an email sender); default: your first',
    }),
    fromName: z
      .string()
      .max(200)
      .regex(/^[^\r\n]*$/)
      .optional(),
    to: address,
    cc: z.array(address).max(50).optional(),
    bcc: z.array(address).max(50).optional(),
    replyTo: address.optional(),
    subject: z
      .string()
      .max(998)
      .regex(noNul, 'must not contain NUL')
      .optional()
      .openapi({ description: "Required unless the template's is used" }),
    text: z.string().max(1_000_000).regex(noNul, 'must not contain NUL').optional(),
    html: z.string().max(5_000_000).regex(noNul, 'must not contain NUL').optional(),
    templateId: z.string().max(64).optional(),
    template: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'A template by name (instead of templateId)' }),
    variables: z.record(z.string(), z.string().max(100_000)).default({}),
    attachments: z.array(AttachmentInputSchema).max(20).optional(),
    headers: CustomHeadersSchema.optional(),
    tags: z.array(z.string().min(1).max(100)).max(10).optional(),
    tracking: TrackingSchema.optional(),
    unsubscribe: z.boolean().default(true).openapi({
      description: 'Add List-Unsubscribe with one-click (RFC 8058) and an unsubscribe_url variable',
    }),
    inReplyTo: z
      .string()
      .max(998)
      .regex(/^[^\r\n]*$/)
      .optional(),
    references: z
      .array(
        z
          .string()
          .max(998)
          .regex(/^[^\r\n]*$/),
      )
      .max(100)
      .optional(),
    sendAt: z.iso.datetime({ offset: true }).optional(),
    statusCallback: z.url().optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((input, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    const template = input.templateId ?? input.template;
    if (input.templateId && input.template) issue('template', 'give templateId or template, not both');
    if (!template && !input.text && !input.html) issue('text', 'an email needs text, html or a template');
    if (!template && !input.subject) issue('subject', 'an email needs a subject');
    if (template && (input.text || input.html))
      issue('template', 'a template send takes variables, not text or html');
    if (input.sendAt && Date.parse(input.sendAt) > Date.now() + 35 * 86_400_000)
      issue('sendAt', 'can be at most 35 days ahead');
  })
  .openapi('SendEmail');
export type SendEmailInput = z.infer<typeof SendEmailSchema>;
