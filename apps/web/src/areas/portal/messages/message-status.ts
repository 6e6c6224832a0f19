/** Badge tone of a message status: delivered is good, failures are bad, the rest is in flight. */
export function statusTone(status: string): 'success' | 'warning' | 'danger' | 'neutral' {
  if (status === 'delivered' || status === 'read' || status === 'received' || status === 'sent')
    return 'success';
  if (status === 'failed' || status === 'undelivered' || status === 'canceled') return 'danger';
  if (status === 'queued' || status === 'sending' || status === 'scheduled') return 'warning';
  return 'neutral';
}

export const CHANNELS = ['sms', 'mms', 'whatsapp', 'email', 'slack', 'discord', 'telegram', 'teams'] as const;
export const STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'canceled',
  'received',
] as const;
