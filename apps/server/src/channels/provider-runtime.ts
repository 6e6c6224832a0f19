import type { ObjectStore } from '../platform/storage/object-store';
import type { SandboxSink } from './sandbox/sandbox-sink';

/** What a provider module's `create` is given besides its credentials. */
export type ProviderRuntime = {
  /** The device simulator the sandbox providers deliver to. */
  sandbox: SandboxSink;
  /** Where attachments and media live (adapters read outbound attachments by key). */
  storage: ObjectStore;
};
