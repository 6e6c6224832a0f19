import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
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
import type { AppRouter } from '../../platform/http/app-env';
import { guard } from '../../platform/http/guard';
import { IdentityInputSchema, MergeSchema } from './contact-schemas';
import {
  addIdentities,
  assertIdentitiesFree,
  findLiveContact,
  identitiesOf,
  lockContact,
} from './contact-service';
import { ContactSchema, contactResources } from './contact-view';
import { contactIdentities } from './contacts.schema';
import { mergeContacts } from './merge-contacts';

const IdentityParamsSchema = IdParamSchema.extend({
  identityId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'identityId', in: 'path' } }),
});
const tags = ['contacts'];

/** `/v1/contacts/{id}/identities` and `/merge`: the addresses that make one person of many messages. */
export function registerContactIdentityRoutes(router: AppRouter, ctx: AppContext) {
  const write = guard(ctx, { role: 'agent', scope: 'contacts:write' });

  const resource = async (tenantId: string, id: string) =>
    (await contactResources(ctx.db, [await findLiveContact(ctx.db, tenantId, id)]))[0]!;

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/identities',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Add an identity (phone, email, WhatsApp, Slack, Discord, Telegram or Teams id)',
      request: { params: IdParamSchema, ...jsonBody(IdentityInputSchema) },
      responses: {
        201: jsonContent(ContactSchema, 'The contact with the identity'),
        404: problem('No such contact in this tenant'),
        409: problem('The identity belongs to another contact (merge them instead)'),
        422: problem('Invalid identity'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenant').tenantId;
      await ctx.db.transaction(async (tx) => {
        await lockContact(tx, tenantId, id);
        const identities = identitiesOf({ identities: [c.req.valid('json')] });
        await assertIdentitiesFree(tx, tenantId, identities, id);
        await addIdentities(tx, tenantId, id, identities);
      });
      return c.json(await resource(tenantId, id), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}/identities/{identityId}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Remove an identity: messages from that address will start a new contact',
      request: { params: IdentityParamsSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such contact or identity in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id, identityId } = c.req.valid('param');
      const removed = await c
        .get('tenant')
        .delete(
          contactIdentities,
          and(eq(contactIdentities.contactId, id), eq(contactIdentities.id, identityId))!,
        );
      if (removed.length === 0) throw new AppError('not_found', 'No identity with this id on this contact');
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/merge',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Merge another contact into this one: its identities and conversations move here',
      request: { params: IdParamSchema, ...jsonBody(MergeSchema) },
      responses: {
        200: jsonContent(
          ContactSchema.extend({ conversationsMoved: z.number().int() }).openapi('MergedContact'),
          'The merged contact',
        ),
        404: problem('No such contact (or source contact) in this tenant'),
        422: problem('A contact cannot be merged into itself'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenant').tenantId;
      const { sourceContactId } = c.req.valid('json');
      const result = await ctx.db.transaction((tx) =>
        mergeContacts(tx, { tenantId, targetId: id, sourceId: sourceContactId }),
      );
      return c.json(
        { ...(await resource(tenantId, id)), conversationsMoved: result.conversationsMoved },
        200,
      );
    },
  );
}
