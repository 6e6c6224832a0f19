import { randomBytes } from 'node:crypto';
import type { EmailAttachment } from '../../../channels/email/email-content';
import { AppError } from '../../../platform/errors/app-error';
import type { ObjectStore } from '../../../platform/storage/object-store';

type Input = { filename: string; contentType: string; content: string; contentId?: string };

/** Keeps a file name usable as the last part of an object key: no separators, bounded length. */
export const safeFilename = (name: string) =>
  name
    .replace(/[^\w.()+-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(-120) || 'attachment';

/**
 * Puts outbound attachments into the object store (adapters read them by key at send time). Checked
 * against the per-email limit before anything is written. Objects of a send that is then refused stay
 * behind unreferenced: harmless, and cheaper than a two-phase write.
 */
export async function storeAttachments(
  storage: ObjectStore,
  tenantId: string,
  attachments: Input[],
  maxBytes: number,
): Promise<EmailAttachment[]> {
  const decoded = attachments.map((a) => ({ ...a, bytes: Buffer.from(a.content, 'base64') }));
  const total = decoded.reduce((sum, a) => sum + a.bytes.length, 0);
  if (total > maxBytes)
    throw new AppError(
      'payload_too_large',
      `The attachments total ${total} bytes; an email may carry at most ${maxBytes}`,
    );
  const folder = `email/outbound/${tenantId}/${randomBytes(12).toString('hex')}`;
  const stored: EmailAttachment[] = [];
  for (const [index, attachment] of decoded.entries()) {
    const storageKey = `${folder}/${index}-${safeFilename(attachment.filename)}`;
    await storage.put(storageKey, attachment.bytes, { contentType: attachment.contentType });
    stored.push({
      filename: attachment.filename,
      contentType: attachment.contentType,
      storageKey,
      size: attachment.bytes.length,
      ...(attachment.contentId ? { contentId: attachment.contentId } : {}),
    });
  }
  return stored;
}
