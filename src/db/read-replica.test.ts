// Specifies read replicas (issue 9, scale-out): with DATABASE_READ_URL naming a hot standby, the officials'
// dashboard and the public aggregates are read from the standby while every write goes to the primary. Shown on a
// real primary and standby made for the test (initdb + pg_basebackup): with the standby's replay paused, a buyer's
// payment recorded on the primary does not show on the dashboard until replay resumes.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, type ClaimDraft, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { createTestApp, type TestApp, type TestClient } from '../http/test-app.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock, systemClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { configFromEnv } from '../runtime/config.ts';
import { openStore } from '../runtime/open-store.ts';
import { type Db, type Handle, openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { type ReplicaPair, replicaPairUnavailable, startReplicaPair } from './replica-pair.test-helper.ts';

test('DATABASE_READ_URL without DATABASE_URL is refused before anything opens', async () => {
  const config = configFromEnv({ DATABASE_READ_URL: 'postgres://postgres@127.0.0.1:5432/test' });
  await expect(openStore(config)).rejects.toThrow(BadInputError);
  await expect(openStore(config)).rejects.toThrow(/DATABASE_READ_URL/);
});

const unavailable = replicaPairUnavailable();

describe.skipIf(unavailable !== undefined)(`a read replica${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const password = 'replica-test-password-1';
  const clock = new ManualClock(new Date('2026-03-04T01:00:00Z'));
  let pair: ReplicaPair;
  let handle: Handle;
  let hado: TestApp;
  let fixture: ClaimsFixture;
  let official: TestClient;
  let claimId: bigint;
  const draft: ClaimDraft = {
    periodStart: civilDate('2026-02-01'),
    periodEnd: civilDate('2026-02-28'),
    totalWon: won(3_000_000n),
    lines: [{ kind: 'subcontract', subcontractId: 0n, amountWon: won(3_000_000n) }],
  };

  /** Waits until the standby has replayed everything the primary had written when this was called. */
  const caughtUp = async () => {
    const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(handle.db);
    const target = rows[0]!.lsn;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const replayed = await sql<{ done: boolean }>`
        select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), ${target}::pg_lsn) >= 0 as done`.execute(handle.reader!);
      if (replayed.rows[0]!.done) return;
      if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${target} in 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const inRecovery = async (db: Db) =>
    (await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(db)).rows[0]!.standby;
  const paidIn = async () => {
    const answer = await official.get('/api/v1/dashboard');
    expect(answer.statusCode, answer.body).toBe(200);
    return (answer.json() as { totals: { paidInWon: string } }).totals.paidInWon;
  };
  const publicContracts = async () => {
    const answer = await official.get('/api/v1/public/summary');
    expect(answer.statusCode, answer.body).toBe(200);
    return (answer.json() as { contracts: { count: number } }).contracts.count;
  };

  beforeAll(async () => {
    pair = await startReplicaPair();
    handle = await openDatabase({ engine: 'postgres', url: pair.primaryUrl, readUrl: pair.replicaUrl });
    await migrate(handle);
    // Sessions keep real time while the test moves the domain's clock to the payment day.
    hado = await createTestApp(handle, { demo: false, clock, realClock: systemClock });
    fixture = await createClaimsFixture(handle.db);
    const lines = [{ kind: 'subcontract' as const, subcontractId: fixture.subcontractId, amountWon: won(3_000_000n) }];
    ({ claimId } = await submitClaim(handle.db, fixture.prime, clock, fixture.contractId, { ...draft, lines }));
    await approveClaim(handle.db, fixture.official, clock, claimId, undefined);
    const created = await hado.admin().post('/api/v1/admin/users', {
      login: 'replica-official',
      password,
      displayName: 'replica-official',
      role: 'official',
      buyerId: String(fixture.buyerId),
    });
    expect(created.statusCode, created.body).toBe(201);
    official = await hado.as('replica-official', password);
    await caughtUp();
  }, 120_000);
  afterAll(async () => {
    await hado?.close();
    await handle?.close();
    await pair?.stop();
  });

  test('the reader is the standby, the writer the primary', async () => {
    expect(await inRecovery(handle.db)).toBe(false);
    expect(await inRecovery(handle.reader!)).toBe(true);
    await expect(sql`create table written_on_standby (id int)`.execute(handle.reader!)).rejects.toThrow(/read-only/);
  });

  test('the dashboard and the public summary read the standby: a paused replay hides a payment until it resumes', async () => {
    expect(await paidIn()).toBe('0');
    const contractsBefore = await publicContracts();

    await sql`select pg_wal_replay_pause()`.execute(handle.reader!);
    try {
      clock.set(new Date('2026-03-10T01:00:00Z'));
      await recordBuyerPayment(handle.db, fixture.official, clock, claimId, {
        paidOn: civilDate('2026-03-10'),
        amountWon: draft.totalWon,
      });
      await createClaimsFixture(handle.db);
      // The primary has the payment and the new contract; the screens, reading the paused standby, do not yet.
      const onPrimary = await handle.db
        .selectFrom('claims')
        .select('status')
        .where('id', '=', claimId)
        .executeTakeFirstOrThrow();
      expect(onPrimary.status).toBe('paid');
      expect(await paidIn()).toBe('0');
      expect(await publicContracts()).toBe(contractsBefore);
    } finally {
      await sql`select pg_wal_replay_resume()`.execute(handle.reader!);
    }

    await caughtUp();
    expect(await paidIn()).toBe('3000000');
    expect(await publicContracts()).toBe(contractsBefore + 1);
  });
});
