import { EventEmitter } from 'node:events';
import { createSipStack, type Dialog, type IncomingRequest, type SipStack } from '@iris/sip';
import type { NgClient } from '../../../apps/server/src/voice/rtpengine/index.js';
import { type BridgeContext, bridgeInvite, type Leg } from './call-bridge';
import type { CallRecord, HarnessEvents } from './call-record';
import { createDigestGuard, type Users } from './digest-guard';
import { relayInDialog } from './in-dialog-relay';
import { passThroughMedia, rtpengineMedia } from './media-path';
import { createRegistrar } from './registrar';

export type HarnessOptions = {
  /** rtpengine to carry media through; null relays SDP untouched (signalling only). */
  ng: NgClient | null;
  realm?: string;
  /** REGISTER is digest-authenticated against these when given. */
  users?: Users;
  /** Challenge INVITEs too (401), with the same users. */
  authenticateInvites?: boolean;
  /** Where INVITEs for users that are not registered go (a sipp UAS). */
  forwardTo?: { host: string; port: number };
};

export type Harness = {
  stack: SipStack;
  port: number;
  events: EventEmitter<HarnessEvents>;
  calls: CallRecord[];
  registrar: ReturnType<typeof createRegistrar>;
  close(): Promise<void>;
};

/**
 * A small B2BUA + registrar for interop tests, built only from @iris/sip and the rtpengine driver:
 * registered users are called at their contact, anyone else at `forwardTo`.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const stack = await createSipStack({
    transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
    userAgent: 'iris-harness',
  });
  const events = new EventEmitter<HarnessEvents>();
  const calls: CallRecord[] = [];
  const registrar = createRegistrar();
  const guard = options.users ? createDigestGuard(options.realm ?? 'iris.test', options.users) : undefined;
  const ctx: BridgeContext = {
    stack,
    media: options.ng ? rtpengineMedia(options.ng) : passThroughMedia,
    events,
    legs: new WeakMap<Dialog, Leg>(),
    calls,
  };

  const route = (incoming: IncomingRequest): string | undefined => {
    const user = /^sips?:([^@;>]+)@/.exec(incoming.request.uri)?.[1] ?? '';
    const registered = registrar.lookup(user);
    if (registered) return registered.contact;
    const forward = options.forwardTo;
    return forward ? `sip:${user || 'service'}@${forward.host}:${forward.port}` : undefined;
  };

  stack.onRequest(async (incoming) => {
    const { method } = incoming.request;
    if (incoming.dialog) return relayInDialog(ctx, incoming);
    if (method === 'OPTIONS') return void incoming.reply(200);
    if (method === 'REGISTER') {
      if (guard && !(await guard(incoming))) return;
      const binding = registrar.register(incoming);
      if (binding) events.emit('registered', { user: binding.aor, contact: binding.contact });
      return;
    }
    if (method !== 'INVITE')
      return void incoming.reply(405, undefined, { Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER' });
    if (guard && options.authenticateInvites && !(await guard(incoming))) return;
    const target = route(incoming);
    if (!target) return void incoming.reply(404);
    await bridgeInvite(ctx, incoming, target);
  });

  return {
    stack,
    port: stack.addresses()[0]?.port ?? 0,
    events,
    calls,
    registrar,
    close: () => stack.close(),
  };
}
