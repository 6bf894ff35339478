// Specifies the MT940/MT942 reader on small hand-written files: marks (C, D, RC, RD with funds codes),
// two-digit years and entry dates across a year end, decimal commas, :86: sub-fields and date refusals.
import { describe, expect, test } from 'vitest';
import type { BankMovement, StatementEvent } from './bank-movement.ts';
import { readStatement } from './read-statement.ts';

async function read(text: string): Promise<StatementEvent[]> {
  const all: StatementEvent[] = [];
  const chunks = (async function* () {
    yield Buffer.from(text, 'latin1');
  })();
  for await (const event of readStatement(chunks, { name: 'test.sta' })) all.push(event);
  return all;
}
const movementsOf = (events: StatementEvent[]): BankMovement[] =>
  events.flatMap((event) => (event.kind === 'movement' ? [event.movement] : []));
const statement = (lines: string[]) =>
  [
    ':20:REF',
    ':25:DE89370400440532013000',
    ':28C:1/1',
    ':60F:C231229EUR100,00',
    ...lines,
    ':62F:C240102EUR100,00',
    '-',
  ].join('\r\n');

describe(':61: statement lines', () => {
  for (const row of [
    { line: '2312291229C10,NTRFNONREF', direction: 'credit', reversal: false, amount: '10', bookedOn: '2023-12-29' },
    {
      line: '2312291229CR10,5NTRFNONREF',
      direction: 'credit',
      reversal: false,
      amount: '10.5',
      bookedOn: '2023-12-29',
    },
    {
      line: '2312310102D000000010,00NTRFNONREF',
      direction: 'debit',
      reversal: false,
      amount: '10.00',
      bookedOn: '2024-01-02',
    },
    { line: '2401021231RC1,00NRTINONREF', direction: 'debit', reversal: true, amount: '1.00', bookedOn: '2023-12-31' },
    { line: '991231RD1,00NTRFNONREF', direction: 'credit', reversal: true, amount: '1.00', bookedOn: '1999-12-31' },
  ]) {
    test(`${row.line} → ${row.direction}${row.reversal ? ' reversal' : ''} ${row.amount} booked ${row.bookedOn}`, async () => {
      const [movement] = movementsOf(await read(statement([`:61:${row.line}`])));
      expect(movement).toMatchObject({
        direction: row.direction,
        reversal: row.reversal,
        amountText: row.amount,
        bookedOn: row.bookedOn,
        currency: 'EUR',
        status: 'BOOK',
        booked: true,
      });
    });
  }
  test('references, supplementary details and a structured :86:', async () => {
    const [movement] = movementsOf(
      await read(
        statement([
          ':61:2312291229D12,34NTRFKREF123//BANK-REF-9',
          'SUPPLEMENTARY',
          ':86:166?00SEPA-UEBERWEISUNG?20EREF+E2E-1?21SVWZ+Rechnung 4',
          '2?30COBADEFFXXX?31DE02120300000000202051?32Baufirma Kim',
        ]),
      ),
    );
    expect(movement).toMatchObject({
      entryReference: 'KREF123',
      bankReference: 'BANK-REF-9',
      bankTransactionCode: 'NTRF',
      endToEndId: 'E2E-1',
      remittanceText: 'Rechnung 42',
      counterpartyName: 'Baufirma Kim',
      counterpartyAccount: 'DE02120300000000202051',
    });
  });
  for (const row of [
    { line: ':61:1602300301DR6,00N024NONREF', reason: /^test\.sta:5: impossible date 160230 \(2016-02-30\)$/ },
    { line: ':61:1602290230D6,00N024NONREF', reason: /^test\.sta:5: impossible entry date 0230 \(2016-02-30\)$/ },
    { line: ':61:160229X6,00N024NONREF', reason: /malformed :61: statement line/ },
    { line: ':61:1602290229D6,0,0N024NONREF', reason: /malformed amount "6,0,0"/ },
  ]) {
    test(`${row.line} is refused`, async () => {
      await expect(read(statement([row.line]))).rejects.toThrow(row.reason);
    });
  }
});

describe('statements', () => {
  test('the balance check uses 60F and 62F; a D balance is negative', async () => {
    const text = [
      ':20:A',
      ':25:X',
      ':60F:D240101EUR10,00',
      ':61:240101C15,NTRFNONREF',
      ':62F:C240101EUR5,00',
      '-',
    ].join('\n');
    const events = await read(text);
    const balances = events.flatMap((event) => (event.kind === 'balance' ? [event.balance] : []));
    expect(balances.map((balance) => [balance.type, balance.direction, balance.amountMinor])).toEqual([
      ['OPBD', 'debit', 1000n],
      ['CLBD', 'credit', 500n],
    ]);
  });
  test('a file without :20: is refused', async () => {
    await expect(read('hello\nworld\n')).rejects.toThrow(/no MT940\/MT942 statement/);
  });
});
