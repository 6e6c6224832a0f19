import type { AppContext } from '../../app-context';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { VerbDocumentSchema } from '../../voice/verbs/verb-schema';
import { calls } from './calls.schema';
import type { CreateCall } from './create-call.schema';
import { PLACE_CALL } from './place-call.job-spec';

/** Inline verbs are checked before anything is written: a bad document is the caller's 422. */
export function parseInlineVerbs(verbs: unknown[]) {
  return VerbDocumentSchema.parse(verbs);
}

/**
 * Accepts an outbound call on the caller's transaction: the row (queued) and the job that places it
 * commit together, so the API answers 201 at once and nothing accepted is lost.
 */
export async function createOutboundCall(
  ctx: Pick<AppContext, 'jobs'>,
  tx: Tx,
  tenantId: string,
  input: CreateCall,
) {
  const verbs = input.verbs ? parseInlineVerbs(input.verbs) : null;
  const now = new Date();
  const [row] = await tx
    .insert(calls)
    .values({
      id: newId('call'),
      tenantId,
      direction: 'outbound-api',
      status: 'queued',
      from: input.from,
      to: input.to,
      url: input.url ?? null,
      method: input.method,
      verbs,
      statusCallback: input.statusCallback ?? null,
      statusCallbackEvents: input.statusCallbackEvents,
      timeoutSeconds: input.timeout,
      record: input.record ? 'true' : 'false',
      history: [{ status: 'queued', at: now.toISOString() }],
    })
    .returning();
  await ctx.jobs.enqueue(PLACE_CALL, { callId: row!.id }, { tx, singletonKey: row!.id });
  return row!;
}
