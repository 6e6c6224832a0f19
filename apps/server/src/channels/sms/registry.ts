import { sandboxProviderModule } from '../sandbox/sandbox.adapter';

/** Every sms provider IRIS can run: adding one is one folder and one line here. */
export const SMS_PROVIDERS = [sandboxProviderModule('sms')] as const;
