import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type Verb, VerbDocumentSchema } from './verb-schema';

/** A verb document we cannot run: bad XML or JSON, an unknown verb, an invalid attribute. */
export class VerbDocumentError extends Error {}

type Node = { [name: string]: Node[] | string | Record<string, string> | undefined } & {
  ':@'?: Record<string, string>;
};

const parser = new XMLParser({
  preserveOrder: true, // verbs run in document order
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

const nameOf = (node: Node) => Object.keys(node).find((key) => key !== ':@')!;
const childrenOf = (node: Node) => (node[nameOf(node)] as Node[] | undefined) ?? [];
const textOf = (node: Node) =>
  childrenOf(node)
    .map((child) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
    .join('')
    .trim();
const int = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const bool = (value: string | undefined) => (value === undefined ? undefined : value === 'true');

function dialTargetOf(node: Node) {
  const text = textOf(node);
  switch (nameOf(node)) {
    case 'Number':
      return { type: 'number', number: text };
    case 'Sip':
      return { type: 'sip', uri: text };
    case 'Client':
      return { type: 'client', identity: text };
    case 'Queue':
      return { type: 'queue', name: text };
    case 'Conference': {
      const a = node[':@'] ?? {};
      return {
        type: 'conference',
        name: text,
        startConferenceOnEnter: bool(a.startConferenceOnEnter),
        endConferenceOnExit: bool(a.endConferenceOnExit),
        muted: bool(a.muted),
        beep: a.beep === undefined ? undefined : a.beep !== 'false',
      };
    }
    default:
      throw new VerbDocumentError(`<Dial> cannot contain <${nameOf(node)}>`);
  }
}

/** One TwiML element in the JSON verb shape (validated afterwards by VerbDocumentSchema). */
function verbOf(node: Node): Record<string, unknown> {
  const name = nameOf(node);
  const a = node[':@'] ?? {};
  const elements = childrenOf(node).filter((child) => nameOf(child) !== '#text');
  switch (name) {
    case 'Say':
      return { verb: 'say', text: textOf(node), voice: a.voice, loop: int(a.loop) };
    case 'Play':
      return { verb: 'play', url: textOf(node), loop: int(a.loop) };
    case 'Pause':
      return { verb: 'pause', length: int(a.length) };
    case 'Hangup':
      return { verb: 'hangup' };
    case 'Reject':
      return { verb: 'reject', reason: a.reason };
    case 'Redirect':
      return { verb: 'redirect', url: textOf(node), method: a.method };
    case 'Gather':
      return {
        verb: 'gather',
        numDigits: int(a.numDigits),
        finishOnKey: a.finishOnKey,
        timeout: int(a.timeout),
        action: a.action,
        method: a.method,
        prompts: elements.map(verbOf),
      };
    case 'Record':
      return {
        verb: 'record',
        maxLength: int(a.maxLength),
        finishOnKey: a.finishOnKey,
        playBeep: bool(a.playBeep),
        action: a.action,
        method: a.method,
        recordingStatusCallback: a.recordingStatusCallback,
      };
    case 'Dial': {
      const text = textOf(node);
      const targets = elements.length > 0 ? elements.map(dialTargetOf) : [{ type: 'number', number: text }];
      return {
        verb: 'dial',
        targets,
        timeout: int(a.timeout),
        callerId: a.callerId,
        action: a.action,
        method: a.method,
        record: a.record === undefined ? undefined : a.record !== 'do-not-record' && a.record !== 'false',
      };
    }
    case 'Enqueue':
      return {
        verb: 'enqueue',
        name: textOf(node),
        waitUrl: a.waitUrl,
        waitUrlMethod: a.waitUrlMethod,
        action: a.action,
        method: a.method,
      };
    default:
      throw new VerbDocumentError(`unknown verb <${name}>`);
  }
}

const dropUndefined = (value: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [
        k,
        Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? dropUndefined(x) : x)) : v,
      ]),
  );

/** Parses TwiML-subset XML (`<Response>…</Response>`) into the JSON verb shape. */
export function parseVerbXml(xml: string): Verb[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new VerbDocumentError(`invalid XML: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(xml) as Node[]).filter((node) => !['?xml', '#text'].includes(nameOf(node)));
  if (roots.length !== 1 || nameOf(roots[0]!) !== 'Response')
    throw new VerbDocumentError('the document must be one <Response> element');
  const verbs = childrenOf(roots[0]!)
    .filter((child) => nameOf(child) !== '#text')
    .map((child) => dropUndefined(verbOf(child)));
  return validateVerbs(verbs);
}

export function validateVerbs(verbs: unknown): Verb[] {
  const parsed = VerbDocumentSchema.safeParse(verbs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VerbDocumentError(`invalid verb at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** A fetched document by its content type: JSON (an array, or `{ verbs: [...] }`) or XML. */
export function parseVerbDocument(body: string, contentType: string | null): Verb[] {
  const json = contentType?.includes('json') ?? false;
  if (!json) return parseVerbXml(body);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new VerbDocumentError('invalid JSON');
  }
  return validateVerbs(Array.isArray(value) ? value : (value as { verbs?: unknown })?.verbs);
}
