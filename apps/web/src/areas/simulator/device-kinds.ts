export type DeviceKind = 'phone' | 'email' | 'chat';
export type Channel = 'sms' | 'mms' | 'whatsapp' | 'email' | 'slack' | 'discord' | 'telegram' | 'teams';

/** The channels a virtual device can use: phones text and WhatsApp, inboxes email, chat users chat. */
export const DEVICE_CHANNELS: Record<DeviceKind, Channel[]> = {
  phone: ['sms', 'whatsapp', 'mms'],
  email: ['email'],
  chat: ['slack', 'discord', 'telegram', 'teams'],
};

export const DEVICE_LABELS: Record<DeviceKind, string> = {
  phone: 'Phone',
  email: 'Email inbox',
  chat: 'Chat user',
};

/** Guesses the kind of a device from the address typed in. */
export function kindOfAddress(address: string): DeviceKind {
  if (/^\+?[0-9][0-9 ()-]{5,}$/.test(address.trim())) return 'phone';
  if (address.includes('@')) return 'email';
  return 'chat';
}
