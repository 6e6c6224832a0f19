import type { Credentials } from '../auth/digest-client';
import type { Dialog } from '../dialog/dialog';
import type { InDialogOptions } from '../dialog/in-dialog-request';
import type { ExtraHeaders } from '../message/build';
import type { RequestOptions } from '../message/build-request';
import type { SipRequest, SipResponse } from '../parser/types';
import type { ClientTransaction, ServerTransaction } from '../transaction/types';
import type { Endpoint, TransportProtocol } from '../transport/types';

export type IncomingRequest = {
  request: SipRequest;
  /** Where the request came from (source address of the datagram or connection). */
  remote: Endpoint;
  /** The dialog an in-dialog request belongs to. */
  dialog: Dialog | undefined;
  transaction: ServerTransaction;
  /** Sends a response through the server transaction. */
  respond(response: SipResponse): void;
  /**
   * Builds and sends a response (ignored, with a warning, once a final one was sent). All responses
   * to one INVITE carry the same To tag, and a 2xx/18x to an INVITE gets the stack's Contact when
   * none is given, creating the dialog.
   */
  reply(status: number, reason?: string, extraHeaders?: ExtraHeaders, body?: Buffer | string): SipResponse;
  /**
   * Sends a 1xx to an INVITE reliably (RFC 3262: Require: 100rel, RSeq), retransmitting it until the
   * UAC's PRACK, which the stack answers itself. Throws unless the UAC offered 100rel.
   */
  replyReliably(
    status: number,
    reason?: string,
    extraHeaders?: ExtraHeaders,
    body?: Buffer | string,
  ): SipResponse;
  /** Called when the peer CANCELs this INVITE (the stack has already answered 200 and 487). */
  onCancel(listener: () => void): void;
};

export type RequestHandler = (incoming: IncomingRequest) => void | Promise<void>;
export type AckListener = (ack: SipRequest, dialog: Dialog | undefined) => void;

export type SendOptions = {
  /** Next hop; by default the first Route or the Request-URI (no RFC 3263 DNS lookups). */
  destination?: { host: string; port: number; protocol?: TransportProtocol };
  /** Answer 401/407 challenges once with these credentials. */
  credentials?: Credentials;
  /** INVITE only: ACK 2xx responses automatically (default true). */
  autoAck?: boolean;
};

export type OutgoingRequest = {
  /** The request as last sent (with Via; after an auth retry, the retried one). */
  readonly request: SipRequest;
  readonly transaction: ClientTransaction;
  /** Final response (a local 408/503 on timeout or transport failure). */
  readonly response: Promise<SipResponse>;
  onProvisional(listener: (response: SipResponse) => void): void;
  /** The dialog a 2xx to an INVITE created or refreshed. */
  dialog(): Dialog | undefined;
  /** INVITE only: sends CANCEL once a provisional response has arrived (RFC 3261 §9.1). */
  cancel(): void;
};

export type SipStack = {
  onRequest(handler: RequestHandler): void;
  /** ACKs for 2xx responses (each is its own transaction-less request). */
  onAck(listener: AckListener): void;
  sendRequest(request: SipRequest, options?: SendOptions): OutgoingRequest;
  /** Out-of-dialog request with this stack's Contact filled in when none is given. */
  createRequest(options: RequestOptions & { protocol?: TransportProtocol }): SipRequest;
  createResponse(
    request: SipRequest,
    status: number,
    reason?: string,
    extraHeaders?: ExtraHeaders,
  ): SipResponse;
  dialogs: {
    get(callId: string, localTag: string, remoteTag: string): Dialog | undefined;
    list(): Dialog[];
    /** Sends a request inside the dialog (re-INVITE, UPDATE, BYE, INFO, ...); not ACK, see ack(). */
    send(dialog: Dialog, method: string, options?: InDialogOptions & SendOptions): OutgoingRequest;
    /** ACKs the dialog's last INVITE 2xx, for callers that sent it with autoAck: false (late offer). */
    ack(dialog: Dialog, options?: InDialogOptions & Pick<SendOptions, 'destination'>): SipRequest;
  };
  /** Contact URI for a transport (the first one by default). */
  contact(protocol?: TransportProtocol): string;
  /** Actually bound addresses, one per transport. */
  addresses(): Endpoint[];
  close(): Promise<void>;
};
