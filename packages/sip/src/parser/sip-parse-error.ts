/** What part of a message was wrong; lets callers (and tests) tell rejections apart without matching prose. */
export type SipParseErrorCode =
  | 'empty'
  | 'start-line'
  | 'version'
  | 'status-code'
  | 'header-line'
  | 'header-value'
  | 'uri'
  | 'content-length'
  | 'framing'
  | 'mismatch';

/** The only error the parser ever throws: anything else escaping it is a bug (the fuzz tests hold it to that). */
export class SipParseError extends Error {
  override readonly name = 'SipParseError';
  readonly code: SipParseErrorCode;
  /** Header the problem was found in, when there is one. */
  readonly header: string | undefined;

  constructor(code: SipParseErrorCode, message: string, header?: string) {
    super(message);
    this.code = code;
    this.header = header;
  }
}
