import { z } from 'zod';
import { kindOf, type MessageChannel } from '../../channels/channel';
import type { Tx } from '../../platform/db/database';
import type { JobQueue, JobSpec } from '../../platform/jobs/job';
import type { MessageRow } from './message-view';
import type { Messaging } from './messaging';

/** Copies an inbound message's media into the object store; enqueued with the message, on its transaction. */
export const STORE_INBOUND_MEDIA: JobSpec<{ messageId: string }> = {
  name: 'messages.store-inbound-media',
  payload: z.object({ messageId: z.string() }),
};

/** Where the tenant downloads a stored item (authenticated like the rest of /v1). */
export const storedMediaUrl = (publicUrl: string, messageId: string, mediaId: string) =>
  `${publicUrl}/v1/messages/${messageId}/media/${mediaId}`;

/**
 * The inbound pipeline's hook: a message with media from a provider that can fetch it (with its own
 * credentials) gets a job that stores it. The webhook is acknowledged without waiting for the
 * download; a provider without `fetchMedia` (the sandbox) keeps its URLs as they are — we never fetch
 * an arbitrary URL without a provider vouching for it.
 */
export async function enqueueInboundMedia(
  deps: { jobs: JobQueue; messaging: Messaging },
  tx: Tx,
  row: MessageRow,
) {
  if (row.direction !== 'inbound' || row.media.length === 0 || !row.provider) return;
  const provider = deps.messaging.router.provider(kindOf(row.channel as MessageChannel), row.provider);
  if (!provider?.fetchMedia) return;
  await deps.jobs.enqueue(STORE_INBOUND_MEDIA, { messageId: row.id }, { tx });
}
