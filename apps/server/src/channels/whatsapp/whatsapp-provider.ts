import type { ChannelProvider } from '../channel';

/** The one adapter contract for WhatsApp Business (Meta Cloud API). */
export type WhatsAppProvider = ChannelProvider<'whatsapp'>;
