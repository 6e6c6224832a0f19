import type { ObjectStore } from '../../../platform/storage/object-store';
import type { InboundMessage, RawWebhook } from '../../channel';
import { storeInboundAttachment } from '../shared/email-attachments';
import {
  inboundEmailMessage,
  parseRawMimeEmail,
  splitAddress,
  splitAddressList,
} from '../shared/inbound-email';
import { invalidSignature, sha256Hex } from '../shared/webhook-auth';
import { readWebhookForm } from '../shared/webhook-form';
import type { createMailgunVerifier } from './mailgun.signature';

type Verify = ReturnType<typeof createMailgunVerifier>;

/**
 * A route's `forward()` post: form fields of the parsed email (`message-headers` keeps every header
 * in order, files `attachment-N`), or `body-mime` when the route URL ends in `mime`. Signed with
 * the same timestamp/token/signature fields as event webhooks.
 */
export async function parseMailgunInbound(
  instanceId: string,
  verify: Verify,
  storage: ObjectStore,
  request: RawWebhook,
): Promise<InboundMessage[]> {
  const { text, file } = await readWebhookForm(request);
  const timestamp = text('timestamp');
  const token = text('token');
  const signature = text('signature');
  if (!timestamp || !token || !signature) throw invalidSignature('mailgun', 'signature fields missing');
  const fingerprint = sha256Hex(request.bytes ?? request.body);
  verify({ timestamp, token, signature }, fingerprint);

  const recipient = text('recipient') ?? '';
  const mime = text('body-mime');
  if (mime !== undefined)
    return [await parseRawMimeEmail(mime, { instanceId, storage, recipient: recipient.split(',')[0] })];

  const headers = headerMap(text('message-headers'));
  const messageIdHeader = headers.get('message-id');
  const emailKey = messageIdHeader ?? fingerprint;
  const cidByField = invert(JSON.parse(text('content-id-map') ?? '{}') as Record<string, string>);
  const attachments = [];
  const count = Number(text('attachment-count') ?? 0) || 0;
  for (let index = 1; index <= count; index++) {
    const part = await file(`attachment-${index}`);
    if (!part) continue;
    attachments.push(
      await storeInboundAttachment(storage, {
        instanceId,
        emailKey,
        index,
        filename: part.filename,
        contentType: part.contentType,
        bytes: part.bytes,
        contentId: cidByField.get(`attachment-${index}`),
      }),
    );
  }
  const from = splitAddress(text('from') ?? text('sender') ?? '');
  const references = headers.get('references')?.split(/\s+/).filter(Boolean);
  return [
    inboundEmailMessage({
      instanceId,
      from: from.address,
      fromName: from.name,
      recipient: recipient.split(',')[0]!.trim(),
      to: splitAddressList(headers.get('to') ?? recipient),
      cc: splitAddressList(headers.get('cc')),
      subject: text('subject') ?? headers.get('subject') ?? null,
      text: text('body-plain') ?? null,
      html: text('body-html') || undefined,
      replyTo: headers.has('reply-to') ? splitAddress(headers.get('reply-to')!).address : undefined,
      messageIdHeader,
      inReplyTo: headers.get('in-reply-to'),
      references,
      attachments,
      receivedAt: new Date(Number(timestamp) * 1000),
      fallbackKey: fingerprint,
    }),
  ];
}

/** `[["Name","value"],…]` → first value per lowercased name. */
function headerMap(json: string | undefined) {
  const map = new Map<string, string>();
  for (const [name, value] of (JSON.parse(json ?? '[]') as [string, string][]) ?? [])
    if (!map.has(name.toLowerCase())) map.set(name.toLowerCase(), value);
  return map;
}

const invert = (map: Record<string, string>) =>
  new Map(Object.entries(map).map(([cid, field]) => [field, cid] as const));
