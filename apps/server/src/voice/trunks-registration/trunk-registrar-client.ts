import { createCallId, type SipStack } from '@iris/sip';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { voiceTrunks } from '../../modules/trunks/trunks.schema';
import type { Logger } from '../../platform/logging/logger';
import { acquireRegistrationLease, recordRegistration, releaseRegistrationLease } from './registration-lease';
import { type RegisterTarget, sendRegister } from './send-register';

type Trunk = typeof voiceTrunks.$inferSelect;

/** A trunk this node registers: where, with what, and when to send the next REGISTER. */
type Binding = {
  trunkId: string;
  target: RegisterTarget;
  expires: number;
  nextAt: number;
  failures: number;
  /** The REGISTER on its way (a silent registrar takes 32 s to time out: never awaited by the tick). */
  inFlight?: Promise<void>;
};

/** An un-REGISTER at shutdown waits this long at most for the registrar's answer. */
const UNREGISTER_WAIT_MS = 2000;

/** Refresh at half the granted time (at most 10 minutes early), as SIP phones do. */
const refreshDelayMs = (granted: number) => Math.max(1, granted - Math.min(granted / 2, 600)) * 1000;
/** Failed registrations back off: 2 s, 4 s, … up to 5 minutes. */
const backoffMs = (failures: number) => Math.min(300, 2 ** failures) * 1000;

export type TrunkRegistrarClient = {
  /** One pass now (the timer runs one every heartbeat): take/renew leases, REGISTER what is due, un-REGISTER trunks deleted or disabled. */
  tick(): Promise<void>;
  /** Un-REGISTERs this node's trunks and frees their leases (graceful stop). */
  stop(): Promise<void>;
};

function targetOf(ctx: AppContext, trunk: Trunk, previous?: RegisterTarget): RegisterTarget | undefined {
  const settings = trunk.registration!;
  const username = settings.username ?? trunk.username;
  const encrypted = trunk.registrationPasswordEncrypted ?? trunk.passwordEncrypted;
  if (!username || !encrypted) return undefined;
  const [host, port] = settings.registrar ? settings.registrar.split(':') : [trunk.host, String(trunk.port)];
  return {
    host: host!,
    port: Number(port ?? 5060),
    protocol: trunk.transport === 'tcp' ? 'tcp' : 'udp',
    username,
    password: ctx.encryptor.decrypt(encrypted),
    callId: previous?.callId ?? createCallId(),
    cseq: previous?.cseq ?? 1,
  };
}

/**
 * Keeps the trunks with `registration.enabled` registered with their carriers from this voice node,
 * for the trunks whose lease it holds (one node per trunk cluster-wide, registration-lease.ts).
 * Passes run every VOICE_HEARTBEAT_SECONDS, on their own timer: a slow registrar never delays the
 * node's heartbeat.
 */
export function createTrunkRegistrarClient(options: {
  ctx: AppContext;
  sip: SipStack;
  nodeId: string;
  logger: Logger;
}): TrunkRegistrarClient {
  const { ctx, sip, nodeId } = options;
  const logger = options.logger.child({ module: 'trunk-registration' });
  const bindings = new Map<string, Binding>();
  let stopped = false;

  async function register(binding: Binding) {
    const result = await sendRegister(sip, binding.target, binding.expires).catch((error: Error) => ({
      ok: false as const,
      error: error.message,
      cseq: binding.target.cseq + 2,
    }));
    binding.target.cseq = result.cseq;
    if (result.ok) {
      binding.failures = 0;
      binding.nextAt = Date.now() + refreshDelayMs(result.expiresSeconds);
      await recordRegistration(ctx.db, binding.trunkId, nodeId, {
        state: 'registered',
        expiresAt: new Date(Date.now() + result.expiresSeconds * 1000),
        lastError: null,
        failures: 0,
      });
      return;
    }
    binding.failures += 1;
    binding.nextAt = Date.now() + backoffMs(binding.failures);
    logger.warn({ trunkId: binding.trunkId, error: result.error }, 'trunk registration failed');
    await recordRegistration(ctx.db, binding.trunkId, nodeId, {
      state: 'failed',
      lastError: result.error,
      failures: binding.failures,
    });
  }

  async function unregister(binding: Binding) {
    await binding.inFlight;
    const sent = sendRegister(sip, binding.target, 0).catch((error: Error) => {
      logger.warn({ trunkId: binding.trunkId, err: error }, 'un-REGISTER failed');
    });
    await Promise.race([sent, new Promise((resolve) => setTimeout(resolve, UNREGISTER_WAIT_MS).unref())]);
  }

  async function tick() {
    if (stopped) return;
    const trunks = await ctx.db
      .select()
      .from(voiceTrunks)
      .where(sql`(${voiceTrunks.registration}->>'enabled')::boolean`);
    const wanted = new Set(trunks.map((trunk) => trunk.id));
    // Deleted or disabled trunks: un-REGISTER from the copy kept here (the row may be gone).
    for (const [trunkId, binding] of bindings) {
      if (wanted.has(trunkId)) continue;
      bindings.delete(trunkId);
      await unregister(binding);
      await releaseRegistrationLease(ctx.db, trunkId, nodeId, 'unregistered');
    }
    for (const trunk of trunks) {
      if (!(await acquireRegistrationLease(ctx.db, trunk.id, nodeId))) {
        bindings.delete(trunk.id); // another node holds it (we lost the lease while stalled)
        continue;
      }
      let binding = bindings.get(trunk.id);
      if (binding?.inFlight) continue;
      // Rebuilt each pass: an edited password or registrar applies on the next REGISTER.
      const target = targetOf(ctx, trunk, binding?.target);
      if (!target) continue;
      if (binding) Object.assign(binding, { target, expires: trunk.registration!.expires });
      else {
        binding = { trunkId: trunk.id, target, expires: trunk.registration!.expires, nextAt: 0, failures: 0 };
        bindings.set(trunk.id, binding);
      }
      if (Date.now() >= binding.nextAt) {
        const due = binding;
        due.inFlight = register(due)
          .catch((error) => logger.error({ err: error, trunkId: trunk.id }, 'trunk registration failed'))
          .finally(() => {
            due.inFlight = undefined;
          });
      }
    }
  }

  // Ticks never overlap; each renews the leases well within LEASE_SECONDS.
  let running: Promise<void> | undefined;
  const runTick = () => {
    running ??= tick()
      .catch((error) => logger.error({ err: error }, 'trunk registration pass failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void runTick(), ctx.config.voice.heartbeatSeconds * 1000);
  timer.unref();

  return {
    tick: runTick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      for (const [trunkId, binding] of bindings) {
        await unregister(binding);
        await releaseRegistrationLease(ctx.db, trunkId, nodeId, 'unregistered');
      }
      bindings.clear();
    },
  };
}
