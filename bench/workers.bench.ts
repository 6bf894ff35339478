import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { enqueue, type OutboxMessageInput } from '../src/outbox/index.ts';
import { type Benchmark, round } from './bench-context.ts';
import { amountOf, benchClock, type SeededObligations, seedObligations, withFreshDatabase } from './bench-world.ts';

/**
 * Ingest and outbox throughput with 2 `hado serve --role worker` processes ÷ with 1, on PostgreSQL, over the same
 * queued work: camt.053 files in the drop folder (each paying one contract's obligations) and SMS waiting in the
 * outbox, sent through the HTTP transport to an SMS centre in this process that records every submit by its
 * outbox key. Each run gets a fresh database and the same work; the workers are started and ready before the work
 * is queued, and the run ends when every movement is booked and every message sent. Double processing (a file
 * ingested by two workers, or a message submitted twice) is counted and printed; it must be zero.
 */
export const workersBenchmark: Benchmark = {
  name: 'workers',
  async run(context) {
    if (!context.postgresUrl) return {} as Record<string, number>;
    const work: Work = context.quick
      ? { files: 2, movementsPerFile: 1_000, messages: 1_000 }
      : { files: 8, movementsPerFile: 10_000, messages: 20_000 };
    const one = await runWorkers(context.postgresUrl, 1, work, context.log);
    const two = await runWorkers(context.postgresUrl, 2, work, context.log);
    return {
      workers_1_seconds: round(one.seconds, 2),
      workers_2_seconds: round(two.seconds, 2),
      workers_scaling_ratio: round(one.seconds / two.seconds),
      workers_double_processed: one.doubles + two.doubles,
    };
  },
};

type Work = { readonly files: number; readonly movementsPerFile: number; readonly messages: number };

/** A camt.053 debiting one seeded contract's progress account once per obligation (its id, amount and payee). */
async function writePayments(path: string, seeded: SeededObligations, tag: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>' +
      `<GrpHdr><MsgId>BENCH-WORKERS-${tag}</MsgId><CreDtTm>2026-03-10T18:00:00+09:00</CreDtTm></GrpHdr>` +
      `<Stmt><Id>BENCH-WORKERS-STMT-${tag}</Id><CreDtTm>2026-03-10T18:00:00+09:00</CreDtTm><Acct><Id><Othr><Id>${seeded.progressAccount}</Id></Othr></Id><Ccy>KRW</Ccy></Acct>\n`,
  );
  let entry = 0;
  for (let id = seeded.firstId; id <= seeded.lastId; id += 1n) {
    entry += 1;
    const amount = amountOf(seeded, id);
    await write(
      `<Ntry><NtryRef>${entry}</NtryRef><Amt Ccy="KRW">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
        `<BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt><AcctSvcrRef>BW${tag}-${id}</AcctSvcrRef>` +
        '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>' +
        `<NtryDtls><TxDtls><Refs><EndToEndId>HADO-O${id}</EndToEndId></Refs><Amt Ccy="KRW">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd>` +
        `<RltdPties><Cdtr><Pty><Nm>${seeded.payeeName}</Nm></Pty></Cdtr><CdtrAcct><Id><Othr><Id>${seeded.payeeAccount}</Id></Othr></Id></CdtrAcct></RltdPties>` +
        '</TxDtls></NtryDtls></Ntry>\n',
    );
  }
  await write('</Stmt></BkToCstmrStmt></Document>\n');
  await new Promise<void>((r) => out.end(() => r()));
}

/** An SMS centre that accepts every submit and counts submits per outbox key. */
async function startSmsCentre(): Promise<{ url: string; submits: Map<string, number>; server: Server }> {
  const submits = new Map<string, number>();
  let next = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const key = String(request.headers['idempotency-key'] ?? '');
      submits.set(key, (submits.get(key) ?? 0) + 1);
      next += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ messageId: `bench-${next}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no SMS centre address');
  return { url: `http://127.0.0.1:${address.port}/v1/sms`, submits, server };
}

async function runWorkers(
  postgresUrl: string,
  workers: number,
  work: Work,
  log: (line: string) => void,
): Promise<{ seconds: number; doubles: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), `hado-bench-workers-${workers}-`));
  const centre = await startSmsCentre();
  const processes: ChildProcess[] = [];
  try {
    return await withFreshDatabase('postgres', postgresUrl, async (handle, url) => {
      const db = handle.db;
      // The work: one contract per file (as banks report per account), and messages waiting in the outbox.
      const staged = join(dataDir, 'staged');
      mkdirSync(staged);
      const files: { name: string; bankCode: string }[] = [];
      for (let file = 0; file < work.files; file += 1) {
        const seeded = await seedObligations(db, work.movementsPerFile);
        const { rows } = await sql<{ bank_code: string }>`
          select bank_code from dedicated_accounts where account_number = ${seeded.progressAccount}`.execute(db);
        const name = `payments-${file}.camt053.xml`;
        await writePayments(join(staged, name), seeded, `${workers}-${file}`);
        files.push({ name, bankCode: rows[0]!.bank_code });
      }
      const clock = benchClock();

      // The workers, ready (listening) before any work is queued.
      for (let index = 0; index < workers; index += 1) {
        processes.push(startWorker(url!, dataDir, centre.url));
      }
      const logs = await Promise.all(processes.map((child) => ready(child)));

      const started = performance.now();
      await queueMessages(db, work.messages, clock.now());
      for (const file of files) {
        const folder = join(dataDir, 'inbox', file.bankCode);
        mkdirSync(folder, { recursive: true });
        renameSync(join(staged, file.name), join(folder, file.name));
      }
      const movements = work.files * work.movementsPerFile;
      let bookedAt = 0;
      let sentAt = 0;
      for (;;) {
        const { rows } = await sql<{ booked: number; sent: number }>`
          select (select count(*)::int from bank_movements where state = 'matched') as booked,
            (select count(*)::int from outbox_messages where idempotency_key like 'bench-workers-%'
              and state = 'sent') as sent`.execute(db);
        if (!bookedAt && rows[0]!.booked >= movements) bookedAt = performance.now();
        if (!sentAt && rows[0]!.sent >= work.messages) sentAt = performance.now();
        if (bookedAt && sentAt) break;
        await new Promise((r) => setTimeout(r, 50));
        if (performance.now() - started > 900_000) throw new Error(`workers ×${workers}: not done in 15 minutes`);
      }
      const seconds = (performance.now() - started) / 1000;

      // Double processing: a file the drop folder ingested more than once, a message submitted more than once.
      const ingestedPerFile = new Map<string, number>();
      for (const line of logs.flatMap((lines) => lines.all())) {
        if (line.msg === 'drop folder file ingested' && typeof line.file === 'string')
          ingestedPerFile.set(line.file, (ingestedPerFile.get(line.file) ?? 0) + 1);
      }
      const fileDoubles = [...ingestedPerFile.values()].reduce((sum, n) => sum + n - 1, 0);
      const messageDoubles = [...centre.submits.entries()]
        .filter(([key]) => key.startsWith('bench-workers-'))
        .reduce((sum, [, n]) => sum + n - 1, 0);
      log(
        `workers ×${workers}: ${movements} movements in ${work.files} files and ${work.messages} messages in ` +
          `${seconds.toFixed(2)} s (movements booked after ${((bookedAt - started) / 1000).toFixed(2)} s, messages ` +
          `sent after ${((sentAt - started) / 1000).toFixed(2)} s); double processing: ${fileDoubles} files, ${messageDoubles} messages`,
      );
      return { seconds, doubles: fileDoubles + messageDoubles };
    });
  } finally {
    await Promise.all(processes.map((child) => stop(child)));
    await new Promise<void>((r) => centre.server.close(() => r()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function queueMessages(db: Db, count: number, now: Date): Promise<void> {
  const batch = 1_000;
  for (let first = 0; first < count; first += batch) {
    const messages: OutboxMessageInput[] = [];
    for (let index = first; index < Math.min(count, first + batch); index += 1) {
      messages.push({
        key: `bench-workers-${index}`,
        contractId: null,
        kind: 'bench',
        recipient: { kind: 'phone', id: null, phone: `+8210${String(20_000_000 + index)}`, locale: 'ko' },
        sender: '15880142',
        body: `하도 벤치마크 메시지 ${index}`,
        payload: { index },
        urgent: true,
      });
    }
    await enqueue(db, messages, { now, quietHours: null });
  }
}

type WorkerLog = { all(): Record<string, unknown>[] };

function startWorker(databaseUrl: string, dataDir: string, smsUrl: string): ChildProcess {
  // HADO_BENCH_PROFILE_DIR=DIR: each worker writes a CPU profile there when it stops.
  const profile = process.env.HADO_BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HADO_BENCH_PROFILE_DIR}`]
    : [];
  return spawn(
    process.execPath,
    [...profile, 'bin/hado.js', 'serve', '--role', 'worker', '--host', '127.0.0.1', '--port', '0'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        HADO_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        HADO_SMS_TRANSPORT: 'http',
        HADO_SMS_HTTP_URL: smsUrl,
        HADO_SMS_HTTP_AUTHORIZATION: 'Bearer bench',
        HADO_SMS_QUIET_HOURS: 'off',
        HADO_BANK_KEY_SECRET: process.env.HADO_BANK_KEY_SECRET ?? 'bench-bank-key-master-0123456789abcdef',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Resolves once the worker listens; keeps every JSON log line it writes. */
function ready(child: ChildProcess): Promise<WorkerLog> {
  const lines: Record<string, unknown>[] = [];
  const log: WorkerLog = { all: () => lines };
  return new Promise((resolve, reject) => {
    let pending = '';
    let listening = false;
    const read = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) {
        if (!part.startsWith('{')) continue;
        try {
          const line = JSON.parse(part) as Record<string, unknown>;
          lines.push(line);
          if (!listening && typeof line.msg === 'string' && line.msg.startsWith('Server listening')) {
            listening = true;
            resolve(log);
          }
        } catch {
          // A line that is not JSON (a warning from Node) is not a log entry.
        }
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      if (!listening) reject(new Error(`worker exited with ${code} before listening`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
