import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../../app-context';
import {
  AUTHENTICATED_ERRORS,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import { checkTemplate, renderTemplate } from './render-template';

const DraftVariableSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, not starting with a digit'),
  defaultValue: z.string().max(10_000).optional(),
  required: z.boolean().default(false),
});
const DraftPreviewSchema = z
  .object({
    subject: z.string().max(998),
    html: z.string().max(1_000_000).nullable().optional(),
    text: z.string().max(1_000_000).nullable().optional(),
    variables: z.array(DraftVariableSchema).max(200).default([]),
    values: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({ description: 'Values to render with; declared defaults fill the rest' }),
  })
  .openapi('EmailTemplateDraftPreviewRequest');
const DraftRenderedSchema = z
  .object({
    subject: z.string(),
    html: z.string().nullable(),
    text: z.string(),
    detectedVariables: z.array(z.string()),
  })
  .openapi('RenderedEmailDraft');

/**
 * `POST /v1/email/templates/preview`: renders unsaved template parts with the same Liquid engine
 * and escaping a send uses, so the portal's editor shows a live preview while the author types.
 * It reads and writes nothing of the tenant's.
 */
export function createDraftPreviewRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/preview',
      tags: ['email templates'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'agent', scope: 'read' }),
      summary: 'Render unsaved template parts with the given values (nothing is stored or sent)',
      request: jsonBody(DraftPreviewSchema),
      responses: {
        200: jsonContent(DraftRenderedSchema, 'The rendered subject, html and text'),
        422: problem('A part does not parse, a required variable is missing, or rendering fails'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const parts = { subject: input.subject, html: input.html ?? null, text: input.text ?? null };
      const detectedVariables = checkTemplate(parts);
      const rendered = await renderTemplate(parts, input.variables, input.values);
      return c.json({ ...rendered, detectedVariables }, 200);
    },
  );
  return router;
}
