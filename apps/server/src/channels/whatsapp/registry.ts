import { sandboxProviderModule } from '../sandbox/sandbox.adapter';
import { metaProviderModule } from './meta/meta.adapter';

/** Every whatsapp provider IRIS can run: adding one is one folder and one line here. */
export const WHATSAPP_PROVIDERS = [sandboxProviderModule('whatsapp'), metaProviderModule] as const;
