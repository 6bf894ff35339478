import smpp from 'smpp';
import { smppOutboxKeyField, smppOutboxKeyTagDefault } from '../sms/transports/index.ts';

/**
 * A small SMS centre on loopback for the outbox tests, built with the same `smpp` package Hado sends with: it
 * accepts binds (password `secret`), records every submit with its outbox key, answers with a message id and can
 * send a delivery receipt for it. Test support only.
 */
export class TestSmsc {
  readonly submits: { key: string; to: string; pdu: smpp.PDU; messageId: string }[] = [];
  #server: smpp.Server | undefined;
  #nextId = 1;

  constructor() {
    // The `smpp` package keeps one TLV table per process: register the outbox key's tag as the transport does, so
    // this centre reads the key even when no transport was built in this process.
    const field = smppOutboxKeyField(smppOutboxKeyTagDefault);
    const existing = smpp.tlvsById[smppOutboxKeyTagDefault];
    if (existing === undefined) smpp.addTLV(field, { id: smppOutboxKeyTagDefault, type: smpp.types.tlv.string });
  }

  async start(port = 0): Promise<number> {
    const server = smpp.createServer({}, (session) => this.#serve(session));
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  /** How many times each outbox key was submitted. */
  countsByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const submit of this.submits) counts.set(submit.key, (counts.get(submit.key) ?? 0) + 1);
    return counts;
  }

  /** Sends a delivery receipt for a submitted message on the first bound session. */
  sendReceipt(messageId: string, stat: 'DELIVRD' | 'UNDELIV' = 'DELIVRD'): void {
    const session = this.#server?.sessions[0];
    if (!session) throw new Error('no session');
    session.deliver_sm(
      {
        esm_class: 0x04,
        receipted_message_id: messageId,
        message_state: stat === 'DELIVRD' ? 2 : 5,
        short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2603101200 done date:2603101201 stat:${stat} err:000 text:`,
      },
      () => {},
    );
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of [...server.sessions]) session.destroy();
    await closed;
  }

  #serve(session: smpp.Session): void {
    session.on('error', () => {});
    session.on('bind_transceiver', (pdu) => {
      if (pdu['password'] !== 'secret') {
        session.send(pdu.response({ command_status: smpp.ESME_RINVPASWD }));
        return;
      }
      session.send(pdu.response({ system_id: 'test-smsc' }));
    });
    session.on('submit_sm', (pdu) => {
      const messageId = `msg-${this.#nextId++}`;
      this.submits.push({
        key: String(pdu[smppOutboxKeyField(smppOutboxKeyTagDefault)] ?? ''),
        to: String(pdu['destination_addr'] ?? ''),
        pdu,
        messageId,
      });
      session.send(pdu.response({ message_id: messageId }));
    });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
  }
}
