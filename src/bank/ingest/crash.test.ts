// Specifies crash safety: an ingestion killed with SIGKILL part-way loses nothing it acknowledged (every batch
// reported as committed is there), and running it again completes the file and books nothing twice.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { openFreshDatabase, testEngines } from '../../db/test-engines.ts';

const runTs = fileURLToPath(new URL('../../../bin/run-ts.js', import.meta.url));
const child = fileURLToPath(new URL('./ingest-child.test-helper.ts', import.meta.url));
const entries = 20_000;
const batch = 250;

function statement(path: string): void {
  const rows: string[] = [];
  for (let index = 1; index <= entries; index += 1) {
    rows.push(
      `<Ntry><Amt Ccy="KRW">${1000 + index}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
        `<BookgDt><Dt>2026-03-09</Dt></BookgDt><AcctSvcrRef>CRASH-${index}</AcctSvcrRef></Ntry>`,
    );
  }
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">` +
      `<BkToCstmrStmt><GrpHdr><MsgId>CRASH</MsgId><CreDtTm>2026-03-09T23:00:00+09:00</CreDtTm></GrpHdr>` +
      `<Stmt><Id>CRASH-1</Id><CreDtTm>2026-03-09T23:00:00+09:00</CreDtTm>` +
      `<Acct><Id><Othr><Id>55566677788899</Id></Othr></Id></Acct>${rows.join('')}</Stmt></BkToCstmrStmt></Document>`,
  );
}

type Run = { acknowledged: number; summary: Record<string, unknown> | null; killed: boolean };

/** Runs the child; with `killAfter`, kills it with SIGKILL once it acknowledged that many batches. */
function run(target: string, file: string, killAfter?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [runTs, child, target, file, String(batch)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = 0;
    let batches = 0;
    let summary: Record<string, unknown> | null = null;
    let buffered = '';
    let stderr = '';
    process_.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    process_.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('acknowledged ')) {
          acknowledged = Number(line.slice('acknowledged '.length));
          batches += 1;
          if (killAfter !== undefined && batches >= killAfter) process_.kill('SIGKILL');
        } else if (line.startsWith('summary ')) summary = JSON.parse(line.slice('summary '.length));
      }
    });
    process_.on('error', reject);
    process_.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acknowledged, summary, killed: true });
      else if (code === 0) resolve({ acknowledged, summary, killed: false });
      else reject(new Error(`child exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

describe('ingestion killed part-way', () => {
  for (const engine of testEngines()) {
    test(`SIGKILL mid-file loses nothing acknowledged and re-running books nothing twice [${engine}]`, async () => {
      const folder = mkdtempSync(join(tmpdir(), 'hado-crash-'));
      const file = join(folder, 'statement.xml');
      statement(file);
      const fresh = engine === 'postgres' ? await openFreshDatabase('postgres') : undefined;
      await fresh?.handle.close();
      const target = fresh?.url ?? join(folder, 'pglite');
      const open = () =>
        fresh
          ? openDatabase({ engine: 'postgres', url: fresh.url!, poolSize: 2 })
          : openDatabase({ engine: 'pglite', dataDir: target });
      const count = async () => {
        const handle = await open();
        try {
          const row = await handle.db
            .selectFrom('bank_movements')
            .select([
              (eb) => eb.fn.countAll<string>().as('movements'),
              (eb) => eb.fn.count<string>('natural_key').distinct().as('keys'),
            ])
            .executeTakeFirstOrThrow();
          return { movements: Number(row.movements), keys: Number(row.keys) };
        } finally {
          await handle.close();
        }
      };
      try {
        const killed = await run(target, file, 3);
        expect(killed.killed).toBe(true);
        expect(killed.acknowledged).toBeGreaterThanOrEqual(3 * batch);
        const afterKill = await count();
        expect(afterKill.movements).toBeGreaterThanOrEqual(killed.acknowledged);
        expect(afterKill.movements).toBeLessThan(entries);

        const resumed = await run(target, file);
        expect(resumed.summary).toMatchObject({ result: 'ingested', movements: entries, new: entries, duplicate: 0 });
        expect(await count()).toEqual({ movements: entries, keys: entries });

        const again = await run(target, file);
        expect(again.summary).toMatchObject({ result: 'exists', movements: entries });
        expect(await count()).toEqual({ movements: entries, keys: entries });
      } finally {
        await fresh?.drop();
        rmSync(folder, { recursive: true, force: true });
      }
    }, 240_000);
  }
});
