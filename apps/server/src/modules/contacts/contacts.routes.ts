import { createRoute, z } from '@hono/zod-openapi';
import { and, arrayContains, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
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
import { deleteConversationsOf } from '../conversations/contact-conversations';
import { searchQuery } from '../conversations/search-query';
import { registerContactIdentityRoutes } from './contact-identities.routes';
import { registerContactImportRoutes } from './contact-imports.routes';
import { CreateContactSchema, UpdateContactSchema } from './contact-schemas';
import { createContact, lockContact, mergeAttributes, softDeleteContacts } from './contact-service';
import { ContactSchema, contactResources } from './contact-view';
import { contacts } from './contacts.schema';
import { searchContacts } from './search-contacts';

const ListQuerySchema = PageQuerySchema.extend({
  q: z.string().max(200).optional().openapi({ description: 'Full-text over name, email and phone' }),
  tag: z.string().max(100).optional(),
});
const tags = ['contacts'];

/** `/v1/contacts`: people across channels — CRUD, identities, merge, ranked search, CSV import. */
export function createContactRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'agent', scope: 'contacts:write' });
  const supervise = guard(ctx, { role: 'supervisor', scope: 'contacts:write' });

  /** One live contact as a resource, or 404 (a merged contact says where it went). */
  async function resource(tenantId: string, id: string) {
    const [row] = await ctx.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)));
    if (!row || row.deletedAt) {
      const where = row?.mergedIntoId ? `: it was merged into ${row.mergedIntoId}` : '';
      throw new AppError('not_found', `No contact with this id${where}`, {
        details: row?.mergedIntoId ? { mergedIntoId: row.mergedIntoId } : undefined,
      });
    }
    return (await contactResources(ctx.db, [row]))[0]!;
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List contacts, newest first, filtered by text or tag',
      request: { query: ListQuerySchema },
      responses: { 200: jsonContent(page(ContactSchema), 'A page of contacts'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const q = query.q ? searchQuery(query.q) : undefined;
      const condition = and(
        isNull(contacts.deletedAt),
        query.tag ? arrayContains(contacts.tags, [query.tag]) : undefined,
        q ? sql`${contacts.search} @@ ${q}` : undefined,
        query.q && !q ? sql`false` : undefined,
      );
      const result = await c.get('tenant').page(contacts, query, (row) => row, condition);
      return c.json(
        { data: await contactResources(ctx.db, result.data), nextCursor: result.nextCursor },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/search',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Full-text search over contacts’ names, emails and phones, best match first',
      request: {
        query: z.object({
          q: z.string().min(1).max(200),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
      responses: {
        200: jsonContent(
          z.object({ data: z.array(ContactSchema.extend({ rank: z.number() })) }),
          'Ranked contacts',
        ),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(await searchContacts(ctx.db, c.get('tenant'), c.req.valid('query')), 200),
  );

  registerContactImportRoutes(router, ctx);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Create a contact with its identities (a phone, emails, WhatsApp and chat user ids)',
      request: jsonBody(CreateContactSchema),
      responses: {
        201: jsonContent(ContactSchema, 'Created'),
        409: problem('An identity belongs to another contact (merge them instead)'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenant').tenantId;
      const row = await ctx.db.transaction((tx) => createContact(tx, tenantId, c.req.valid('json')));
      return c.json(await resource(tenantId, row.id), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a contact with its identities',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(ContactSchema, 'The contact'),
        404: problem('No such contact in this tenant (or it was merged into another)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(await resource(c.get('tenant').tenantId, c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Change name, display email/phone, attributes (merged) or tags',
      request: { params: IdParamSchema, ...jsonBody(UpdateContactSchema) },
      responses: {
        200: jsonContent(ContactSchema, 'Updated'),
        404: problem('No such contact in this tenant'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      await ctx.db.transaction(async (tx) => {
        const before = await lockContact(tx, tenantId, id);
        await tx
          .update(contacts)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.email !== undefined ? { email: input.email?.toLowerCase() ?? null } : {}),
            ...(input.phone !== undefined ? { phone: input.phone } : {}),
            ...(input.attributes ? { attributes: mergeAttributes(before.attributes, input.attributes) } : {}),
            ...(input.tags ? { tags: [...new Set(input.tags)] } : {}),
            updatedAt: new Date(),
          })
          .where(eq(contacts.id, id));
      });
      return c.json(await resource(tenantId, id), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: supervise,
      summary: 'Delete a contact (soft) with its conversations; its identities are released',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Deleted' },
        404: problem('No such contact in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenant').tenantId;
      await ctx.db.transaction(async (tx) => {
        await lockContact(tx, tenantId, id);
        await deleteConversationsOf(tx, tenantId, id);
        await softDeleteContacts(tx, tenantId, [id]);
      });
      return c.body(null, 204);
    },
  );

  registerContactIdentityRoutes(router, ctx);
  return router;
}
