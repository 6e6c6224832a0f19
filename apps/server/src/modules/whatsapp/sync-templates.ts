import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { isMetaWhatsApp, type MetaWhatsAppProvider } from '../../channels/whatsapp/meta/meta.adapter';
import type { TemplateStatusUpdate } from '../../channels/whatsapp/meta/meta.inbound';
import type { GraphTemplate } from '../../channels/whatsapp/meta/meta.schema';
import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { JobSpec } from '../../platform/jobs/job';
import { emitEvent } from '../events/emit-event';
import { numbers } from '../numbers/numbers.schema';
import { whatsappTemplates } from './whatsapp.schema';

type Deps = Pick<AppContext, 'db' | 'jobs' | 'messaging'>;

/** Syncs the templates of every (tenant, business account) pair — or those of one provider instance. */
export const SYNC_TEMPLATES: JobSpec<{ provider?: string }> = {
  name: 'whatsapp.sync-templates',
  payload: z.object({ provider: z.string().optional() }),
};
const SYNC_TIMEOUT_MS = 30_000;

export const metaProviders = (deps: Pick<AppContext, 'messaging'>) =>
  deps.messaging.router.providers().filter(isMetaWhatsApp);

/** The Meta instances behind a tenant's WhatsApp numbers (all tenants when none is named). */
export async function metaSenders(
  deps: Pick<AppContext, 'db' | 'messaging'>,
  filter: { tenantId?: string; provider?: string } = {},
) {
  const providers = metaProviders(deps).filter((p) => !filter.provider || p.id === filter.provider);
  if (providers.length === 0) return [];
  const rows = await deps.db
    .selectDistinct({ tenantId: numbers.tenantId, provider: numbers.provider })
    .from(numbers)
    .where(
      and(
        sql`'whatsapp' = any(${numbers.capabilities})`,
        inArray(
          numbers.provider,
          providers.map((p) => p.id),
        ),
        filter.tenantId ? eq(numbers.tenantId, filter.tenantId) : undefined,
      ),
    );
  return rows.map((row) => ({
    tenantId: row.tenantId,
    provider: providers.find((p) => p.id === row.provider)!,
  }));
}

const formatOf = (template: GraphTemplate) =>
  template.parameter_format?.toLowerCase() === 'named' ? 'named' : 'positional';

/**
 * Replaces a tenant's copy of one business account's templates with what the Graph API lists now:
 * new and changed ones upserted, ones gone from the account deleted (they can no longer be sent).
 */
export async function syncTemplates(db: Db, tenantId: string, provider: MetaWhatsAppProvider) {
  const listed = await provider.meta.listTemplates({ signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) });
  const now = new Date();
  return db.transaction(async (tx) => {
    for (const template of listed) {
      const values = {
        externalId: template.id,
        category: template.category.toUpperCase(),
        status: template.status.toUpperCase(),
        parameterFormat: formatOf(template),
        components: template.components,
        rejectedReason:
          template.rejected_reason && template.rejected_reason !== 'NONE' ? template.rejected_reason : null,
        syncedAt: now,
        updatedAt: now,
      };
      await tx
        .insert(whatsappTemplates)
        .values({
          id: newId('wat'),
          tenantId,
          provider: provider.id,
          name: template.name,
          language: template.language,
          ...values,
        })
        .onConflictDoUpdate({
          target: [
            whatsappTemplates.tenantId,
            whatsappTemplates.provider,
            whatsappTemplates.name,
            whatsappTemplates.language,
          ],
          set: values,
        });
    }
    const gone = await tx
      .delete(whatsappTemplates)
      .where(
        and(
          eq(whatsappTemplates.tenantId, tenantId),
          eq(whatsappTemplates.provider, provider.id),
          listed.length > 0
            ? notInArray(
                whatsappTemplates.externalId,
                listed.map((t) => t.id),
              )
            : undefined,
        ),
      )
      .returning({ id: whatsappTemplates.id });
    return { synced: listed.length, removed: gone.length };
  });
}

/**
 * Meta's `message_template_status_update`: the status of every tenant's copy of that template moves
 * (with a `whatsapp.template_status_changed` event); a template we have never synced is fetched
 * by a sync job instead.
 */
export async function applyTemplateStatus(deps: Deps, tx: Tx, update: TemplateStatusUpdate) {
  const rows = await tx
    .select()
    .from(whatsappTemplates)
    .where(
      and(
        eq(whatsappTemplates.provider, update.provider),
        eq(whatsappTemplates.externalId, update.templateId),
      ),
    );
  if (rows.length === 0) {
    await deps.jobs.enqueue(SYNC_TEMPLATES, { provider: update.provider }, { tx });
    return 0;
  }
  for (const row of rows) {
    const category = update.category?.toUpperCase() ?? row.category;
    await tx
      .update(whatsappTemplates)
      .set({ status: update.status, rejectedReason: update.reason, category, updatedAt: new Date() })
      .where(eq(whatsappTemplates.id, row.id));
    if (row.status === update.status) continue;
    await emitEvent(deps, tx, {
      tenantId: row.tenantId,
      type: 'whatsapp.template_status_changed',
      data: {
        template: {
          id: row.id,
          name: row.name,
          language: row.language,
          category,
          status: update.status,
          previousStatus: row.status,
          reason: update.reason,
        },
      },
    });
  }
  return rows.length;
}
