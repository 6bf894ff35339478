// Specifies the sandbox bank's messages: camt.054, camt.053 and pain.002 validate against the official XSDs,
// and Hado's own reader reads back what was written (amounts, directions, returns, end-to-end ids).
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { civilDate } from '../../kernel/civil-date.ts';
import { validateAgainstXsd } from '../instructions/xsd.test-helper.ts';
import { type BankMovement, type PaymentStatus, readStatement } from '../readers/index.ts';
import { type BookingLine, buildCamt053, buildCamt054, buildPain002 } from './bank-messages.ts';

const account = { bankCode: '004', accountNumber: '90120001014211', holderName: '(주)한강종합건설 (기성 전용)' };
const createdAt = new Date('2026-03-10T01:02:03Z');
const bookings: BookingLine[] = [
  {
    bookingReference: 'SBX-20260310-1-D',
    direction: 'debit',
    amountWon: 185_000_000n,
    bookedOn: civilDate('2026-03-10'),
    endToEndId: 'HADO-O17',
    instructionId: 'HADO-I17',
    counterpartyName: '(주)동방타일',
    counterpartyAccount: '1005203318842',
    remittance: '3월 기성 타일공사 <&>',
    returned: false,
    returnReason: null,
  },
  {
    bookingReference: 'SBX-20260310-1-R',
    direction: 'credit',
    amountWon: 185_000_000n,
    bookedOn: civilDate('2026-03-10'),
    endToEndId: 'HADO-O17',
    instructionId: null,
    counterpartyName: '(주)동방타일',
    counterpartyAccount: '1005203318842',
    remittance: null,
    returned: true,
    returnReason: 'AC04',
  },
];

async function read(xml: string) {
  const movements: BankMovement[] = [];
  const statuses: PaymentStatus[] = [];
  for await (const event of readStatement(Readable.from([Buffer.from(xml)]))) {
    if (event.kind === 'movement') movements.push(event.movement);
    if (event.kind === 'status') statuses.push(event.status);
  }
  return { movements, statuses };
}

describe('sandbox bank messages', () => {
  test('camt.054 validates and reads back', async () => {
    const xml = buildCamt054({ messageId: 'SBX-N-1', createdAt, account, bookings });
    expect(validateAgainstXsd(xml, 'camt.054.001.08.xsd')).toEqual({ valid: true });
    const { movements } = await read(xml);
    expect(
      movements.map((m) => [
        m.direction,
        m.amountMinor,
        m.returned,
        m.returnReason,
        m.endToEndId,
        m.counterpartyAccount,
        m.bankReference,
      ]),
    ).toEqual([
      ['debit', 185_000_000n, false, null, 'HADO-O17', '1005203318842', 'SBX-20260310-1-D'],
      ['credit', 185_000_000n, true, 'AC04', 'HADO-O17', '1005203318842', 'SBX-20260310-1-R'],
    ]);
    expect(movements[0]!.account).toBe(account.accountNumber);
  });

  test('camt.053 validates and its balances reconcile', async () => {
    const xml = buildCamt053({
      messageId: 'SBX-S-1',
      createdAt,
      account,
      day: civilDate('2026-03-10'),
      sequence: 1,
      openingWon: 500_000_000n,
      closingWon: 500_000_000n,
      bookings,
    });
    expect(validateAgainstXsd(xml, 'camt.053.001.08.xsd')).toEqual({ valid: true });
    expect((await read(xml)).movements).toHaveLength(2);
  });

  test('pain.002 validates and reports the rejected transfers with their reasons', async () => {
    const xml = buildPain002({
      messageId: 'SBX-P-1',
      createdAt,
      originalMessageId: 'HADO-M1',
      groupStatus: 'PART',
      rejected: [
        { paymentInformationId: 'PMT-1', endToEndId: 'HADO-O18', instructionId: null, reason: 'AM04' },
        { paymentInformationId: 'PMT-1', endToEndId: 'HADO-O19', instructionId: 'I-19', reason: 'AC04' },
      ],
    });
    expect(validateAgainstXsd(xml, 'pain.002.001.10.xsd')).toEqual({ valid: true });
    const { statuses } = await read(xml);
    expect(
      statuses.filter((s) => s.level === 'transaction').map((s) => [s.originalEndToEndId, s.status, s.reasons]),
    ).toEqual([
      ['HADO-O18', 'RJCT', ['AM04']],
      ['HADO-O19', 'RJCT', ['AC04']],
    ]);
  });
});
