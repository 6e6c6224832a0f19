import type { AppContext } from '../../../app-context';
import type { Sender } from '../../numbers/find-sender';
import { parseEmail } from './parse-email';
import { receiveEmail } from './receive-email';

type Deps = Pick<AppContext, 'db' | 'jobs' | 'messaging' | 'storage'>;

export type AcceptedRecipient = {
  recipient: string;
  tenantId: string;
  /** Undefined for a redelivery of a message already stored for this recipient. */
  messageId?: string;
};

/**
 * One raw email for recipients already known to be ours (the SMTP role checked them at RCPT, the raw
 * endpoint against the tenant): parsed once, then stored per recipient — each recipient's copy
 * commits or fails on its own, so a failure for one never loses another's.
 */
export async function acceptEmail(
  deps: Deps,
  input: {
    raw: Buffer;
    recipients: { address: string; owner: Sender }[];
    provider: string;
    envelopeFrom?: string;
  },
): Promise<AcceptedRecipient[]> {
  const parsed = await parseEmail(input.raw);
  const accepted: AcceptedRecipient[] = [];
  for (const { address, owner } of input.recipients) {
    const result = await receiveEmail(deps, {
      parsed,
      recipient: address,
      owner,
      provider: input.provider,
      envelopeFrom: input.envelopeFrom,
    });
    accepted.push({
      recipient: address,
      tenantId: owner.tenantId,
      messageId: result && !result.duplicate ? result.message.id : undefined,
    });
  }
  return accepted;
}
