/**
 * The part of npm `smpp` 0.5.1 (which ships no types) that Hado uses. Kept minimal on purpose: anything not
 * declared here is not relied on. PDU fields are the SMPP parameter names; TLVs appear as fields too.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  namespace smpp {
    type PduFields = Record<string, unknown>;

    interface PDU {
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      [field: string]: unknown;
      isResponse(): boolean;
      response(options?: PduFields): PDU;
    }

    type ResponseCallback = (pdu: PDU) => void;

    interface Session extends EventEmitter {
      readonly socket: import('node:net').Socket;
      send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
      bind_transceiver(options: PduFields, responseCallback?: ResponseCallback): boolean;
      submit_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
      deliver_sm(options: PduFields, responseCallback?: ResponseCallback): boolean;
      enquire_link(options: PduFields, responseCallback?: ResponseCallback): boolean;
      unbind(options: PduFields, responseCallback?: ResponseCallback): boolean;
      pause(): void;
      resume(): void;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      on(event: 'connect' | 'close', listener: () => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
      on(event: string, listener: (pdu: PDU) => void): this;
    }

    interface Server extends NetServer {
      readonly sessions: Session[];
      on(event: 'session', listener: (session: Session) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }

    type TlvType = { read: unknown; write: unknown; size: unknown };

    interface Smpp {
      connect(options: { host: string; port: number; auto_enquire_link_period?: number }): Session;
      createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
      addTLV(tag: string, options: { id: number; type: TlvType }): void;
      PDU: new (command: string, options?: PduFields) => PDU;
      types: { tlv: { string: TlvType; cstring: TlvType; buffer: TlvType; int8: TlvType } };
      errors: Record<string, number>;
      tlvsById: Record<number, { tag: string } | undefined>;
      ESME_ROK: number;
      ESME_RINVPASWD: number;
      ESME_RINVSYSID: number;
      ESME_RBINDFAIL: number;
    }
  }

  const smpp: smpp.Smpp;
  export = smpp;
}
