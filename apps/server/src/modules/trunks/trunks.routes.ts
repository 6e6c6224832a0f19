import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { TRUNK_PRESET_NAMES, TRUNK_PRESETS } from './trunk-presets';
import { TrunkSchema, trunkView } from './trunk-view';
import { voiceTrunks } from './trunks.schema';

const CreateTrunkSchema = z
  .object({
    name: z.string().min(1).max(100),
    preset: z.enum(TRUNK_PRESET_NAMES).default('generic'),
    host: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'a host name or IPv4 address')
      .optional(),
    port: z.number().int().min(1).max(65535).optional(),
    transport: z.enum(['udp', 'tcp']).optional(),
    auth: z.enum(['ip', 'digest']).default('ip'),
    username: z.string().min(1).max(100).optional(),
    password: z.string().min(1).max(200).optional(),
    codecs: z
      .array(z.enum(['PCMU', 'PCMA', 'G722', 'opus']))
      .min(1)
      .optional(),
    cpsLimit: z.number().int().min(1).max(1000).default(1),
    prefixes: z
      .array(z.string().regex(/^\+\d{0,15}$/, 'must be + and digits'))
      .min(1)
      .max(100)
      .default(['+']),
    costPerMinute: z
      .object({ amountMicros: z.number().int().min(0), currency: z.string().length(3) })
      .default({ amountMicros: 0, currency: 'USD' }),
  })
  .superRefine((input, context) => {
    if (!input.host && !TRUNK_PRESETS[input.preset].host)
      context.addIssue({
        code: 'custom',
        path: ['host'],
        message: `is required for the ${input.preset} preset`,
      });
    if (input.auth === 'digest' && (!input.username || !input.password))
      context.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'digest auth needs username and password',
      });
  })
  .openapi('CreateVoiceTrunk');
const tags = ['voice'];

/** `/v1/voice/trunks`: the tenant's SIP trunks to carriers, used by outbound calls. */
export function createTrunkRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "List the tenant's SIP trunks",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(TrunkSchema), 'A page of trunks, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(await c.get('tenant').page(voiceTrunks, c.req.valid('query'), trunkView), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Add a SIP trunk (preset twilio, telnyx or generic)',
      request: jsonBody(CreateTrunkSchema),
      responses: {
        201: jsonContent(TrunkSchema, 'Created'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const preset = TRUNK_PRESETS[input.preset];
      const [row] = await c.get('tenant').insert(voiceTrunks, {
        id: newId('trk'),
        name: input.name,
        preset: input.preset,
        host: (input.host ?? preset.host)!,
        port: input.port ?? preset.port,
        transport: input.transport ?? preset.transport,
        auth: input.auth,
        username: input.username ?? null,
        passwordEncrypted: input.password ? ctx.encryptor.encrypt(input.password) : null,
        codecs: input.codecs ?? [...preset.codecs],
        cpsLimit: input.cpsLimit,
        prefixes: input.prefixes,
        costPerMinuteMicros: input.costPerMinute.amountMicros,
        currency: input.costPerMinute.currency.toUpperCase(),
      });
      return c.json(trunkView(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Get a SIP trunk',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(TrunkSchema, 'The trunk'),
        404: problem('No such trunk in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(voiceTrunks, eq(voiceTrunks.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No trunk with this id');
      return c.json(trunkView(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove a SIP trunk',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such trunk in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const removed = await c.get('tenant').delete(voiceTrunks, eq(voiceTrunks.id, c.req.valid('param').id));
      if (removed.length === 0) throw new AppError('not_found', 'No trunk with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
