import type { VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/** `<Redirect>url</Redirect>`: the rest of the call follows the document at url. */
export const redirect: VerbHandler<Extract<Verb, { verb: 'redirect' }>> = async (call, verb) => ({
  next: 'replace',
  verbs: await call.fetchVerbs(verb.url, verb.method),
});
