import { sandboxProviderModule } from '../sandbox/sandbox.adapter';

/** Every chat provider IRIS can run: adding one is one folder and one line here. */
export const CHAT_PROVIDERS = [sandboxProviderModule('chat')] as const;
