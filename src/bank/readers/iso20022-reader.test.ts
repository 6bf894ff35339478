// Specifies the ISO 20022 reader on small hand-written documents: declared encodings and BOMs, exact and
// inexact amounts (never rounded), batch splitting and netting, parties, namespaces and streaming order.
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import type { BankMovement, StatementEvent } from './bank-movement.ts';
import { readStatement } from './read-statement.ts';
import { summarizeStatementEvents } from './summarize-statement.ts';

async function read(source: Uint8Array | string): Promise<StatementEvent[]> {
  const all: StatementEvent[] = [];
  const chunks = (async function* () {
    yield typeof source === 'string' ? Buffer.from(source) : source;
  })();
  for await (const event of readStatement(chunks, { name: 'test.xml' })) all.push(event);
  return all;
}
const movementsOf = (events: StatementEvent[]): BankMovement[] =>
  events.flatMap((event) => (event.kind === 'movement' ? [event.movement] : []));

function camt(entries: string, options: { encoding?: string; namespace?: string; account?: string } = {}): string {
  const declaration = `<?xml version="1.0" encoding="${options.encoding ?? 'UTF-8'}"?>`;
  const namespace = options.namespace ?? ' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"';
  return (
    `${declaration}<Document${namespace}><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M1</MsgId></GrpHdr>` +
    `<Ntfctn><Id>N1</Id><Acct><Id><IBAN>${options.account ?? 'KR0000000000000001'}</IBAN></Id></Acct>` +
    `${entries}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`
  );
}
function entry(amount: string, currency: string, direction: 'CRDT' | 'DBIT', details = '', status = 'BOOK'): string {
  return (
    `<Ntry><NtryRef>R</NtryRef><Amt Ccy="${currency}">${amount}</Amt><CdtDbtInd>${direction}</CdtDbtInd>` +
    `<Sts><Cd>${status}</Cd></Sts><BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-11</Dt></ValDt>` +
    `<AcctSvcrRef>BANKREF</AcctSvcrRef>${details === '' ? '' : `<NtryDtls>${details}</NtryDtls>`}</Ntry>`
  );
}
function detail(fields: {
  amount?: string;
  currency?: string;
  direction?: string;
  debtor?: string;
  creditor?: string;
}) {
  return (
    '<TxDtls><Refs><EndToEndId>E2E</EndToEndId></Refs>' +
    (fields.amount ? `<Amt Ccy="${fields.currency ?? 'KRW'}">${fields.amount}</Amt>` : '') +
    (fields.direction ? `<CdtDbtInd>${fields.direction}</CdtDbtInd>` : '') +
    '<RltdPties>' +
    (fields.debtor
      ? `<Dbtr><Pty><Nm>${fields.debtor}</Nm></Pty></Dbtr><DbtrAcct><Id><Othr><Id>110-1</Id></Othr></Id></DbtrAcct>`
      : '') +
    (fields.creditor
      ? `<Cdtr><Pty><Nm>${fields.creditor}</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>KR99</IBAN></Id></CdtrAcct>`
      : '') +
    '</RltdPties><RmtInf><Ustrd>기성 3월분</Ustrd></RmtInf></TxDtls>'
  );
}

describe('amounts are exact or flagged, never rounded', () => {
  for (const row of [
    { amount: '250000.00', currency: 'KRW', minor: 250000n, inexact: false },
    { amount: '250000', currency: 'KRW', minor: 250000n, inexact: false },
    { amount: '1000.5', currency: 'KRW', minor: null, inexact: true },
    { amount: '100.0000000000005', currency: 'EUR', minor: null, inexact: true },
    { amount: '1234.56', currency: 'EUR', minor: 123456n, inexact: false },
    { amount: '1.234', currency: 'BHD', minor: 1234n, inexact: false },
  ]) {
    test(`${row.amount} ${row.currency} → ${row.minor ?? 'inexact'}`, async () => {
      const [movement] = movementsOf(await read(camt(entry(row.amount, row.currency, 'CRDT'))));
      expect(movement).toMatchObject({ amountText: row.amount, amountMinor: row.minor, inexact: row.inexact });
      expect(movement!.warnings.some((warning) => warning.startsWith('inexact'))).toBe(row.inexact);
    });
  }
  test('an unknown currency keeps the text, warns and has no minor units', async () => {
    const [movement] = movementsOf(await read(camt(entry('10.00000', 'JLU', 'DBIT'))));
    expect(movement).toMatchObject({ amountText: '10.00000', amountMinor: null, currency: 'JLU' });
    expect(movement!.warnings).toContain('unknown currency JLU on entry amount 10.00000');
  });
});

describe('declared encodings and byte-order marks', () => {
  const name = '홍길동 건설';
  test('EUC-KR declared in the XML declaration', async () => {
    const xml = camt(entry('500000', 'KRW', 'CRDT', detail({ debtor: name })), { encoding: 'EUC-KR' });
    const [movement] = movementsOf(await read(iconv.encode(xml, 'EUC-KR')));
    expect(movement).toMatchObject({
      counterpartyName: name,
      remittanceText: '기성 3월분',
      counterpartyAccount: '110-1',
    });
  });
  test('ISO-8859-2 declared (Polish and Czech letters)', async () => {
    const polish = 'Łódź Škoda';
    const xml = camt(entry('5.00', 'EUR', 'CRDT', detail({ debtor: polish, amount: '5.00', currency: 'EUR' })), {
      encoding: 'ISO-8859-2',
    }).replace('기성 3월분', 'faktura');
    const [movement] = movementsOf(await read(iconv.encode(xml, 'ISO-8859-2')));
    expect(movement?.counterpartyName).toBe(polish);
  });
  test('UTF-8 with a BOM', async () => {
    const xml = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(camt(entry('1', 'KRW', 'CRDT', detail({ debtor: name })))),
    ]);
    expect(movementsOf(await read(xml))[0]?.counterpartyName).toBe(name);
  });
  test('UTF-16LE with a BOM', async () => {
    const xml = iconv.encode(
      camt(entry('1', 'KRW', 'CRDT', detail({ debtor: name })), { encoding: 'UTF-16' }),
      'utf-16le',
      {
        addBOM: true,
      },
    );
    expect(movementsOf(await read(xml))[0]?.counterpartyName).toBe(name);
  });
});

describe('batches split into their details', () => {
  test('a single detail without its own amount takes the entry amount', async () => {
    const [movement] = movementsOf(await read(camt(entry('300000', 'KRW', 'CRDT', detail({ debtor: 'A' })))));
    expect(movement).toMatchObject({ amountText: '300000', amountMinor: 300000n, endToEndId: 'E2E', warnings: [] });
  });
  test('details net to the entry: credits minus debits', async () => {
    const details = [
      detail({ amount: '700', direction: 'CRDT', debtor: 'A' }),
      detail({ amount: '200', direction: 'DBIT', creditor: 'B' }),
    ].join('');
    const events = await read(camt(entry('500', 'KRW', 'CRDT', details)));
    const movements = movementsOf(events);
    expect(movements.map((movement) => [movement.direction, movement.amountMinor, movement.counterpartyName])).toEqual([
      ['credit', 700n, 'A'],
      ['debit', 200n, 'B'],
    ]);
    expect(movements.every((movement) => movement.warnings.length === 0)).toBe(true);
  });
  test('details that do not net to the entry are warned on every movement', async () => {
    const details = [detail({ amount: '700', debtor: 'A' }), detail({ amount: '200', debtor: 'B' })].join('');
    const movements = movementsOf(await read(camt(entry('500', 'KRW', 'CRDT', details))));
    expect(movements).toHaveLength(2);
    for (const movement of movements) {
      expect(movement.warnings).toContain(
        'transaction details net to 900 KRW but the entry is 500 KRW (difference 400)',
      );
    }
  });
  test('a batch detail without an amount has none and says so', async () => {
    const details = [detail({ debtor: 'A' }), detail({ amount: '200', debtor: 'B' })].join('');
    const movements = movementsOf(await read(camt(entry('500', 'KRW', 'CRDT', details))));
    expect(movements[0]).toMatchObject({ amountText: null, amountMinor: null });
    expect(movements[0]!.warnings).toContain('transaction detail 1 has no amount');
  });
  test('entries, references, dates and statuses are carried to every movement', async () => {
    const events = await read(camt(entry('1', 'KRW', 'DBIT', detail({ creditor: 'C', debtor: 'Us' }), 'PDNG')));
    expect(movementsOf(events)[0]).toMatchObject({
      account: 'KR0000000000000001',
      bankReference: 'BANKREF',
      entryReference: 'R',
      bookedOn: '2026-03-10',
      valueOn: '2026-03-11',
      direction: 'debit',
      counterpartyName: 'C',
      counterpartyAccount: 'KR99',
      status: 'PDNG',
      booked: false,
    });
  });
});

describe('namespaces and versions', () => {
  for (const row of [
    {
      name: 'default namespace',
      namespace: ' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.13"',
      format: 'camt.054.001.13',
    },
    {
      name: 'single-quoted',
      namespace: " xmlns='urn:iso:std:iso:20022:tech:xsd:camt.054.001.02'",
      format: 'camt.054.001.02',
    },
    { name: 'no namespace', namespace: '', format: 'camt.054' },
  ]) {
    test(`${row.name} → ${row.format}`, async () => {
      const events = await read(camt(entry('1', 'KRW', 'CRDT'), { namespace: row.namespace }));
      expect(events[0]).toMatchObject({ kind: 'document', document: { format: row.format } });
      expect(movementsOf(events)).toHaveLength(1);
    });
  }
  test('a prefixed namespace reads the same by local names', async () => {
    const xml = camt(entry('1', 'KRW', 'CRDT'))
      .replace(/<(\/?)(?!\?)/g, '<$1c:')
      .replace('xmlns=', 'xmlns:c=');
    const events = await read(xml);
    expect(events[0]).toMatchObject({ document: { format: 'camt.054.001.08' } });
    expect(movementsOf(events)[0]?.amountMinor).toBe(1n);
  });
});

describe('streaming', () => {
  test('movements are yielded before the stream has ended, and the summary counts them', async () => {
    let ended = false;
    const parts = [camt(entry('1', 'KRW', 'CRDT')).split('</Ntfctn>')[0]!, `${entry('2', 'KRW', 'DBIT')}</Ntfctn>`];
    const chunks = (async function* () {
      yield Buffer.from(parts[0]!);
      yield Buffer.from(parts[1]!);
      yield Buffer.from('</BkToCstmrDbtCdtNtfctn></Document>');
      ended = true;
    })();
    let endedAtFirstMovement: boolean | null = null;
    const seen: StatementEvent[] = [];
    for await (const event of readStatement(chunks)) {
      if (event.kind === 'movement' && endedAtFirstMovement === null) endedAtFirstMovement = ended;
      seen.push(event);
    }
    expect(endedAtFirstMovement).toBe(false);
    const summary = await summarizeStatementEvents(seen);
    expect(summary.statements[0]).toMatchObject({
      entries: 2,
      transactions: 2,
      sums: { 'KRW:credit': '1', 'KRW:debit': '2' },
    });
  });
});
