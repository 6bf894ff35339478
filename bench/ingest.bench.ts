import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { systemActor } from '../src/audit/audit-log.ts';
import { ingestStatementFile } from '../src/bank/ingest/index.ts';
import type { Db } from '../src/db/database.ts';
import { type Benchmark, round } from './bench-context.ts';
import { amountOf, benchClock, type SeededObligations, seedObligations, withFreshDatabase } from './bench-world.ts';

/**
 * Writes a camt.053 (one statement) debiting the contract's progress account once per seeded obligation, each
 * transfer carrying the obligation's end-to-end id (`HADO-O<id>`), amount and payee: what the bank reports after
 * Hado's transfers were executed.
 */
export async function generatePayments(path: string, seeded: SeededObligations): Promise<number> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>' +
      '<GrpHdr><MsgId>BENCH-INGEST-1</MsgId><CreDtTm>2026-03-10T18:00:00+09:00</CreDtTm></GrpHdr>' +
      `<Stmt><Id>BENCH-INGEST-STMT-1</Id><CreDtTm>2026-03-10T18:00:00+09:00</CreDtTm><Acct><Id><Othr><Id>${seeded.progressAccount}</Id></Othr></Id><Ccy>KRW</Ccy></Acct>\n`,
  );
  let entries = 0;
  for (let id = seeded.firstId; id <= seeded.lastId; id += 1n) {
    entries += 1;
    const amount = amountOf(seeded, id);
    await write(
      `<Ntry><NtryRef>${entries}</NtryRef><Amt Ccy="KRW">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
        `<BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt><AcctSvcrRef>BENCH${id}</AcctSvcrRef>` +
        '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>' +
        `<NtryDtls><TxDtls><Refs><EndToEndId>HADO-O${id}</EndToEndId></Refs><Amt Ccy="KRW">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd>` +
        `<RltdPties><Cdtr><Pty><Nm>${seeded.payeeName}</Nm></Pty></Cdtr><CdtrAcct><Id><Othr><Id>${seeded.payeeAccount}</Id></Othr></Id></CdtrAcct></RltdPties>` +
        '<RmtInf><Ustrd>하도급대금 2026년 2월분</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n',
    );
  }
  await write('</Stmt></BkToCstmrStmt></Document>\n');
  await new Promise<void>((r) => out.end(() => r()));
  return entries;
}

type Ingested = { seconds: number; movements: number; movementRows: number; journalLines: number };

async function ingestOnce(
  engine: 'postgres' | 'pglite',
  postgresUrl: string | undefined,
  n: number,
  dir: string,
  log: (line: string) => void,
  afterwards?: (db: Db, url: string | undefined, ingested: Ingested) => Promise<void>,
): Promise<Ingested> {
  return withFreshDatabase(engine, postgresUrl, async (handle, url) => {
    const db = handle.db;
    const seeded = await seedObligations(db, n);
    const file = join(dir, `payments-${engine}.camt053.xml`);
    await generatePayments(file, seeded);
    const linesBefore = await countOf(db, 'journal_lines');
    const clock = benchClock();
    const started = performance.now();
    const summary = await ingestStatementFile(db, file, { channel: 'cli', actor: systemActor, now: () => clock.now() });
    const seconds = (performance.now() - started) / 1000;
    rmSync(file);
    if (summary.result !== 'ingested' || summary.matched !== seeded.count) {
      throw new Error(
        `ingest on ${engine}: ${summary.result}, ${summary.matched} of ${seeded.count} matched ` +
          `(${summary.unmatched} unmatched, ${summary.exceptions} exceptions, ${summary.diverted} diverted) ${summary.refusal ?? ''}`,
      );
    }
    const ingested = {
      seconds,
      movements: summary.movements,
      movementRows: await countOf(db, 'bank_movements'),
      journalLines: (await countOf(db, 'journal_lines')) - linesBefore,
    };
    log(
      `ingest ${engine}: ${summary.movements} movements matched to ${seeded.count} obligations in ${seconds.toFixed(1)} s ` +
        `(${(summary.movements / seconds).toFixed(0)}/s; ${ingested.journalLines} journal lines, ${summary.findings} findings)`,
    );
    await afterwards?.(db, url, ingested);
    return ingested;
  });
}

async function countOf(db: Db, table: 'bank_movements' | 'journal_lines'): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Seconds to `COPY … FROM STDIN` the rows Hado wrote (its bank_movements rows, copied back out as text, and
 * as many journal lines) into scratch tables shaped like bank_movements and journal_lines (`like … including
 * all`: the same columns, defaults, checks and indexes, no foreign keys), in one connection: the database's
 * own ceiling for writing what Hado writes.
 */
async function copySeconds(url: string, journalLines: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table scratch_movements (like bank_movements including all)');
    await client.query('create table scratch_lines (like journal_lines including all)');
    const movementColumns = (
      await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'bank_movements' and column_name <> 'id' order by ordinal_position`,
      )
    ).rows.map((row) => row.column_name);
    // The movements as text, made unique again (the natural key) so the scratch table's unique index holds.
    const { rows } = await client.query<{ line: string }>(
      `select concat_ws(E'\\t', ${movementColumns
        .map((c) => (c === 'natural_key' ? `'s' || natural_key` : `coalesce(${c}::text, '\\N')`))
        .join(', ')}) as line from bank_movements order by id`,
    );
    const movementText = `${rows.map((row) => row.line).join('\n')}\n`;
    const account = (
      await client.query<{ id: string; contract_id: string; entry: string; obligation: string }>(
        `select l.account_id as id, l.contract_id, l.entry_id as entry, l.obligation_id as obligation from journal_lines l limit 1`,
      )
    ).rows[0]!;
    let linesText = '';
    for (let i = 0; i < journalLines; i += 1) {
      linesText += `${account.entry}\t${account.contract_id}\t${account.id}\t${i % 2 ? 'credit' : 'debit'}\t${170000 + (i % 997) * 10}\t${account.obligation ?? '\\N'}\n`;
    }
    const started = performance.now();
    await client.query('begin');
    await pipeline(
      Readable.from([movementText]),
      client.query(copyFrom(`copy scratch_movements (${movementColumns.join(', ')}) from stdin`)),
    );
    await pipeline(
      Readable.from([linesText]),
      client.query(
        copyFrom('copy scratch_lines (entry_id, contract_id, account_id, side, amount_won, obligation_id) from stdin'),
      ),
    );
    await client.query('commit');
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/**
 * Statement ingestion end to end (a camt.053 of N movements, 1,000,000; 10,000 with --quick, each paying one of
 * N seeded obligations: parsed, stored, reconciled, ledger-posted, findings raised) through
 * `ingestStatementFile`, on PostgreSQL and on in-memory PGlite; and on PostgreSQL ÷ a raw `COPY` of the same
 * rows (movements + journal lines) in the same run.
 */
export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  async run(context) {
    const n = context.quick ? 10_000 : 1_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'hado-bench-ingest-'));
    const results: Record<string, number> = {};
    try {
      if (context.postgresUrl) {
        await ingestOnce('postgres', context.postgresUrl, n, dir, context.log, async (_db, url, ingested) => {
          const copy = await copySeconds(url!, ingested.journalLines);
          const rate = ingested.movements / ingested.seconds;
          const copyRate = ingested.movements / copy;
          context.log(
            `ingest: COPY of ${ingested.movementRows} movement rows + ${ingested.journalLines} journal lines in ${copy.toFixed(2)} s ` +
              `(${copyRate.toFixed(0)} movements/s)`,
          );
          results.ingest_movements_per_s_pg = round(rate, 0);
          results.ingest_copy_movements_per_s_pg = round(copyRate, 0);
          results.ingest_ratio_to_copy_pg = round(rate / copyRate, 3);
        });
      }
      const pglite = await ingestOnce('pglite', undefined, n, dir, context.log);
      results.ingest_movements_per_s_pglite = round(pglite.movements / pglite.seconds, 0);
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
