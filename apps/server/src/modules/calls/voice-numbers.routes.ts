import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { assertPublicUrl } from '../../platform/http/ssrf-guard';
import { InboundFlowSchema } from '../../voice/flows/flow-schema';
import { numbers } from '../numbers/numbers.schema';
import { CALLBACK_EVENTS } from './call-status';
import { voiceNumberSettings } from './voice-numbers.schema';

const VoiceNumberSchema = z
  .object({
    numberId: z.string(),
    voiceUrl: z.string().url().nullable(),
    /** A built-in flow run instead of fetching a voice URL (say, voicemail, forward). */
    flow: InboundFlowSchema.nullable(),
    voiceMethod: z.enum(['GET', 'POST']),
    statusCallback: z.string().url().nullable(),
    statusCallbackEvents: z.array(z.enum(CALLBACK_EVENTS)),
  })
  .openapi('VoiceNumber');
// URLs and "voiceUrl or flow" are checked in the handler, after the number is found: another tenant's id is a 404.
const PutVoiceNumberSchema = z
  .object({
    voiceUrl: z.string().min(1).max(2000).optional(),
    flow: InboundFlowSchema.optional(),
    voiceMethod: z.enum(['GET', 'POST']).default('POST'),
    statusCallback: z.string().min(1).max(2000).optional(),
    statusCallbackEvents: z.array(z.enum(CALLBACK_EVENTS)).default(['completed']),
  })
  .openapi('PutVoiceNumber');
const view = (row: typeof voiceNumberSettings.$inferSelect): z.infer<typeof VoiceNumberSchema> => ({
  numberId: row.numberId,
  voiceUrl: row.voiceUrl,
  flow: row.flow ?? null,
  voiceMethod: row.voiceMethod as 'GET' | 'POST',
  statusCallback: row.statusCallback,
  statusCallbackEvents: row.statusCallbackEvents as z.infer<typeof VoiceNumberSchema>['statusCallbackEvents'],
});
const tags = ['voice'];

/**
 * `/v1/voice/numbers/{id}`: what inbound calls to one of the tenant's numbers run: the verbs fetched
 * from its voice URL, or a built-in flow (voice/flows).
 */
export function createVoiceNumberRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Set the voice URL or built-in flow of a number with the voice capability',
      request: { params: IdParamSchema, ...jsonBody(PutVoiceNumberSchema) },
      responses: {
        200: jsonContent(VoiceNumberSchema, 'Saved'),
        404: problem('No such number in this tenant'),
        422: problem('Invalid fields, or a number without the voice capability'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tenant = c.get('tenant');
      const [number] = await tenant.select(numbers, eq(numbers.id, id));
      if (!number) throw new AppError('not_found', 'No number with this id');
      const [voice] = await tenant.select(
        numbers,
        and(eq(numbers.id, id), sql`'voice' = any(${numbers.capabilities})`),
      );
      if (!voice)
        throw new AppError('validation_failed', 'This number has no voice capability', {
          details: { errors: [{ path: 'id', message: 'has no voice capability' }] },
        });
      if ((input.voiceUrl === undefined) === (input.flow === undefined))
        throw new AppError('validation_failed', 'Set either voiceUrl or flow', {
          details: { errors: [{ path: 'voiceUrl', message: 'set either voiceUrl or flow (not both)' }] },
        });
      for (const url of [input.voiceUrl, input.statusCallback])
        if (url) await assertPublicUrl(url, ctx.config.webhooks.allowPrivate);
      const values = {
        voiceUrl: input.voiceUrl ?? null,
        flow: input.flow ?? null,
        voiceMethod: input.voiceMethod,
        statusCallback: input.statusCallback ?? null,
        statusCallbackEvents: input.statusCallbackEvents,
        updatedAt: new Date(),
      };
      const [row] = await ctx.db
        .insert(voiceNumberSettings)
        .values({ numberId: id, tenantId: tenant.tenantId, ...values })
        .onConflictDoUpdate({ target: voiceNumberSettings.numberId, set: values })
        .returning();
      return c.json(view(row!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Get the voice URL of a number',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(VoiceNumberSchema, 'The voice settings'),
        404: problem('No such number, or no voice URL set'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(voiceNumberSettings, eq(voiceNumberSettings.numberId, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No voice URL for this number');
      return c.json(view(row), 200);
    },
  );

  return router;
}
