import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { streamSSE } from 'hono/streaming';
import type { AppContext } from '../../app-context';
import { MESSAGE_CHANNELS } from '../../channels/channel';
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
import { MessageSchema } from '../messages/message.openapi';
import { messageResource } from '../messages/message-view';
import { checkPhoneNumber } from '../numbers/phone-number';
import { sandboxDevices, sandboxTraffic } from './sandbox.schema';
import { type FeedItem, feedSubject } from './sandbox-feed';
import { sendFromDevice } from './send-from-device';

const DeviceSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['phone', 'email', 'chat']),
    address: z.string(),
    createdAt: z.string(),
  })
  .openapi('SandboxDevice');
const TrafficSchema = z
  .object({
    id: z.string(),
    deviceId: z.string(),
    messageId: z.string(),
    direction: z.enum(['to_device', 'from_device']),
    channel: z.string(),
    from: z.string(),
    to: z.string(),
    body: z.string().nullable(),
    media: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('SandboxTraffic');
const DeviceSendSchema = z
  .object({
    channel: z.enum(MESSAGE_CHANNELS),
    from: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .openapi({ description: 'The virtual device: a phone number, email address or chat user' }),
    to: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .openapi({ description: "One of the tenant's sandbox numbers or addresses" }),
    body: z.string().max(10_000).optional(),
    media: z.array(z.url()).max(10).default([]),
  })
  .superRefine((input, context) => {
    if (['sms', 'mms', 'whatsapp'].includes(input.channel)) {
      const check = checkPhoneNumber(input.from);
      if (!check.ok) context.addIssue({ code: 'custom', path: ['from'], message: check.message });
    }
    if (input.channel === 'email' && !z.email().safeParse(input.from).success)
      context.addIssue({ code: 'custom', path: ['from'], message: 'must be an email address' });
    if (!input.body && input.media.length === 0)
      context.addIssue({ code: 'custom', path: ['body'], message: 'a message needs a body or media' });
  })
  .openapi('SandboxDeviceSend');

const deviceView = (row: typeof sandboxDevices.$inferSelect) => ({
  id: row.id,
  kind: row.kind,
  address: row.address,
  createdAt: row.createdAt.toISOString(),
});
const trafficView = (row: typeof sandboxTraffic.$inferSelect) => ({
  id: row.id,
  deviceId: row.deviceId,
  messageId: row.messageId,
  direction: row.direction,
  channel: row.channel,
  from: row.from,
  to: row.to,
  body: row.body,
  media: row.media,
  createdAt: row.createdAt.toISOString(),
});
const tags = ['sandbox'];
const HEARTBEAT_MS = 15_000;

/** `/v1/sandbox`: the device simulator's API — virtual devices, what they got, their replies, a live feed. */
export function createSandboxRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const send = guard(ctx, { role: 'agent', scope: 'messages:write', routeClass: 'send' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/inbound',
      tags,
      security: SECURITY,
      middleware: send,
      summary: "A virtual device sends a message to one of the tenant's sandbox numbers or addresses",
      request: jsonBody(DeviceSendSchema),
      responses: {
        201: jsonContent(MessageSchema, 'The inbound message as the tenant received it'),
        422: problem('Invalid fields, or `to` is not one of your sandbox senders'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { message } = await sendFromDevice(ctx, c.get('tenant').tenantId, c.req.valid('json'));
      return c.json(messageResource(message), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/devices',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List the virtual devices (created on first use)',
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(DeviceSchema), 'A page of devices, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(sandboxDevices, query, deviceView), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/devices/{id}/messages',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'What a virtual device received and sent, newest first',
      request: { params: IdParamSchema, query: PageQuerySchema },
      responses: {
        200: jsonContent(page(TrafficSchema), 'A page of the device traffic'),
        404: problem('No such device in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const { id } = c.req.valid('param');
      const [device] = await tenant.select(sandboxDevices, eq(sandboxDevices.id, id));
      if (!device) throw new AppError('not_found', 'No sandbox device with this id');
      const query = c.req.valid('query');
      return c.json(
        await tenant.page(sandboxTraffic, query, trafficView, eq(sandboxTraffic.deviceId, id)),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/feed',
      tags,
      security: SECURITY,
      middleware: read,
      summary:
        'Live feed for the simulator: Server-Sent Events with `Accept: text/event-stream`, else the latest traffic',
      request: { query: PageQuerySchema },
      responses: {
        200: {
          description:
            'SSE events (`device.received`, `device.sent`, `message.status`), or a page of traffic as JSON',
          content: {
            'text/event-stream': { schema: z.string() },
            'application/json': { schema: page(TrafficSchema) },
          },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenant').tenantId;
      if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
        const query = c.req.valid('query');
        return c.json(await c.get('tenant').page(sandboxTraffic, query, trafficView), 200);
      }
      return streamSSE(c, async (stream) => {
        let id = 0;
        const subscription = ctx.bus.subscribe(feedSubject(tenantId), async ({ data }) => {
          const item = data as FeedItem;
          await stream.writeSSE({ event: item.type, data: JSON.stringify(item), id: String(++id) });
        });
        const heartbeat = setInterval(
          () => void stream.writeSSE({ event: 'heartbeat', data: '{}' }),
          HEARTBEAT_MS,
        );
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ tenantId }) });
        await new Promise<void>((resolve) => stream.onAbort(resolve));
        clearInterval(heartbeat);
        subscription.unsubscribe();
      }) as never;
    },
  );

  return router;
}
