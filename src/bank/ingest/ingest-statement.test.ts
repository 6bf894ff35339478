// Specifies ingestion: every corpus bank file books (unknown accounts queue as exceptions), the same file twice
// books once, a camt.054 notice and the later camt.053 of the same booking book once, and non-booked or
// inexact movements are stored flagged, never booked.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { systemActor } from '../../audit/audit-log.ts';
import { describeEachEngine } from '../../db/test-engines.ts';
import { ingestStatementFile } from './ingest-statement.ts';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const corpusFiles = [
  ...['camt.052', 'camt.053', 'camt.054', 'pain.002'].flatMap((folder) =>
    readdirSync(join(corpus, 'iso20022', folder))
      .filter((name) => name.endsWith('.xml'))
      .map((name) => join('iso20022', folder, name)),
  ),
  ...readdirSync(join(corpus, 'mt940'))
    .filter((name) => name !== 'README.md')
    .map((name) => join('mt940', name)),
];

const options = { channel: 'cli' as const, actor: systemActor, now: () => new Date('2026-03-10T01:00:00Z') };

describeEachEngine('statement ingestion', ({ handle }) => {
  test('every corpus file is ingested; movements on unknown accounts wait in the exception queue', async () => {
    const db = handle().db;
    let movements = 0;
    for (const file of corpusFiles) {
      const summary = await ingestStatementFile(db, join(corpus, file), options);
      if (file.endsWith('february_30.sta')) {
        expect(summary.result).toBe('refused');
        expect(summary.refusal).toMatch(/impossible date/);
        continue;
      }
      expect(summary.result, file).toBe('ingested');
      expect(summary.new + summary.duplicate + summary.conflicting, file).toBe(summary.movements);
      // No corpus account is a Hado dedicated account: nothing matches, everything new waits for a person
      // (a superseded pending report excepted).
      expect(summary.matched + summary.diverted + summary.returned, file).toBe(0);
      movements += summary.movements;
    }
    expect(movements).toBeGreaterThan(300);
    const byKind = await db
      .selectFrom('bank_exceptions')
      .select(['kind', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('kind')
      .execute();
    const kinds = Object.fromEntries(byKind.map((row) => [row.kind, Number(row.count)]));
    expect(kinds.unknown_account).toBeGreaterThan(200);
    expect(kinds.not_booked).toBeGreaterThan(0);
    const unqueued = await db
      .selectFrom('bank_movements')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('state', 'not in', ['exception', 'superseded'])
      .executeTakeFirstOrThrow();
    expect(Number(unqueued.count)).toBe(0);
    const inexact = await db
      .selectFrom('bank_movements')
      .innerJoin('bank_exceptions', 'bank_exceptions.movement_id', 'bank_movements.id')
      .select(['bank_movements.amount_minor', 'bank_exceptions.kind'])
      .where('bank_movements.inexact', '=', true)
      .execute();
    for (const row of inexact) {
      expect(row.amount_minor).toBeNull();
      expect(['inexact_amount', 'not_booked']).toContain(row.kind);
    }
  });

  test('the same files again change nothing', async () => {
    const db = handle().db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('bank_movements')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    const before = await count();
    for (const file of corpusFiles) {
      const summary = await ingestStatementFile(db, join(corpus, file), options);
      expect(summary.result, file).toBe('exists');
    }
    expect(await count()).toBe(before);
  });

  test('a camt.054 notice and the camt.053 statement reporting the same booking book it once', async () => {
    const db = handle().db;
    const folder = mkdtempSync(join(tmpdir(), 'hado-ingest-'));
    const entry = (reference: string, amount: string) => `
      <Ntry><Amt Ccy="KRW">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-09</Dt></BookgDt><ValDt><Dt>2026-03-09</Dt></ValDt><AcctSvcrRef>${reference}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>E2E-${reference}</EndToEndId></Refs>
          <RltdPties><Cdtr><Nm>Payee</Nm></Cdtr><CdtrAcct><Id><Othr><Id>1005203318842</Id></Othr></Id></CdtrAcct></RltdPties>
        </TxDtls></NtryDtls></Ntry>`;
    const account = '<Acct><Id><Othr><Id>99887766554433</Id></Othr></Id><Ccy>KRW</Ccy></Acct>';
    const notice = `<?xml version="1.0" encoding="UTF-8"?>
      <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
        <GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-03-09T10:00:00+09:00</CreDtTm></GrpHdr>
        <Ntfctn><Id>N1-1</Id><CreDtTm>2026-03-09T10:00:00+09:00</CreDtTm>${account}${entry('REF-1', '250000')}</Ntfctn>
      </BkToCstmrDbtCdtNtfctn></Document>`;
    const statement = `<?xml version="1.0" encoding="UTF-8"?>
      <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
        <GrpHdr><MsgId>S1</MsgId><CreDtTm>2026-03-09T23:00:00+09:00</CreDtTm></GrpHdr>
        <Stmt><Id>S1-1</Id><CreDtTm>2026-03-09T23:00:00+09:00</CreDtTm>${account}
          ${entry('REF-1', '250000.00')}${entry('REF-2', '1000.5')}</Stmt>
      </BkToCstmrStmt></Document>`;
    writeFileSync(join(folder, 'notice.xml'), notice);
    writeFileSync(join(folder, 'statement.xml'), statement);
    const first = await ingestStatementFile(db, join(folder, 'notice.xml'), options);
    expect(first).toMatchObject({ result: 'ingested', movements: 1, new: 1, duplicate: 0 });
    const second = await ingestStatementFile(db, join(folder, 'statement.xml'), options);
    expect(second).toMatchObject({ result: 'ingested', movements: 2, new: 1, duplicate: 1, exceptions: 1 });
    const rows = await db
      .selectFrom('bank_movements')
      .select(['bank_reference', 'amount_minor', 'inexact', 'state'])
      .where('account', '=', '99887766554433')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { bank_reference: 'REF-1', amount_minor: 250000n, inexact: false, state: 'exception' },
      { bank_reference: 'REF-2', amount_minor: null, inexact: true, state: 'exception' },
    ]);
  });
});
