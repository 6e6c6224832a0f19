import { and, eq } from 'drizzle-orm';
import { type EmailContent, EmailContentSchema } from '../../../channels/email/email-content';
import type { Config } from '../../../config';
import type { Tx } from '../../../platform/db/database';
import { createTenantScope } from '../../../platform/db/tenant-scope';
import { AppError } from '../../../platform/errors/app-error';
import { validationError } from '../../../platform/errors/problem';
import type { SendMessageInput } from '../../messages/send-message.schema';
import type { Sender } from '../../numbers/find-sender';
import { emailDomains } from '../email.schema';
import { assertNotSuppressed } from '../suppression/suppressions';
import { findTemplateFor } from '../templates/find-template';
import { htmlToText, renderTemplate } from '../templates/render-template';
import { deriveLinkKey, signLinkToken } from '../tracking/link-token';
import { addOpenPixel, rewriteLinks } from '../tracking/rewrite-links';
import { type EmailDraft, EmailDraftSchema } from './email-draft';

/**
 * What the send step needs from the app context to sign tracking and unsubscribe links. Every app
 * caller passes its AppContext, which has both; a caller without them sends with neither.
 */
export type EmailLinkDeps = { config?: Pick<Config, 'http' | 'email'>; accessTokenKey?: Uint8Array };

type Input = {
  id: string;
  tenantId: string;
  input: SendMessageInput;
  sender: Sender;
  /** The From address (the sender's, or an address at the sender's domain). */
  address: string;
  /** The caller's draft (EmailDraft); /v1/messages passes none and its html/email fields are used. */
  content?: Record<string, unknown>;
};

const fieldError = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, { details: { errors: [{ path, message }] } });

/**
 * Turns an outbound email into what the adapters send, on the accepting transaction: refuses
 * suppressed recipients and unverified domains, renders a template, derives the text part from the
 * HTML, generates our Message-ID (`<msg_…@domain>`, so replies thread back to this very row), and
 * adds signed click/open tracking and a one-click List-Unsubscribe URL.
 */
export async function prepareOutboundEmail(deps: EmailLinkDeps, tx: Tx, args: Input) {
  const { id, tenantId, input, sender, address } = args;
  const parsed = EmailDraftSchema.safeParse(args.content ?? { ...input.email, html: input.html });
  if (!parsed.success) throw validationError(parsed.error, 'email content');
  const draft: EmailDraft = parsed.data;

  await assertNotSuppressed(tx, tenantId, [input.to, ...(draft.cc ?? []), ...(draft.bcc ?? [])]);
  const domain = (address.split('@')[1] ?? '').toLowerCase();
  if (!sender.sandbox) await assertDomainVerified(tx, tenantId, domain);

  const links = linkContext(deps, tenantId, id);
  const unsubscribeUrl =
    links && draft.unsubscribe
      ? `${links.baseUrl}/t/u/${signLinkToken(links.key, 'u', { t: tenantId, m: id, a: input.to })}`
      : undefined;

  let subject = input.subject ?? null;
  let html = draft.html;
  let body = input.body ?? null;
  if (input.template) {
    const template = await findTemplateFor(createTenantScope(tx, tenantId), { name: input.template.name });
    const rendered = await renderTemplate(template, template.variables, {
      ...(unsubscribeUrl ? { unsubscribe_url: unsubscribeUrl } : {}),
      ...input.template.variables,
    });
    subject = input.subject ?? rendered.subject;
    html = rendered.html ?? undefined;
    body = rendered.text;
  }
  if (!subject) throw fieldError('subject', 'an email needs a subject (or a template that has one)');
  if (body === null && html !== undefined) body = htmlToText(html);

  const tracking = {
    opens: draft.tracking?.opens ?? deps.config?.email.tracking.opens ?? false,
    clicks: draft.tracking?.clicks ?? deps.config?.email.tracking.clicks ?? false,
  };
  if (html !== undefined && links) {
    if (tracking.clicks) html = rewriteLinks(html, links).html;
    if (tracking.opens) html = addOpenPixel(html, links);
  }

  const content: EmailContent = EmailContentSchema.parse({
    html,
    fromName: draft.fromName,
    cc: draft.cc,
    bcc: draft.bcc,
    replyTo: draft.replyTo,
    headers: draft.headers,
    attachments: draft.attachments,
    messageIdHeader: `<${id}@${domain}>`,
    inReplyTo: draft.inReplyTo,
    references: draft.references,
    listUnsubscribe: unsubscribeUrl ? { url: unsubscribeUrl, oneClick: true } : undefined,
    tags: draft.tags,
    // We track ourselves (signed links and pixel): the provider's own tracking stays off.
    tracking: { opens: false, clicks: false },
  });
  // jsonb drops undefined keys anyway; dropping them here keeps the stored shape what the API returns.
  return { content: JSON.parse(JSON.stringify(content)) as Record<string, unknown>, subject, body };
}

function linkContext(deps: EmailLinkDeps, tenantId: string, messageId: string) {
  if (!deps.config || !deps.accessTokenKey) return undefined;
  return {
    key: deriveLinkKey(deps.accessTokenKey),
    baseUrl: deps.config.http.publicUrl.replace(/\/$/, ''),
    tenantId,
    messageId,
  };
}

/** A domain registered through /v1/email/domains sends only once its DNS checks pass. */
async function assertDomainVerified(tx: Tx, tenantId: string, domain: string) {
  const [row] = await tx
    .select({ status: emailDomains.status })
    .from(emailDomains)
    .where(and(eq(emailDomains.tenantId, tenantId), eq(emailDomains.domain, domain)));
  if (row && row.status !== 'verified')
    throw new AppError(
      'email_domain_unverified',
      `${domain} is not verified yet: publish its DNS records and POST /v1/email/domains/{id}/verify`,
    );
}
