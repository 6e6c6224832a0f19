import { z } from '@hono/zod-openapi';
import { isValidTimeZone, OpeningSchema } from './business-hours';
import type { slaPolicies } from './sla.schema';

const Minutes = z
  .number()
  .int()
  .min(1)
  .max(366 * 24 * 60)
  .nullable();
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

const fields = {
  name: z.string().trim().min(1).max(100),
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  businessHours: z
    .array(OpeningSchema)
    .max(50)
    .openapi({
      description:
        'Opening intervals per weekday (0 = Sunday), local time; end ≤ start runs past midnight. Empty: 24/7.',
      example: [{ day: 1, start: '09:00', end: '17:00' }],
    }),
  holidays: z.array(LocalDate).max(400),
  firstResponseMinutes: Minutes,
  nextResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
  isDefault: z.boolean(),
};

export const SlaPolicyInputSchema = z
  .object({
    ...fields,
    timeZone: fields.timeZone.default('UTC'),
    businessHours: fields.businessHours.default([]),
    holidays: fields.holidays.default([]),
    firstResponseMinutes: Minutes.default(null),
    nextResponseMinutes: Minutes.default(null),
    resolutionMinutes: Minutes.default(null),
    isDefault: fields.isDefault.default(false),
  })
  .openapi('SlaPolicyInput');
// No defaults here: a field left out of a PATCH stays as it is.
export const SlaPolicyPatchSchema = z.object(fields).partial().openapi('SlaPolicyPatch');

export const SlaPolicySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    businessHours: z.array(OpeningSchema),
    holidays: z.array(z.string()),
    firstResponseMinutes: z.number().int().nullable(),
    nextResponseMinutes: z.number().int().nullable(),
    resolutionMinutes: z.number().int().nullable(),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SlaPolicy');

export const slaPolicyView = (row: typeof slaPolicies.$inferSelect) => ({
  id: row.id,
  name: row.name,
  timeZone: row.timeZone,
  businessHours: row.businessHours,
  holidays: row.holidays,
  firstResponseMinutes: row.firstResponseMinutes,
  nextResponseMinutes: row.nextResponseMinutes,
  resolutionMinutes: row.resolutionMinutes,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
