// Specifies the SMS delivery guarantee (DESIGN §8) with real processes: a worker killed (SIGKILL) after claiming a
// batch and before any submit, or just after committing a message's outcome, is restarted and every message
// reaches the SMS centre exactly once. Killed in the documented window (the centre accepted, Hado had not yet
// committed) the message is repeated once, with the same outbox key, and marked as a suspected repeat.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Handle, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openFreshDatabase, testEngines } from '../db/test-engines.ts';
import { enqueue, type OutboxMessageInput } from './enqueue.ts';
import { TestSmsc } from './test-smsc.ts';

const childPath = fileURLToPath(new URL('./outbox-crash.child.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

type Database = { open(): Promise<Handle>; childEnv: Record<string, string>; drop(): Promise<void> };

async function database(engine: 'pglite' | 'postgres'): Promise<Database> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'hado-outbox-crash-'));
    const dataDir = join(dir, 'pglite');
    return {
      open: () => openDatabase({ engine: 'pglite', dataDir }),
      childEnv: { HADO_CHILD_DATA_DIR: dataDir },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const fresh = await openFreshDatabase('postgres');
  await fresh.handle.close();
  return {
    open: () => openDatabase({ engine: 'postgres', url: fresh.url!, poolSize: 2 }),
    childEnv: { HADO_CHILD_DATABASE_URL: fresh.url! },
    drop: fresh.drop,
  };
}

/** Runs the child worker; resolves with how it ended and the point it paused at, if it did. */
function runChild(
  env: Record<string, string>,
  pause: string,
): { child: ChildProcess; paused: Promise<string>; exited: Promise<number | null | string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', childPath], {
    cwd: projectRoot,
    env: { ...process.env, ...env, HADO_CHILD_PAUSE: pause },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const paused = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /PAUSED (\S+)/.exec(output);
      if (match) resolve(match[1]!);
      if (output.includes('DONE')) resolve('done');
    });
    child.on('exit', () => reject(new Error(`child exited without pausing: ${output} ${errors}`)));
  });
  paused.catch(() => {});
  const exited = new Promise<number | null | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
  return { child, paused, exited };
}

const messages = (scenario: string): OutboxMessageInput[] =>
  Array.from({ length: 5 }, (_, index) => ({
    key: `crash:${scenario}:${index + 1}`,
    contractId: null,
    kind: 'test',
    recipient: { kind: 'phone' as const, id: null, phone: `+8210000000${index + 1}`, locale: 'ko' as const },
    sender: '15880142',
    body: `[Hado] 지급 안내 ${index + 1}`,
    payload: {},
    urgent: true,
  }));

for (const engine of testEngines()) {
  describe(`outbox worker killed and restarted [${engine}]`, () => {
    let smsc: TestSmsc;
    let port: number;
    beforeAll(async () => {
      smsc = new TestSmsc();
      port = await smsc.start();
    });
    afterAll(async () => smsc.stop());

    for (const row of [
      { pause: 'after-claim', repeated: 0, when: 'after claiming a batch, before any submit' },
      { pause: 'after-record', repeated: 0, when: 'just after committing the first outcome' },
      { pause: 'before-record', repeated: 1, when: 'between the centre accepting and Hado committing' },
    ]) {
      test(`killed ${row.when}: every message reaches the centre once${row.repeated ? ', but the one in the window twice, visibly' : ''}`, async () => {
        const db = await database(engine);
        try {
          const setup = await db.open();
          await migrate(setup);
          const batch = messages(`${engine}:${row.pause}`);
          await enqueue(setup.db, batch, { now: new Date(), quietHours: null });
          await setup.close();

          const env = { ...db.childEnv, HADO_CHILD_SMSC_PORT: String(port), HADO_CHILD_LEASE_MS: '1000' };
          const first = runChild(env, row.pause);
          expect(await first.paused).toBe(row.pause);
          first.child.kill('SIGKILL');
          expect(await first.exited).toBe('SIGKILL');

          const second = runChild(env, 'none');
          expect(await second.paused).toBe('done');
          expect(await second.exited).toBe(0);

          const counts = smsc.countsByKey();
          const repeatedKeys = batch.filter((message) => counts.get(message.key) === 2).map((message) => message.key);
          expect(repeatedKeys).toHaveLength(row.repeated);
          for (const message of batch) expect([1, 2]).toContain(counts.get(message.key));

          const check = await db.open();
          try {
            const rows = await check.db
              .selectFrom('outbox_messages')
              .select(['id', 'idempotency_key', 'state', 'repeat_suspected'])
              .orderBy('id')
              .execute();
            expect(rows.map((message) => message.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
            const interrupted = await check.db
              .selectFrom('outbox_attempts')
              .innerJoin('outbox_messages', 'outbox_messages.id', 'outbox_attempts.message_id')
              .select(['outbox_messages.idempotency_key'])
              .where('outbox_attempts.outcome', '=', 'interrupted')
              .execute();
            if (row.pause === 'before-record') {
              // The repeat is on record: the cut-short attempt and the suspicion, on the message that was repeated.
              expect(
                rows.filter((message) => message.repeat_suspected).map((message) => message.idempotency_key),
              ).toContain(repeatedKeys[0]);
              expect(interrupted.map((attempt) => attempt.idempotency_key)).toContain(repeatedKeys[0]);
            }
            if (row.pause === 'after-record') expect(interrupted).toHaveLength(4);
            if (row.pause === 'after-claim') expect(interrupted).toHaveLength(5);
          } finally {
            await check.close();
          }
        } finally {
          await db.drop();
        }
      }, 120_000);
    }
  });
}
