import type { ObjectStore } from '../platform/storage/object-store';
import type { DkimKey } from './email/smtp/smtp.schema';
import type { SandboxSink } from './sandbox/sandbox-sink';

/** What a provider module's `create` is given besides its credentials. */
export type ProviderRuntime = {
  /** The device simulator the sandbox providers deliver to. */
  sandbox: SandboxSink;
  /** Where attachments and media live (adapters read outbound attachments by key). */
  storage: ObjectStore;
  /** The DKIM key a tenant's verified sending domain signs with (the email domains IRIS generated). */
  dkimKeys?: (tenantId: string, domain: string) => Promise<DkimKey | undefined>;
};
