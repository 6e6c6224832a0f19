import type { AppContext } from '../../app-context';
import { ProviderError, type RawWebhook } from '../../channels/channel';
import type { ChatWebhookOutcome, ChatWebhookProvider } from '../../channels/chat/chat-provider';
import { AppError } from '../../platform/errors/app-error';
import type { Logger } from '../../platform/logging/logger';
import { receiveInbound } from '../messages/receive-inbound';

/**
 * One delivery to a platform's shared webhook URL. Each configured instance of the platform tries
 * to verify it (several Slack apps share /v1/social/webhook/slack; each signs with its own secret);
 * the one that does interprets it, and its messages go through the inbound pipeline — number
 * lookup, stored once per provider message id (retries and redeliveries are dropped), conversation
 * hooks. Nothing is stored unless a signature verified: forged requests get 401.
 */
export async function receiveChatWebhook(
  ctx: Pick<AppContext, 'db' | 'jobs' | 'messaging'>,
  candidates: ChatWebhookProvider[],
  raw: RawWebhook,
  logger: Logger,
): Promise<{ outcome: ChatWebhookOutcome; received: number }> {
  let verified: { provider: ChatWebhookProvider; outcome: ChatWebhookOutcome } | undefined;
  for (const provider of candidates) {
    try {
      verified = { provider, outcome: await provider.receiveWebhook(raw) };
      break;
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'invalid_signature') {
        logger.debug({ provider: provider.id, reason: error.message }, 'chat webhook not verified');
        continue;
      }
      if (error instanceof ProviderError && error.retryable)
        throw new AppError('service_unavailable', 'The webhook cannot be verified right now', {
          cause: error,
        });
      throw new AppError('bad_request', 'The webhook payload could not be parsed', { cause: error });
    }
  }
  if (!verified) throw new AppError('unauthorized', 'The webhook signature does not verify');

  let received = 0;
  for (const message of verified.outcome.messages) {
    const result = await ctx.db.transaction((tx) => receiveInbound(ctx, tx, message));
    // An account no tenant registered is acknowledged all the same: the platform would only retry.
    if (!result)
      logger.warn(
        { provider: verified.provider.id, to: message.to },
        'chat message to an account no tenant owns',
      );
    else if (!result.duplicate) received++;
  }
  return { outcome: verified.outcome, received };
}
