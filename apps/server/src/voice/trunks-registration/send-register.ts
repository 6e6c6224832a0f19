import { getContacts, getHeader, type SipStack } from '@iris/sip';

export type RegisterTarget = {
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
  username: string;
  password: string;
  /** One Call-ID per binding, CSeq rising across refreshes (RFC 3261 §10.2). */
  callId: string;
  cseq: number;
};

export type RegisterResult =
  | { ok: true; expiresSeconds: number; cseq: number }
  | { ok: false; error: string; cseq: number };

/**
 * One REGISTER (or un-REGISTER with `expires: 0`) to a carrier's registrar, answering its digest
 * challenge once (the stack's credentials retry). The granted time is the registrar's: our
 * Contact's `expires` parameter in the 200, else its Expires header, else what we asked for.
 */
export async function sendRegister(
  sip: SipStack,
  target: RegisterTarget,
  expires: number,
): Promise<RegisterResult> {
  const aor = `sip:${target.username}@${target.host}`;
  const request = sip.createRequest({
    method: 'REGISTER',
    uri: `sip:${target.host}:${target.port};transport=${target.protocol}`,
    from: `<${aor}>`,
    to: `<${aor}>`,
    callId: target.callId,
    cseq: target.cseq,
    protocol: target.protocol,
    headers: { Expires: String(expires) },
  });
  const outgoing = sip.sendRequest(request, {
    destination: { host: target.host, port: target.port, protocol: target.protocol },
    credentials: { username: target.username, password: target.password },
  });
  const response = await outgoing.response;
  // The credentials retry used the next CSeq: the next REGISTER must go above it.
  const cseq = Number(/^\s*(\d+)/.exec(getHeader(outgoing.request, 'CSeq') ?? '')?.[1] ?? target.cseq) + 1;
  if (response.status < 200 || response.status >= 300)
    return { ok: false, error: `registrar answered ${response.status} ${response.reason}`, cseq };
  const ours = sip.contact(target.protocol);
  const granted = getContacts(response)
    .filter(
      (contact) => contact.uri.type === 'sip' && ours.includes(`${contact.uri.host}:${contact.uri.port}`),
    )
    .map((contact) => Number(contact.params.expires))
    .find((value) => Number.isFinite(value));
  const header = Number(getHeader(response, 'Expires'));
  return {
    ok: true,
    expiresSeconds: granted ?? (Number.isFinite(header) && getHeader(response, 'Expires') ? header : expires),
    cseq,
  };
}
