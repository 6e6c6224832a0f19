import { createRoute, z } from '@hono/zod-openapi';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import type { AppRouter } from '../../platform/http/app-env';
import { guard } from '../../platform/http/guard';
import { pageQuery, toPage } from '../../platform/http/paginate';
import { userIdOf } from '../conversations/caller';
import { contactImports } from './contacts.schema';
import { IMPORT_CONTACTS } from './import-contacts.job';
import { parseCsv } from './parse-csv';

export const MAX_IMPORT_ROWS = 50_000;

const ImportSchema = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    errorCount: z.number().int(),
    errors: z.array(z.object({ row: z.number().int(), message: z.string() })).openapi({
      description: 'Rows refused (line numbers as a spreadsheet shows them; the header is line 1)',
    }),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi('ContactImport');
const JsonImportSchema = z.object({ csv: z.string().min(1) }).openapi('ContactImportRequest');

const view = (row: typeof contactImports.$inferSelect) => ({
  id: row.id,
  status: row.status,
  totalRows: row.totalRows,
  processedRows: row.processedRows,
  created: row.createdCount,
  updated: row.updatedCount,
  errorCount: row.errorCount,
  errors: row.errors,
  createdAt: row.createdAt.toISOString(),
  completedAt: row.completedAt?.toISOString() ?? null,
});
const tags = ['contacts'];
const CSV_HELP =
  'A header row, then one contact per row. Columns: name (or first_name, last_name), email, phone, tags (separated by ; or |), whatsapp, slack, discord, telegram, teams; any other column becomes an attribute. A row whose email, phone or ids match a contact updates it.';

/** `/v1/contacts/import` and `/v1/contacts/imports`: CSV imports run by a job, with progress and row errors. */
export function registerContactImportRoutes(router: AppRouter, ctx: AppContext) {
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'supervisor', scope: 'contacts:write' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Import contacts from CSV (text/csv body, or JSON {csv}); poll the import for progress',
      description: CSV_HELP,
      request: {
        body: {
          required: false,
          content: {
            'text/csv': { schema: z.string().openapi({ description: CSV_HELP }) },
            'application/json': { schema: JsonImportSchema },
          },
        },
      },
      responses: {
        202: jsonContent(ImportSchema, 'Accepted: the import is queued'),
        415: problem('Neither text/csv nor JSON'),
        422: problem('Not CSV, no data rows, or more rows than allowed'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      let csv: string;
      if (/json/i.test(type)) csv = (c.req.valid('json') as z.infer<typeof JsonImportSchema>).csv;
      else if (/^text\/(csv|plain)/i.test(type)) csv = await c.req.text();
      else
        throw new AppError('unsupported_media_type', 'Send the CSV as text/csv, or as JSON {"csv": "..."}');
      const parsed = parseCsv(csv);
      const invalid = (message: string) =>
        new AppError('validation_failed', `csv: ${message}`, {
          details: { errors: [{ path: 'csv', message }] },
        });
      if (!parsed.ok) throw invalid(`line ${parsed.line}: ${parsed.message}`);
      const rows = parsed.rows.length - 1;
      if (rows < 1) throw invalid('needs a header row and at least one contact');
      if (rows > MAX_IMPORT_ROWS)
        throw invalid(`at most ${MAX_IMPORT_ROWS} rows per import (this has ${rows})`);
      const row = await ctx.db.transaction(async (tx) => {
        const [created] = await tx
          .insert(contactImports)
          .values({
            id: newId('cimp'),
            tenantId: c.get('tenant').tenantId,
            status: 'queued',
            csv,
            totalRows: rows,
            createdBy: userIdOf(c.get('principal')),
          })
          .returning();
        await ctx.jobs.enqueue(IMPORT_CONTACTS, { importId: created!.id }, { tx });
        return created!;
      });
      return c.json(view(row), 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/imports',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List CSV imports, newest first',
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(ImportSchema), 'A page of imports'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      // Without the CSV itself: a page of imports must not carry megabytes of uploads.
      const { csv: _csv, ...columns } = getTableColumns(contactImports);
      const q = pageQuery(contactImports.id, query);
      const rows = await ctx.db
        .select({ ...columns, csv: sql<string>`''` })
        .from(contactImports)
        .where(c.get('tenant').owned(contactImports, q.where))
        .orderBy(q.orderBy)
        .limit(q.limit);
      return c.json(toPage(rows, query.limit, view), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'An import’s progress, counts and per-row errors',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(ImportSchema, 'The import'),
        404: problem('No such import in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(contactImports, eq(contactImports.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No import with this id');
      return c.json(view(row), 200);
    },
  );
}
