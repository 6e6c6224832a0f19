const MMS_TYPES = ['image', 'audio', 'video', 'vcard', 'file'] as const;

/** The checks Vonage makes on a send, with its field names; each problem as `{name, reason}`. */
export function validateVonageSend(request: Record<string, unknown>) {
  const problems: { name: string; reason: string }[] = [];
  const need = (ok: boolean, name: string, reason: string) => {
    if (!ok) problems.push({ name, reason });
  };
  const { channel, message_type: type, to, from } = request;
  need(channel === 'sms' || channel === 'mms', 'channel', 'must be sms or mms');
  need(typeof to === 'string' && /^\d{7,15}$/.test(to), 'to', 'must be E.164 digits, no leading +');
  need(
    typeof from === 'string' && (/^\d{4,15}$/.test(from) || /^[A-Za-z0-9 ]{1,11}$/.test(from)),
    'from',
    'must be a number (digits) or an alphanumeric sender of up to 11 characters',
  );
  if (channel === 'sms') {
    need(type === 'text', 'message_type', 'must be text on the sms channel');
    need(
      typeof request.text === 'string' && request.text.length > 0 && request.text.length <= 1000,
      'text',
      'must be 1 to 1000 characters',
    );
  }
  if (channel === 'mms') {
    const kind = MMS_TYPES.find((t) => t === type);
    need(kind !== undefined, 'message_type', `must be one of ${MMS_TYPES.join(', ')} on the mms channel`);
    const attachment = kind ? (request[kind] as { url?: unknown } | undefined) : undefined;
    need(
      typeof attachment?.url === 'string' && /^https?:\/\//.test(attachment.url),
      `${type}.url`,
      'must be a URL',
    );
  }
  if (request.client_ref !== undefined)
    need(
      typeof request.client_ref === 'string' && request.client_ref.length <= 100,
      'client_ref',
      'at most 100 characters',
    );
  return problems;
}
