import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ObjectStore } from '../../../platform/storage/object-store';
import { ProviderError } from '../../channel';
import type { EmailAttachment } from '../email-content';

/** Reads an outbound attachment's bytes from the object store; a missing object fails the send for good. */
export async function readAttachment(storage: ObjectStore, attachment: EmailAttachment): Promise<Buffer> {
  const stream = await storage.get(attachment.storageKey);
  if (!stream)
    throw new ProviderError(`attachment ${attachment.filename} is missing from the object store`, {
      retryable: false,
      code: 'attachment_missing',
    });
  return readAll(stream);
}

export async function readAttachments(storage: ObjectStore, attachments: EmailAttachment[] | undefined) {
  return Promise.all(
    (attachments ?? []).map(async (attachment) => ({
      attachment,
      bytes: await readAttachment(storage, attachment),
    })),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Stores one inbound attachment under a key derived from the email's identity, so a redelivered
 * webhook rewrites the same object instead of leaving a copy behind.
 */
export async function storeInboundAttachment(
  storage: ObjectStore,
  options: {
    instanceId: string;
    emailKey: string;
    index: number;
    filename: string;
    contentType: string;
    bytes: Uint8Array;
    contentId?: string;
  },
): Promise<EmailAttachment> {
  const folder = createHash('sha256').update(`${options.instanceId}\n${options.emailKey}`).digest('hex');
  const safeName = options.filename.replace(/[^\w.-]+/g, '_').slice(-100) || 'attachment';
  const storageKey = `email/inbound/${folder.slice(0, 2)}/${folder}/${options.index}-${safeName}`;
  await storage.put(storageKey, options.bytes, { contentType: options.contentType });
  return {
    filename: options.filename,
    contentType: options.contentType,
    storageKey,
    size: options.bytes.byteLength,
    ...(options.contentId ? { contentId: options.contentId.replace(/^<|>$/g, '') } : {}),
  };
}
