import { type CallContext, CONTINUE, STOP, type VerbResult } from '../verbs/call-context';

/**
 * Dial's and Enqueue's action URL semantics, as Twilio has them: with an action the result goes to
 * it and its document replaces this one; without, the document goes on after the verb. When the
 * call itself has ended the action is still told (its answer is ignored).
 */
export async function followAction(
  call: CallContext,
  action: { url?: string; method: 'GET' | 'POST' },
  params: Record<string, string>,
): Promise<VerbResult> {
  if (!action.url) return call.signal.aborted ? STOP : CONTINUE;
  if (call.signal.aborted) {
    await call.fetchVerbs(action.url, action.method, params).catch(() => undefined);
    return STOP;
  }
  return { next: 'replace', verbs: await call.fetchVerbs(action.url, action.method, params) };
}

/** Resolves when the call ends (or at once if it has). */
export function callEnded(call: CallContext): Promise<void> {
  return new Promise((resolve) => {
    if (call.signal.aborted) return resolve();
    call.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
