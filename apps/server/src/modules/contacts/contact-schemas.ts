import { z } from '@hono/zod-openapi';
import { IDENTITY_KINDS } from './contacts.schema';

export const IdentityInputSchema = z
  .object({
    kind: z.enum(IDENTITY_KINDS),
    value: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .openapi({ description: 'E.164 phone, email, or the platform user id (Slack `T…:U…`, Telegram id…)' }),
  })
  .openapi('ContactIdentityInput');

const tagList = z.array(z.string().trim().min(1).max(100)).max(50);
const attributes = z.record(z.string().max(100), z.unknown());

export const CreateContactSchema = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    email: z
      .string()
      .trim()
      .max(254)
      .nullable()
      .optional()
      .openapi({ description: 'Also becomes an email identity' }),
    phone: z
      .string()
      .trim()
      .max(40)
      .nullable()
      .optional()
      .openapi({ description: 'Also becomes a phone identity' }),
    attributes: attributes.default({}),
    tags: tagList.default([]),
    identities: z.array(IdentityInputSchema).max(50).default([]),
  })
  .openapi('CreateContact');

export const UpdateContactSchema = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    email: z.string().trim().max(254).nullable().optional().openapi({ description: 'Display value only' }),
    phone: z.string().trim().max(40).nullable().optional().openapi({ description: 'Display value only' }),
    attributes: attributes
      .optional()
      .openapi({ description: 'Merged into the current ones; null removes a key' }),
    tags: tagList.optional(),
  })
  .openapi('UpdateContact');

export const MergeSchema = z.object({ sourceContactId: z.string().min(1).max(64) }).openapi('MergeContacts');
