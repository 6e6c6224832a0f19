/**
 * Headers are kept as an ordered list of (name, value) pairs in the message's own order. Names of
 * known headers are canonical long forms ("v" → "Via"); list headers (Via, Contact, Route, ...) are
 * split so that each entry holds one value, which RFC 3261 §7.3.1 makes equivalent to the folded form.
 */
export type SipHeader = { name: string; value: string };

type MessageBase = {
  /** "SIP/2.0" for everything this stack will process; other versions are parsed so a 505 can be sent. */
  version: string;
  headers: SipHeader[];
  body: Buffer;
};

export type SipRequest = MessageBase & { kind: 'request'; method: string; uri: string };
export type SipResponse = MessageBase & { kind: 'response'; status: number; reason: string };
export type SipMessage = SipRequest | SipResponse;

/** Parameter names are compared case-insensitively (RFC 3261 §7.3.1), so they are stored lower-cased. */
export type Params = Record<string, string | null>;

export type SipUri = {
  type: 'sip';
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params: Params;
  headers: Record<string, string>;
};

/** Any URI whose scheme this stack does not interpret (tel:, mailto:, unknown schemes). */
export type AbsoluteUri = { type: 'absolute'; scheme: string; opaque: string };

export type Uri = SipUri | AbsoluteUri;

export type NameAddr = {
  /** Unquoted display name, when one was given. */
  displayName?: string;
  uri: Uri;
  params: Params;
};

export type Via = {
  /** Protocol name and version, normally "SIP/2.0". */
  protocol: string;
  /** Upper-cased transport token: UDP, TCP, TLS, SCTP, WS, WSS or an extension. */
  transport: string;
  host: string;
  port?: number;
  params: Params;
};

export type CSeq = { seq: number; method: string };

export type ParseMode = 'strict' | 'lenient';
