import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build';
import { createRequest } from '../message/build-request';
import { getCSeq, getHeader, getHeaders, getTo } from '../message/headers';
import type { SipRequest } from '../parser/types';
import { createUacDialog, createUasDialog, receiveInDialogRequest, receiveInDialogResponse } from './dialog';
import { createInDialogRequest } from './in-dialog-request';

function invite(): SipRequest {
  const request = createRequest({
    method: 'INVITE',
    uri: 'sip:bob@biloxi.example.com',
    from: 'Alice <sip:alice@atlanta.example.com>',
    to: 'Bob <sip:bob@biloxi.example.com>',
    cseq: 314159,
    contact: '<sip:alice@pc33.atlanta.example.com>',
  });
  request.headers.unshift({
    name: 'Via',
    value: 'SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  });
  request.headers.push(
    { name: 'Record-Route', value: '<sip:p1.example.com;lr>' },
    { name: 'Record-Route', value: '<sip:p2.example.com;lr>' },
  );
  return request;
}

function answer(request: SipRequest) {
  return createResponse(request, 200, 'OK', { Contact: '<sip:bob@192.0.2.4>' });
}

describe('dialogs (RFC 3261 §12)', () => {
  it('UAC and UAS build mirror-image dialogs from the same 2xx', () => {
    const request = invite();
    const ok = answer(request);
    const uac = createUacDialog(request, ok);
    const uas = createUasDialog(request, ok);
    expect(uac.id).toEqual({ callId: uas.id.callId, localTag: uas.id.remoteTag, remoteTag: uas.id.localTag });
    expect(uac.routeSet).toEqual(['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
    expect(uas.routeSet).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    expect(uac.remoteTarget).toBe('sip:bob@192.0.2.4');
    expect(uas.remoteTarget).toBe('sip:alice@pc33.atlanta.example.com');
    expect(uac.state).toBe('confirmed');
    expect(uas.remoteSeq).toBe(314159);
  });

  it('builds loose-routed in-dialog requests with rising CSeq, and ACK with the INVITE CSeq', () => {
    const request = invite();
    const ok = answer(request);
    const dialog = createUacDialog(request, ok);
    const ack = createInDialogRequest(dialog, 'ACK');
    expect(getCSeq(ack)).toEqual({ seq: 314159, method: 'ACK' });
    const bye = createInDialogRequest(dialog, 'BYE');
    expect(bye.uri).toBe('sip:bob@192.0.2.4');
    expect(getHeaders(bye, 'Route')).toEqual(['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
    expect(getCSeq(bye)).toEqual({ seq: 314160, method: 'BYE' });
    expect(getTo(bye).params.tag).toBe(dialog.id.remoteTag);
    expect(getHeader(bye, 'Contact')).toBeUndefined();
    const reinvite = createInDialogRequest(dialog, 'INVITE', {
      body: 'v=0\r\n',
      contentType: 'application/sdp',
    });
    expect(getHeader(reinvite, 'Contact')).toBe('<sip:alice@pc33.atlanta.example.com>');
    expect(getCSeq(createInDialogRequest(dialog, 'ACK')).seq).toBe(314161);
  });

  it('puts a strict router in the Request-URI and the remote target last in Route', () => {
    const request = invite();
    const ok = answer(request);
    const dialog = createUacDialog(request, ok);
    dialog.routeSet = ['<sip:strict.example.com>', '<sip:p1.example.com;lr>'];
    const bye = createInDialogRequest(dialog, 'BYE');
    expect(bye.uri).toBe('sip:strict.example.com');
    expect(getHeaders(bye, 'Route')).toEqual(['<sip:p1.example.com;lr>', '<sip:bob@192.0.2.4>']);
  });

  it('rejects out-of-order CSeq, refreshes the target on re-INVITE and UPDATE, ends on BYE', () => {
    const request = invite();
    const ok = answer(request);
    const uac = createUacDialog(request, ok);
    const uas = createUasDialog(request, ok);
    uac.localContact = '<sip:alice@198.51.100.7>';
    const update = createInDialogRequest(uac, 'UPDATE');
    expect(receiveInDialogRequest(uas, update)).toEqual({ ok: true });
    expect(uas.remoteTarget).toBe('sip:alice@198.51.100.7');
    expect(receiveInDialogRequest(uas, update)).toMatchObject({ ok: false, status: 500 });
    const bye = createInDialogRequest(uac, 'BYE');
    expect(receiveInDialogRequest(uas, bye)).toEqual({ ok: true });
    expect(uas.state).toBe('terminated');
    receiveInDialogResponse(uac, bye, createResponse(bye, 200));
    expect(uac.state).toBe('terminated');
  });

  it('updates the UAC remote target from a re-INVITE 2xx', () => {
    const request = invite();
    const dialog = createUacDialog(request, answer(request));
    const reinvite = createInDialogRequest(dialog, 'INVITE');
    receiveInDialogResponse(
      dialog,
      reinvite,
      createResponse(reinvite, 200, 'OK', { Contact: '<sip:bob@203.0.113.9>' }),
    );
    expect(dialog.remoteTarget).toBe('sip:bob@203.0.113.9');
  });
});
