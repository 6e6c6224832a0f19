import { z } from '@hono/zod-openapi';
import { API_KEY_SCOPES, TENANT_ROLES } from '../auth/principal';

/** Shapes shared by many routes, registered once as OpenAPI components. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** A JSON response of `schema`, for createRoute's responses. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body of `schema`, for createRoute's request. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error responses every authenticated route can give. */
export const AUTHENTICATED_ERRORS = {
  401: problem('Missing, invalid or expired credentials'),
  403: problem('The caller may not do this'),
  429: problem('Rate limit exceeded; see Retry-After'),
} as const;

export const SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { basicAuth: [] }];

export const RoleSchema = z.enum(TENANT_ROLES).openapi('Role');
export const ScopeSchema = z.enum(API_KEY_SCOPES).openapi('Scope');

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    isPlatformAdmin: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('User');
export const TenantSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    createdAt: z.string(),
  })
  .openapi('Tenant');

export const IdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** Cursor pagination: ?limit=&cursor= (the id to continue after); responses carry nextCursor. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });
