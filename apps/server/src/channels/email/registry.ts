import { sandboxProviderModule } from '../sandbox/sandbox.adapter';

/** Every email provider IRIS can run: adding one is one folder and one line here. */
export const EMAIL_PROVIDERS = [sandboxProviderModule('email')] as const;
