import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { kindOf, type MessageChannel, ProviderError } from '../../channels/channel';
import { isKeptMediaType, MAX_MEDIA_BYTES, normalizeContentType } from '../../channels/provider-media';
import { newId } from '../../platform/db/ids';
import { defineJob } from '../../platform/jobs/job';
import { messageMedia } from './message-media.schema';
import { messages } from './messages.schema';
import { STORE_INBOUND_MEDIA, storedMediaUrl } from './store-inbound-media';
import { lockMessage } from './transition-message';

type Deps = Pick<AppContext, 'db' | 'messaging' | 'storage' | 'config'>;

/** How long one download may take before it counts as a retryable failure. */
const FETCH_TIMEOUT_MS = 60_000;

/**
 * Fetches each media item of an inbound message with the provider's credentials, keeps it in the
 * object store, then points the message's media list at our copies (refused items drop out of the
 * list and stay listed, with the reason, under /v1/messages/{id}/media). Idempotent: items already
 * handled are skipped, and the list is rewritten once, at the end. A retryable failure (the
 * provider down, a timeout) fails the job, which pg-boss retries; the items done so far stay done.
 */
export function storeInboundMediaJob(deps: Deps) {
  return defineJob({
    ...STORE_INBOUND_MEDIA,
    retryLimit: 8,
    retryDelaySeconds: 5,
    expireInSeconds: 15 * 60,
    concurrency: 4,
    async handler({ messageId }, { logger }) {
      const [row] = await deps.db.select().from(messages).where(eq(messages.id, messageId));
      if (row?.direction !== 'inbound' || !row.provider) return;
      const ours = storedMediaUrl(deps.config.http.publicUrl, row.id, '');
      // Rewritten already: a rerun after the job finished.
      if (row.media.every((url) => url.startsWith(ours))) return;
      const provider = deps.messaging.router.provider(kindOf(row.channel as MessageChannel), row.provider);
      if (!provider?.fetchMedia) return;

      const done = await deps.db.select().from(messageMedia).where(eq(messageMedia.messageId, row.id));
      for (const [position, sourceUrl] of row.media.entries()) {
        if (done.some((d) => d.position === position)) continue;
        const base = { id: newId('med'), tenantId: row.tenantId, messageId: row.id, position, sourceUrl };
        try {
          const media = await provider.fetchMedia(sourceUrl, {
            signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
          });
          const contentType = normalizeContentType(media.contentType);
          const refusal =
            media.body.byteLength > MAX_MEDIA_BYTES
              ? `larger than ${MAX_MEDIA_BYTES} bytes`
              : !isKeptMediaType(contentType)
                ? `media type ${contentType} is not kept`
                : undefined;
          if (refusal) {
            await insertOnce({
              ...base,
              status: 'refused',
              contentType,
              sizeBytes: media.body.byteLength,
              error: refusal,
            });
            continue;
          }
          const storageKey = `media/${row.tenantId}/${row.id}/${position}`;
          await deps.storage.put(storageKey, media.body, { contentType });
          await insertOnce({
            ...base,
            status: 'stored',
            storageKey,
            contentType,
            sizeBytes: media.body.byteLength,
          });
        } catch (error) {
          if (error instanceof ProviderError && !error.retryable) {
            logger.warn({ err: error, messageId, position }, 'inbound media refused');
            await insertOnce({ ...base, status: 'refused', error: error.message.slice(0, 500) });
            continue;
          }
          throw error;
        }
      }

      await deps.db.transaction(async (tx) => {
        const locked = await lockMessage(tx, row.id);
        if (!locked) return;
        const items = await tx
          .select()
          .from(messageMedia)
          .where(eq(messageMedia.messageId, row.id))
          .orderBy(asc(messageMedia.position));
        const media = items
          .filter((item) => item.status === 'stored')
          .map((item) => storedMediaUrl(deps.config.http.publicUrl, row.id, item.id));
        await tx.update(messages).set({ media, updatedAt: new Date() }).where(eq(messages.id, row.id));
      });
    },
  });

  async function insertOnce(values: typeof messageMedia.$inferInsert) {
    await deps.db.insert(messageMedia).values(values).onConflictDoNothing();
  }
}
