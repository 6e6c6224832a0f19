import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context';
import { newId } from '../../../platform/db/ids';
import type { TenantScope } from '../../../platform/db/tenant-scope';
import { AppError } from '../../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import { emailTemplates } from '../email.schema';
import { createDraftPreviewRoutes } from './preview-draft.routes';
import { checkTemplate, renderTemplate } from './render-template';

const VariableSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, not starting with a digit'),
  defaultValue: z.string().max(10_000).optional(),
  required: z.boolean().default(false),
});
const FieldsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  subject: z.string().min(1).max(998),
  html: z.string().max(1_000_000).nullable().optional(),
  text: z.string().max(1_000_000).nullable().optional(),
  variables: z.array(VariableSchema).max(200).optional(),
  sampleData: z.record(z.string(), z.unknown()).optional(),
});
const CreateTemplateSchema = FieldsSchema.refine((t) => t.html || t.text, {
  message: 'a template needs html or text',
  path: ['html'],
}).openapi('CreateEmailTemplate');
const UpdateTemplateSchema = FieldsSchema.partial().openapi('UpdateEmailTemplate');

const TemplateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    subject: z.string(),
    html: z.string().nullable(),
    text: z.string().nullable(),
    variables: z.array(VariableSchema),
    sampleData: z.record(z.string(), z.unknown()),
    detectedVariables: z
      .array(z.string())
      .openapi({ description: 'Variables the subject, html and text use (declared or not)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('EmailTemplate');
const PreviewSchema = z
  .object({ variables: z.record(z.string(), z.unknown()).default({}) })
  .openapi('EmailTemplatePreviewRequest');
const RenderedSchema = z
  .object({ subject: z.string(), html: z.string().nullable(), text: z.string() })
  .openapi('RenderedEmail');
const ListQuerySchema = PageQuerySchema.extend({ category: z.string().max(100).optional() });

type Row = typeof emailTemplates.$inferSelect;
const view = (row: Row) => ({
  id: row.id,
  name: row.name,
  category: row.category,
  subject: row.subject,
  html: row.html,
  text: row.text,
  variables: row.variables,
  sampleData: row.sampleData,
  detectedVariables: checkTemplate(row),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
const tags = ['email templates'];

async function findTemplate(tenant: TenantScope, id: string) {
  const [row] = await tenant.select(emailTemplates, eq(emailTemplates.id, id));
  if (!row) throw new AppError('not_found', 'No email template with this id');
  return row;
}

/** `/v1/email/templates`: Liquid templates with declared variables and defaults, preview and duplicate. */
export function createTemplateRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'supervisor', scope: 'messages:write' });
  const idRoute = { security: SECURITY, tags, request: { params: IdParamSchema } };
  router.route('/', createDraftPreviewRoutes(ctx));

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List email templates, newest first (optionally of one category)',
      request: { query: ListQuerySchema },
      responses: { 200: jsonContent(page(TemplateSchema), 'A page of templates'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filter = query.category ? eq(emailTemplates.category, query.category) : undefined;
      return c.json(await c.get('tenant').page(emailTemplates, query, view, filter), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Create an email template (Liquid: {{ name }}, {% if %}, filters)',
      request: jsonBody(CreateTemplateSchema),
      responses: {
        201: jsonContent(TemplateSchema, 'Created'),
        409: problem('A template with this name exists'),
        422: problem('Invalid fields, or a part that does not parse'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const parts = { subject: input.subject, html: input.html ?? null, text: input.text ?? null };
      checkTemplate(parts);
      const [row] = await c.get('tenant').insert(emailTemplates, {
        id: newId('etpl'),
        name: input.name,
        category: input.category ?? null,
        ...parts,
        variables: input.variables ?? [],
        sampleData: input.sampleData ?? {},
      });
      return c.json(view(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      ...idRoute,
      method: 'get',
      path: '/{id}',
      middleware: read,
      summary: 'Get an email template',
      responses: {
        200: jsonContent(TemplateSchema, 'The template'),
        404: problem('No such template in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(view(await findTemplate(c.get('tenant'), c.req.valid('param').id)), 200),
  );

  router.openapi(
    createRoute({
      ...idRoute,
      method: 'patch',
      path: '/{id}',
      middleware: write,
      summary: 'Change an email template',
      request: { params: IdParamSchema, ...jsonBody(UpdateTemplateSchema) },
      responses: {
        200: jsonContent(TemplateSchema, 'Changed'),
        404: problem('No such template in this tenant'),
        409: problem('A template with this name exists'),
        422: problem('Invalid fields, or a part that does not parse'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const current = await findTemplate(tenant, c.req.valid('param').id);
      const input = c.req.valid('json');
      const next = {
        ...current,
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      };
      if (!next.html && !next.text)
        throw new AppError('validation_failed', 'html: a template needs html or text', {
          details: { errors: [{ path: 'html', message: 'a template needs html or text' }] },
        });
      checkTemplate(next);
      const [row] = await tenant.update(
        emailTemplates,
        { ...input, updatedAt: new Date() },
        eq(emailTemplates.id, current.id),
      );
      return c.json(view(row!), 200);
    },
  );

  router.openapi(
    createRoute({
      ...idRoute,
      method: 'delete',
      path: '/{id}',
      middleware: write,
      summary: 'Delete an email template',
      responses: {
        204: { description: 'Deleted' },
        404: problem('No such template in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const deleted = await c
        .get('tenant')
        .delete(emailTemplates, eq(emailTemplates.id, c.req.valid('param').id));
      if (deleted.length === 0) throw new AppError('not_found', 'No email template with this id');
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      ...idRoute,
      method: 'post',
      path: '/{id}/duplicate',
      middleware: write,
      summary: 'Copy a template under a new name ("<name> (copy)" unless given)',
      request: {
        params: IdParamSchema,
        ...jsonBody(
          z.object({ name: z.string().trim().min(1).max(200).optional() }).openapi('DuplicateEmailTemplate'),
        ),
      },
      responses: {
        201: jsonContent(TemplateSchema, 'The copy'),
        404: problem('No such template in this tenant'),
        409: problem('A template with this name exists'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const source = await findTemplate(tenant, c.req.valid('param').id);
      const { id: _id, tenantId: _tenant, createdAt: _c, updatedAt: _u, ...fields } = source;
      const [row] = await tenant.insert(emailTemplates, {
        ...fields,
        id: newId('etpl'),
        name: c.req.valid('json').name ?? `${source.name} (copy)`.slice(0, 200),
      });
      return c.json(view(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      ...idRoute,
      method: 'post',
      path: '/{id}/preview',
      middleware: read,
      summary: 'Render a template with its sample data, overridden by the given variables (nothing is sent)',
      request: { params: IdParamSchema, ...jsonBody(PreviewSchema) },
      responses: {
        200: jsonContent(RenderedSchema, 'The rendered subject, html and text'),
        404: problem('No such template in this tenant'),
        422: problem('A required variable is missing, or the template fails to render'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const row = await findTemplate(c.get('tenant'), c.req.valid('param').id);
      const given = { ...row.sampleData, ...c.req.valid('json').variables };
      return c.json(await renderTemplate(row, row.variables, given), 200);
    },
  );

  return router;
}
