// Specifies the notable cases of the shared corpus one by one: balance chains across days, a 53-item batch,
// float-noise balances, returns and reversals, namespace quirks, encodings and MT940 date and mark rules.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { BankEntry, BankMovement, StatementBalance, StatementEvent } from './bank-movement.ts';
import { readStatement } from './read-statement.ts';
import { summarizeStatementFile } from './summarize-statement.ts';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

async function read(file: string): Promise<StatementEvent[]> {
  const all: StatementEvent[] = [];
  for await (const event of readStatement(`${corpus}${file}`)) all.push(event);
  return all;
}
const movementsOf = (events: StatementEvent[]): BankMovement[] =>
  events.flatMap((event) => (event.kind === 'movement' ? [event.movement] : []));
const entriesOf = (events: StatementEvent[]): BankEntry[] =>
  events.flatMap((event) => (event.kind === 'entry' ? [event.entry] : []));
const balancesOf = (events: StatementEvent[]): StatementBalance[] =>
  events.flatMap((event) => (event.kind === 'balance' ? [event.balance] : []));

describe('subite camt.053 days 2024-03-07, -08 and -11 chain their balances', () => {
  const days = ['2024-03-07', '2024-03-08', '2024-03-11'].map(
    (day) => `iso20022/camt.053/subite__CAMT_053__${day}.xml`,
  );
  // Closing CLBD of one day as written in the files (grep '<Cd>CLBD' -A1), and the next day's OPBD.
  const chain = [
    { account: 'LT625883379695428516', balances: ['21081222.58', '21903960.39', '27229398.96', '29194819.2'] },
    { account: 'LT414319056143772570', balances: ['4801.55', '4801.55', '4801.55', '4801.55'] },
  ];
  test('closing of each day equals opening of the next, and each day reconciles', async () => {
    const summaries = await Promise.all(days.map((day) => summarizeStatementFile(`${corpus}${day}`)));
    for (const [statementIndex, expected] of chain.entries()) {
      summaries.forEach((summary, day) => {
        const statement = summary.statements[statementIndex]!;
        expect(statement.account).toBe(expected.account);
        expect(statement.balances['OPBD']?.amount).toBe(expected.balances[day]);
        expect(statement.balances['CLBD']?.amount).toBe(expected.balances[day + 1]);
        expect(statement.reconciles).toBe(true);
        if (day > 0)
          expect(statement.balances['OPBD']).toEqual(summaries[day - 1]!.statements[statementIndex]!.balances['CLBD']);
      });
    }
  });
  test('balances without CdtDbtInd and entries without Sts are read with warnings, not refused', async () => {
    const summary = await summarizeStatementFile(`${corpus}${days[0]}`);
    expect(summary.warnings).toContain('statement 1: OPBD balance has no valid CdtDbtInd (""); taken as credit');
    expect(summary.warnings).toContain('statement 1 entry 1: entry has no status (Sts); taken as BOOK');
  });
});

describe('subite camt.054 2024-04-01: one entry of 53 transaction details', () => {
  // 35 credit and 18 debit details (grep CdtDbtInd): credits 37607.58 − debits 20090 = the entry 17517.58.
  test('splits into 53 movements whose credits minus debits equal the entry of 17517.58 EUR', async () => {
    const events = await read('iso20022/camt.054/subite__CAMT_054__2024-04-01.xml');
    const [entry] = entriesOf(events);
    const movements = movementsOf(events);
    expect(entry).toMatchObject({
      amountText: '17517.58',
      amountMinor: 1751758n,
      detailCount: 53,
      direction: 'credit',
    });
    expect(movements).toHaveLength(53);
    const signed = (movement: BankMovement) =>
      movement.direction === 'credit' ? movement.amountMinor! : -movement.amountMinor!;
    expect(movements.reduce((sum, movement) => sum + signed(movement), 0n)).toBe(1751758n);
    expect(movements.filter((movement) => movement.direction === 'credit')).toHaveLength(35);
    expect(movements.filter((movement) => movement.direction === 'debit')).toHaveLength(18);
    expect(movements.map((movement) => movement.detailIndex)).toEqual([...Array(53).keys()]);
    // <Sts>INFO</Sts> as plain text (pre-.05 style in a .10 document): flagged, never booked.
    expect(movements.every((movement) => movement.status === 'INFO' && !movement.booked)).toBe(true);
    expect(entry!.warnings.some((warning) => warning.includes('netted') || warning.includes('net to'))).toBe(false);
  });
});

describe('float-noise and extra-decimal amounts', () => {
  test('hbci4java invalid-saldo: 100.0000000000005 EUR balances are flagged, kept as text, left out of the check', async () => {
    const file = 'iso20022/camt.052/hbci4java__test-camt-parse-5200108-invalid-saldo.xml';
    const balances = balancesOf(await read(file));
    expect(balances.map((balance) => [balance.type, balance.amountText, balance.amountMinor, balance.inexact])).toEqual(
      [
        ['OPBD', '100.0000000000005', null, true],
        ['CLBD', '66.0000000000001', null, true],
      ],
    );
    const summary = await summarizeStatementFile(`${corpus}${file}`);
    expect(summary.statements[0]!.reconciles).toBeNull();
    expect(summary.warnings.some((warning) => warning.includes('inexact balance amount 100.0000000000005 EUR'))).toBe(
      true,
    );
  });
  test('genkgo five.decimals: 8.850 EUR has a zero third decimal and is exact', async () => {
    const [movement] = movementsOf(await read('iso20022/camt.053/genkgo__camt053.v2.five.decimals.xml'));
    expect(movement).toMatchObject({ amountText: '8.850', amountMinor: 885n, inexact: false });
  });
});

describe('returns and reversals', () => {
  test('PostFinance camt.054 return: RvslInd, RtrInf reason AC01, code PMNT/ICDT/RRTN', async () => {
    const [movement] = movementsOf(
      await read('iso20022/camt.054/moov__camt054-returns_p_ch5109000000250092291_1110097606_0_2020112500512470.xml'),
    );
    expect(movement).toMatchObject({
      amountText: '500.00',
      direction: 'credit',
      reversal: true,
      returned: true,
      returnReason: 'AC01',
      bankTransactionCode: 'PMNT/ICDT/RRTN',
      booked: true,
    });
  });
  test('German Ruecklastschrift (camt.052.001.02) is a returned debit with reason MS03', async () => {
    const [movement] = movementsOf(await read('iso20022/camt.052/hbci4java__test-camt-ruecklastschrift.xml'));
    expect(movement).toMatchObject({ direction: 'debit', returned: true, returnReason: 'MS03', amountText: '53.00' });
  });
  test('camt_parser v4: 3 returned details in one batch and 2 reversed direct debits (MD06)', async () => {
    const movements = movementsOf(await read('iso20022/camt.053/camtparser__valid_example_v4.xml'));
    expect(movements.filter((movement) => movement.returned).map((movement) => movement.returnReason)).toEqual([
      'NARR',
      'NARR',
      'NARR',
      'MD06',
      'MD06',
    ]);
    expect(movements.filter((movement) => movement.reversal).map((movement) => movement.amountText)).toEqual([
      '6.00',
      '15.53',
    ]);
  });
  test('Finnish camt.054: the INFO entry is a reversal, flagged and not booked', async () => {
    const events = await read('iso20022/camt.054/moov__FI_camt_054_sample.xml.xml');
    const info = entriesOf(events).filter((entry) => entry.status === 'INFO');
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ reversal: true, booked: false, amountText: '100.00' });
  });
});

describe('namespaces', () => {
  test('Cross River pain.002 with "Xmlns" (no namespace) is read, version taken from that attribute, and warned', async () => {
    const summary = await summarizeStatementFile(
      `${corpus}iso20022/pain.002/iso20022js__cross_river__pain_002_transaction_rejected.xml`,
    );
    expect(summary.format).toBe('pain.002.001.03');
    expect(summary.warnings[0]).toMatch(/declares no XML namespace/);
  });
  test('Swiss .ch.02 pain.002 keeps its namespace and reads as pain.002.001.03', async () => {
    const [document] = await read(
      'iso20022/pain.002/moov__pain002-epo_p_ch2909000000250094239_1109800799_0_2018032612092784.xml',
    );
    expect(document).toEqual({
      kind: 'document',
      document: {
        format: 'pain.002.001.03',
        family: 'pain.002',
        namespace: 'http://www.six-interbank-clearing.com/de/pain.002.001.03.ch.02.xsd',
        messageId: '20180326375204011678275',
      },
    });
  });
  test('pain.002 transaction status keeps the original ids and the German reason text', async () => {
    const events = await read(
      'iso20022/pain.002/moov__pain002-epo_p_ch2909000000250094239_1109800799_0_2018032612092784.xml',
    );
    const statuses = events.flatMap((event) => (event.kind === 'status' ? [event.status] : []));
    expect(statuses[1]).toMatchObject({
      level: 'transaction',
      originalPaymentInformationId: 'PmtInfId-006-01',
      originalInstructionId: 'InstrId-006-01-01',
      originalEndToEndId: 'EndToEndId-006-01-01',
      additionalInformation: ['1301813;Konto ungültig'],
    });
  });
});

describe('details of camt files', () => {
  test('Goldman Sachs UK: an account given as Othr/Id, the other as IBAN', async () => {
    const summary = await summarizeStatementFile(
      `${corpus}iso20022/camt.053/iso20022js__goldman_sachs__camt_053_uk_v2_virtual_accounts.xml`,
    );
    expect(summary.statements.map((statement) => statement.account)).toEqual(['60000635', 'GB36GSLD04296250000970']);
  });
  test('camt.053.001.10 balance dated by DtTm reads its date part', async () => {
    const [balance] = balancesOf(await read('iso20022/camt.053/camtparser__valid_example_with_datetime.xml'));
    expect(balance?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  test('Finnish camt.053 batch: details carry their own references, counterparties and remittance', async () => {
    const movements = movementsOf(await read('iso20022/camt.054/moov__FI_camt_054_sample.xml.xml'));
    expect(movements[4]).toMatchObject({
      direction: 'credit',
      endToEndId: 'EndToEndIdAT-41-001',
      counterpartyName: 'AT-02 DEBTOR NAME 01',
      amountText: '2500.00',
    });
  });
});

describe('MT940/MT942 specifics', () => {
  test('betterplace: "RC" is a reversal of a credit (a debit); "CR" is a credit with funds code R', async () => {
    const movements = movementsOf(await read('mt940/wolph__betterplace__sepa_mt9401.sta')).filter(
      (movement) => movement.statementIndex === 0,
    );
    expect(movements.map((movement) => [movement.direction, movement.reversal, movement.amountText])).toEqual([
      ['credit', false, '300'],
      ['credit', false, '335.33'],
      ['credit', false, '15000'],
      ['credit', false, '66295.08'],
      ['credit', false, '915311.55'],
      ['debit', true, '204.88'],
      ['debit', false, '999946.95'],
    ]);
    // GVC 159 "RETOURE": a returned SEPA transfer; EREF+ gives the end-to-end id.
    expect(movements[0]).toMatchObject({ returned: true, endToEndId: 'TFNR 40005 00005' });
  });
  test('non-ASCII :20: is decoded as UTF-8 where the bytes are valid UTF-8', async () => {
    const events = await read('mt940/wolph__betterplace__with_binary_character.sta');
    const ids = events.flatMap((event) => (event.kind === 'statement' ? [event.statement.id] : []));
    expect(ids).toEqual(['STAR1ÜTßUMS', 'STAR1ÜTUMS']);
  });
  test('Latin-2 text that is not UTF-8 falls back to Latin-1, never refused', async () => {
    const movements = movementsOf(await read('mt940/wolph__self-provided__raiffeisen-cmi.sta'));
    // The byte 0x94 of "összevont" (Windows-1250) is not UTF-8: the line is read as Latin-1.
    expect(movements[0]?.remittanceText).toContain('napi \u0094sszevont');
    expect(movements[0]?.counterpartyName ?? movements[0]?.remittanceText).toContain('HUNGARY KFT.');
    expect(movements[0]).toMatchObject({ direction: 'credit', amountText: '2066637.00', currency: 'HUF' });
  });
  test('two-digit years, entry dates and Citi blank entry dates', async () => {
    const [abn] = movementsOf(await read('mt940/wolph__jejik__abnamro.sta'));
    expect(abn).toMatchObject({ valueOn: '2011-05-24', bookedOn: '2011-05-24', amountText: '9' });
    const [citi] = movementsOf(await read('mt940/wolph__citi__mt940.txt'));
    expect(citi).toMatchObject({
      valueOn: '2024-03-12',
      bookedOn: '2024-03-12',
      direction: 'debit',
      amountText: '212.39',
    });
  });
  test('MT942: currency from :34F:, movements flagged as interim (not booked), :90D: mismatch warned', async () => {
    const summary = await summarizeStatementFile(`${corpus}mt940/wolph__self-provided__mt942.sta`);
    expect(summary.warnings.some((warning) => warning.includes(':90D: reports 1 debits of 2.30'))).toBe(true);
    const [movement] = movementsOf(await read('mt940/wolph__mBank__mt942.sta'));
    expect(movement).toMatchObject({ currency: 'PLN', booked: false, status: 'INFO', amountText: '0.01' });
  });
});
