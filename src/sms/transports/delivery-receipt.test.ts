// Specifies how SMPP delivery receipts are read: the Appendix B text, the receipted_message_id and
// message_state TLVs, and which of them wins.
import { describe, expect, test } from 'vitest';
import { parseReceiptText, readDeliveryReceipt } from './delivery-receipt.ts';

const receiptText = (id: string, stat: string) =>
  `id:${id} sub:001 dlvrd:001 submit date:2603101200 done date:2603101201 stat:${stat} err:000 text:기성`;

describe('receipt text', () => {
  for (const row of [
    { stat: 'DELIVRD', expected: 'delivered' },
    { stat: 'UNDELIV', expected: 'undeliverable' },
    { stat: 'EXPIRED', expected: 'expired' },
    { stat: 'REJECTD', expected: 'rejected' },
    { stat: 'DELETED', expected: 'undeliverable' },
    { stat: 'ACCEPTD', expected: 'unknown' },
    { stat: 'ENROUTE', expected: 'unknown' },
    { stat: 'UNKNOWN', expected: 'unknown' },
    { stat: 'delivrd', expected: 'delivered' },
  ] as const) {
    test(`stat:${row.stat} → ${row.expected}`, () => {
      expect(readDeliveryReceipt({ text: receiptText('7f3a', row.stat) })).toEqual({
        providerMessageId: '7f3a',
        state: row.expected,
      });
    });
  }

  test('a text that is not a receipt names no message', () => {
    expect(parseReceiptText('안녕하세요')).toBeUndefined();
    expect(readDeliveryReceipt({ text: 'hello' })).toBeUndefined();
  });

  test('"Text:" with a capital, as SMPP 3.4 Appendix B writes it, is read too', () => {
    expect(parseReceiptText('id:42 sub:001 dlvrd:000 stat:UNDELIV err:001 Text:x')).toEqual({
      id: '42',
      stat: 'UNDELIV',
    });
  });
});

describe('TLVs', () => {
  for (const row of [
    { messageState: 2, expected: 'delivered' },
    { messageState: 3, expected: 'expired' },
    { messageState: 5, expected: 'undeliverable' },
    { messageState: 8, expected: 'rejected' },
    { messageState: 1, expected: 'unknown' },
    { messageState: 7, expected: 'unknown' },
  ] as const) {
    test(`message_state ${row.messageState} → ${row.expected}`, () => {
      expect(readDeliveryReceipt({ receiptedMessageId: 'm1', messageState: row.messageState })).toEqual({
        providerMessageId: 'm1',
        state: row.expected,
      });
    });
  }

  test('the TLVs win over the text', () => {
    expect(
      readDeliveryReceipt({ receiptedMessageId: 'tlv-id', messageState: 5, text: receiptText('text-id', 'DELIVRD') }),
    ).toEqual({ providerMessageId: 'tlv-id', state: 'undeliverable' });
  });

  test('an id from the TLV with the state from the text', () => {
    expect(readDeliveryReceipt({ receiptedMessageId: 'tlv-id', text: receiptText('x', 'EXPIRED') })).toEqual({
      providerMessageId: 'tlv-id',
      state: 'expired',
    });
  });
});
