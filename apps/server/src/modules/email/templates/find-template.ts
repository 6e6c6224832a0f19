import { eq } from 'drizzle-orm';
import type { TenantScope } from '../../../platform/db/tenant-scope';
import { AppError } from '../../../platform/errors/app-error';
import { emailTemplates } from '../email.schema';

/** A template of the tenant by id or name, for sends. */
export async function findTemplateFor(tenant: TenantScope, by: { id?: string; name?: string }) {
  const condition = by.id ? eq(emailTemplates.id, by.id) : eq(emailTemplates.name, by.name ?? '');
  const [row] = await tenant.select(emailTemplates, condition);
  if (!row) {
    const path = by.id ? 'templateId' : 'template.name';
    throw new AppError('validation_failed', `${path}: no such email template`, {
      details: { errors: [{ path, message: 'no such email template' }] },
    });
  }
  return row;
}
