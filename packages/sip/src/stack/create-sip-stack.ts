import { systemClock } from '../clock/clock';
import { dialogKey } from '../dialog/dialog';
import { createInDialogRequest } from '../dialog/in-dialog-request';
import { createResponse } from '../message/build';
import { createRequest } from '../message/build-request';
import { DEFAULT_TIMERS } from '../transaction/types';
import { createTransport } from '../transport/create-transport';
import type { Transport } from '../transport/types';
import { type BoundTransport, contactUri, pickTransport, type StackContext } from './context';
import { receiveMessage } from './incoming';
import { type SipStackOptions, SipStackOptionsSchema, silentLogger } from './options';
import { sendAck, sendRequest } from './outgoing';
import type { SipStack } from './types';

/**
 * Starts a SIP stack: binds every configured transport, then runs transactions, dialogs and the
 * UAC/UAS cores over them. Rejects (after closing what was opened) if any listener fails to bind.
 */
export async function createSipStack(options: SipStackOptions): Promise<SipStack> {
  const parsed = SipStackOptionsSchema.parse({ ...options, clock: undefined, logger: undefined });
  const ctx: StackContext = {
    clock: options.clock ?? systemClock,
    timers: {
      ...DEFAULT_TIMERS,
      ...Object.fromEntries(Object.entries(parsed.timers ?? {}).filter(([, ms]) => ms !== undefined)),
    },
    logger: options.logger ?? silentLogger,
    parseMode: parsed.parseMode ?? 'strict',
    userAgent: parsed.userAgent,
    transports: [],
    clientTransactions: new Map(),
    serverTransactions: new Map(),
    awaitingAck: new Map(),
    cancellable: new WeakMap(),
    dialogs: new Map(),
    requestIdentities: new Map(),
    reliableProvisionals: new Map(),
    supported: new Set((parsed.supported ?? []).map((tag) => tag.toLowerCase())),
    handler: undefined,
    ackListeners: [],
    closed: false,
  };
  const sink = (data: Buffer, remote: { host: string; port: number }, transport: Transport) => {
    try {
      receiveMessage(ctx, data, remote, transport);
    } catch (err) {
      // A bug in handling one message must not stop the listener serving the next.
      ctx.logger.warn({ err, remote }, 'sip: failed to handle message');
    }
  };
  try {
    for (const config of options.transports) {
      const transport = await createTransport(config, sink);
      const bound: BoundTransport = { transport };
      if (config.advertise) bound.advertise = config.advertise;
      ctx.transports.push(bound);
    }
  } catch (err) {
    await Promise.all(ctx.transports.map((b) => b.transport.close()));
    throw err;
  }

  return {
    onRequest: (handler) => {
      ctx.handler = handler;
    },
    onAck: (listener) => {
      ctx.ackListeners.push(listener);
    },
    sendRequest: (request, sendOptions) => sendRequest(ctx, request, sendOptions),
    createRequest: ({ protocol, ...requestOptions }) =>
      createRequest({
        ...requestOptions,
        contact: requestOptions.contact ?? `<${contactUri(pickTransport(ctx, protocol))}>`,
      }),
    createResponse: (request, status, reason, extraHeaders) =>
      createResponse(request, status, reason, extraHeaders),
    dialogs: {
      get: (callId, localTag, remoteTag) => ctx.dialogs.get(dialogKey({ callId, localTag, remoteTag })),
      list: () => [...ctx.dialogs.values()],
      send: (dialog, method, sendOptions = {}) => {
        if (method === 'ACK') throw new Error('ACK has no transaction: use dialogs.ack()');
        return sendRequest(ctx, createInDialogRequest(dialog, method, sendOptions), sendOptions, dialog);
      },
      ack: (dialog, ackOptions = {}) => {
        const ack = createInDialogRequest(dialog, 'ACK', ackOptions);
        sendAck(ctx, ack, ackOptions.destination);
        return ack;
      },
    },
    contact: (protocol) => contactUri(pickTransport(ctx, protocol)),
    addresses: () =>
      ctx.transports.map(({ transport }) => ({ protocol: transport.protocol, ...transport.address() })),
    async close() {
      ctx.closed = true;
      for (const tx of ctx.clientTransactions.values()) tx.terminate();
      for (const tx of ctx.serverTransactions.values()) tx.terminate();
      await Promise.all(ctx.transports.map((b) => b.transport.close()));
    },
  };
}
