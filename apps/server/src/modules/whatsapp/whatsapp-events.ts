import { z } from '@hono/zod-openapi';

/** `whatsapp.template_status_changed`: Meta reviewed (approved, rejected) or paused/disabled one of the tenant's templates. */
export const WhatsAppTemplateEventDataSchema = z
  .object({
    template: z.object({
      id: z.string(),
      name: z.string(),
      language: z.string(),
      category: z.string(),
      status: z.string(),
      previousStatus: z.string(),
      reason: z.string().nullable(),
    }),
  })
  .openapi('WhatsAppTemplateEventData');
