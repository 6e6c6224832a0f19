import { z } from 'zod';

/**
 * A Sinch SMS REST API service plan. `baseUrl` names the region (us, eu, au, br, ca); the API token
 * is the plan's bearer token; `webhookSecret` is the HMAC secret Sinch signs the plan's callbacks
 * with (set up through the account manager, service-plan level).
 */
export const SinchCredentialsSchema = z.object({
  baseUrl: z.url().default('https://us.sms.api.sinch.com'),
  servicePlanId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  apiToken: z.string().min(1),
  webhookSecret: z.string().min(1),
});
export type SinchCredentials = z.infer<typeof SinchCredentialsSchema>;

/** 201 answer of `POST /xms/v1/{plan}/batches` (the fields we read). */
export const SinchBatchSchema = z.object({ id: z.string().min(1) });

/** Error answers: `{"code", "text"}`. */
export const SinchErrorSchema = z.object({ code: z.string(), text: z.string().optional() });

/** A delivery report callback: per recipient (what we ask for) or a batch summary (ignored). */
export const SinchDeliveryReportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['recipient_delivery_report_sms', 'recipient_delivery_report_mms']),
    batch_id: z.string().min(1),
    recipient: z.string().min(1),
    code: z.number(),
    status: z.string(),
    at: z.iso.datetime({ offset: true }),
    operator_status_at: z.iso.datetime({ offset: true }).optional(),
    client_reference: z.string().optional(),
  }),
  z.object({ type: z.enum(['delivery_report_sms', 'delivery_report_mms']) }),
]);

const MoCommon = {
  id: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  received_at: z.iso.datetime({ offset: true }),
  client_reference: z.string().optional(),
};

/** An inbound (mobile originated) callback. */
export const SinchInboundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mo_text'), body: z.string(), ...MoCommon }),
  z.object({
    type: z.literal('mo_media'),
    body: z.object({
      subject: z.string().optional(),
      message: z.string().optional(),
      media: z
        .array(
          z.object({
            url: z.string().optional(),
            content_type: z.string().optional(),
            code: z.number().optional(),
          }),
        )
        .default([]),
    }),
    ...MoCommon,
  }),
  z.object({ type: z.literal('mo_binary'), ...MoCommon }),
]);
