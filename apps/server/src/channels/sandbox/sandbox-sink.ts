import type { OutboundMessage } from '../channel';

/** Where the sandbox provider delivers: the device simulator (modules/sandbox implements it). */
export type SandboxSink = {
  /** Idempotent per providerMessageId: a resend after a crash must not deliver twice. */
  accept(message: OutboundMessage & { providerMessageId: string }): Promise<void>;
};
