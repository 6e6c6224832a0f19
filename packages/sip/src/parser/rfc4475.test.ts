import { describe, expect, it } from 'vitest';
import { getContacts, getCSeq, getFrom, getHeader, getTo, getVias } from '../message/headers';
import { loadFixture, TORTURE_FIXTURES } from './fixtures/index';
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import { SipParseError } from './sip-parse-error';

const catchError = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
};

describe('RFC 4475 torture messages', () => {
  for (const fixture of TORTURE_FIXTURES) {
    const bytes = loadFixture(fixture.name);
    const label = `§${fixture.section} ${fixture.name}: ${fixture.title}`;
    if (fixture.expect.valid) {
      it(`${label} parses strictly and round-trips`, () => {
        const msg = parseMessage(bytes);
        const again = parseMessage(serializeMessage(msg));
        expect(again).toEqual(msg);
        expect(parseMessage(bytes, { mode: 'lenient' })).toEqual(msg);
      });
    } else {
      const { code, header } = fixture.expect;
      it(`${label} is rejected in strict mode`, () => {
        const err = catchError(() => parseMessage(bytes));
        expect(err).toBeInstanceOf(SipParseError);
        expect((err as SipParseError).code).toBe(code);
        if (header) expect((err as SipParseError).header).toBe(header);
      });
      it(`${label} ${fixture.lenientParses ? 'parses' : 'is rejected'} in lenient mode`, () => {
        const err = catchError(() => parseMessage(bytes, { mode: 'lenient' }));
        if (fixture.lenientParses) expect(err).toBeUndefined();
        else expect(err).toBeInstanceOf(SipParseError);
      });
    }
  }

  it('reads the tortuous INVITE (§3.1.1.1) as the RFC describes', () => {
    const msg = parseMessage(loadFixture('wsinv'));
    if (msg.kind !== 'request') throw new Error('expected a request');
    expect(msg.uri).toBe('sip:vivekg@chair-dnrc.example.com;unknownparam');
    expect(getTo(msg).params.tag).toBe('1918181833n');
    expect(getFrom(msg).displayName).toBe('J Rosenberg \\"');
    expect(getFrom(msg).params.tag).toBe('98asjd8');
    expect(getHeader(msg, 'Max-Forwards')).toBe('0068');
    expect(getCSeq(msg)).toEqual({ seq: 9, method: 'INVITE' });
    expect(getVias(msg).map((v) => [v.transport, v.host, v.params.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(getHeader(msg, 'Subject')).toBe('');
    expect(getHeader(msg, 'NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(getHeader(msg, 'UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    const [contact] = getContacts(msg);
    expect(contact?.displayName).toBe('Quoted string ""');
    expect(contact?.params).toEqual({ newparam: 'newvalue', secondparam: null, q: '0.33' });
    expect(msg.body.length).toBe(150);
  });

  it('keeps % literal where it is not an escape (§3.1.1.5) and discards trailing datagram octets (§3.1.1.8)', () => {
    const esc02 = parseMessage(loadFixture('esc02'));
    expect(esc02.kind === 'request' && esc02.method).toBe('RE%47IST%45R');
    expect(getContacts(esc02)).toHaveLength(2);
    expect(getHeader(esc02, 'C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
    const dbl = parseMessage(loadFixture('dblreq'));
    expect(dbl.kind === 'request' && dbl.method).toBe('REGISTER');
    expect(dbl.body.length).toBe(0);
  });

  it('keeps binary multipart bodies byte-exact (§3.1.1.11)', () => {
    const bytes = loadFixture('mpart01');
    const msg = parseMessage(bytes);
    expect(msg.body.equals(bytes.subarray(bytes.indexOf('\r\n\r\n') + 4))).toBe(true);
    expect(msg.body.includes(Buffer.from([0x00]))).toBe(true);
  });
});
