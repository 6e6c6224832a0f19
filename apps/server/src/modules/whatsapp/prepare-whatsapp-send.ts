import { and, eq } from 'drizzle-orm';
import {
  contentOfPlainMessage,
  isFreeForm,
  type TemplateContent,
  type TemplateParam,
  type WhatsAppContent,
  WhatsAppContentSchema,
} from '../../channels/whatsapp/meta/whatsapp-content';
import type { Tx } from '../../platform/db/database';
import { AppError, type FieldError } from '../../platform/errors/app-error';
import { validationError } from '../../platform/errors/problem';
import type { SendMessageInput } from '../messages/send-message.schema';
import type { Sender } from '../numbers/find-sender';
import { assertWindowOpen } from './customer-window';
import { checkTemplateParams, paramValue, renderTemplate } from './template-params';
import { whatsappTemplates } from './whatsapp.schema';

const invalid = (errors: FieldError[]) =>
  new AppError(
    'validation_failed',
    `The WhatsApp message is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    {
      details: { errors },
    },
  );

/** `/v1/messages` templates carry `variables`: numeric keys are positional ({{1}}), others named. */
function bodyParams(variables: Record<string, string>): TemplateParam[] {
  const entries = Object.entries(variables);
  if (entries.every(([key]) => /^\d+$/.test(key)))
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, text]) => ({ type: 'text', text }));
  return entries.map(([name, text]) => ({ type: 'text', text, name }));
}

async function templatesNamed(tx: Tx, tenantId: string, provider: string, name: string) {
  return tx
    .select()
    .from(whatsappTemplates)
    .where(
      and(
        eq(whatsappTemplates.tenantId, tenantId),
        eq(whatsappTemplates.provider, provider),
        eq(whatsappTemplates.name, name),
      ),
    );
}

/** The WhatsApp content of a send that came without one (`POST /v1/messages`): text, one media link, or a template. */
async function contentOf(
  tx: Tx,
  tenantId: string,
  sender: Sender,
  input: SendMessageInput,
): Promise<WhatsAppContent> {
  if (input.media.length > 1)
    throw invalid([
      { path: 'media', message: 'a WhatsApp message carries one media item: send several messages' },
    ]);
  if (!input.template) return contentOfPlainMessage(input);
  let language = input.template.language;
  if (!language) {
    const languages = (await templatesNamed(tx, tenantId, sender.provider, input.template.name)).map(
      (t) => t.language,
    );
    if (languages.length > 1)
      throw invalid([
        { path: 'template.language', message: `required: the template exists in ${languages.join(', ')}` },
      ]);
    language = languages[0] ?? 'en_US';
  }
  return {
    type: 'template',
    template: {
      name: input.template.name,
      language,
      body: bodyParams(input.template.variables),
      buttons: [],
    },
  };
}

/** The synced template a send names, checked: it exists, is approved, and the parameters fit. */
async function checkTemplate(tx: Tx, tenantId: string, sender: Sender, template: TemplateContent) {
  const rows = await templatesNamed(tx, tenantId, sender.provider, template.name);
  const row = rows.find((t) => t.language === template.language);
  if (!row)
    throw invalid([
      {
        path: 'template.name',
        message: `no template "${template.name}" in ${template.language} on this number's WhatsApp Business Account (sync: POST /v1/whatsapp/templates/sync)`,
      },
    ]);
  if (row.status !== 'APPROVED')
    throw invalid([
      { path: 'template.name', message: `is ${row.status}: only APPROVED templates can be sent` },
    ]);
  const errors = checkTemplateParams(row, template);
  if (errors.length > 0) throw invalid(errors);
  return renderTemplate(row, template);
}

/**
 * Every WhatsApp send passes here before it is stored (`createOutboundMessage`), whichever endpoint
 * it came from: its content is settled (from the channel endpoint, or derived from body, media or
 * template), a template is checked against the synced template of the number's business account,
 * and a free-form message needs the contact's 24-hour window open (422 `whatsapp_window_closed`).
 * The sandbox has no business account: its templates are taken as given, but the window applies
 * (the device simulator's messages open it).
 */
export async function prepareWhatsAppSend(
  tx: Tx,
  input: {
    tenantId: string;
    sender: Sender;
    from: string;
    message: SendMessageInput;
    content?: Record<string, unknown>;
  },
): Promise<{ content: WhatsAppContent; body?: string }> {
  let content: WhatsAppContent;
  if (input.content && Object.keys(input.content).length > 0) {
    const parsed = WhatsAppContentSchema.safeParse(input.content);
    if (!parsed.success) throw validationError(parsed.error, 'WhatsApp content');
    content = parsed.data;
  } else content = await contentOf(tx, input.tenantId, input.sender, input.message);

  let body: string | undefined;
  if (content.type === 'template' && !input.sender.sandbox)
    body = await checkTemplate(tx, input.tenantId, input.sender, content.template);
  // The device simulator shows the template by name with its parameters (there is no text to fill in).
  else if (content.type === 'template')
    body =
      input.message.body ??
      `[${content.template.name}] ${content.template.body.map(paramValue).join(' · ')}`.trim();
  if (isFreeForm(content)) await assertWindowOpen(tx, input.tenantId, input.from, input.message.to);
  return { content, body };
}
