// Specifies the ledger on both engines: postings balance and derive balances; the database itself refuses an
// update, delete or truncate of journal rows, an unbalanced or incomplete entry, a dedicated account below zero
// and an unfound overpayment; reversals mirror and happen once; and `checkLedger` finds a journal row corrupted
// behind the triggers' back.
import { sql } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import {
  approveClaim,
  type ClaimDraft,
  executeClaimTransfers,
  recordBuyerPayment,
  submitClaim,
} from '../claims/index.ts';
import type { Db } from '../db/database.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { contractBalances, postEntries, reverseEntries } from './ledger.store.ts';
import { checkLedger } from './ledger-check.ts';

const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
const d = civilDate;

/** A paid claim of 1,000,000 own share + 2,000,000 subcontract + 20 days of wages. */
async function paidClaim(db: Db, fixture: ClaimsFixture, periodStart = '2026-02-01', periodEnd = '2026-02-28') {
  const draft: ClaimDraft = {
    periodStart: d(periodStart),
    periodEnd: d(periodEnd),
    totalWon: won(3_000_000n + 4_000_000n),
    lines: [
      { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n) },
      { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
      { kind: 'labour', workerEngagementId: fixture.engagementIds[0]!, daysWorked: 20 },
    ],
  };
  const { claimId } = await submitClaim(db, fixture.prime, clock, fixture.contractId, draft);
  await approveClaim(db, fixture.official, clock, claimId, undefined);
  await recordBuyerPayment(db, fixture.official, clock, claimId, {
    paidOn: d('2026-03-10'),
    amountWon: draft.totalWon,
  });
  return claimId;
}

describeEachEngine('ledger', ({ handle }) => {
  let fixture: ClaimsFixture;
  let claimId: bigint;
  beforeAll(async () => {
    fixture = await createClaimsFixture(handle().db);
    claimId = await paidClaim(handle().db, fixture);
  });

  test("the buyer's payment is booked: dedicated accounts hold it, each payee is owed its share", async () => {
    const balances = await contractBalances(handle().db, fixture.contractId);
    const of = (kind: string, purpose?: string) =>
      balances
        .filter((b) => b.kind === kind && (purpose === undefined || b.purpose === purpose))
        .map((b) => b.balanceWon);
    expect(of('buyer_funding')).toEqual([7_000_000n]);
    expect(of('dedicated', 'progress')).toEqual([3_000_000n]);
    expect(of('dedicated', 'labour')).toEqual([4_000_000n]);
    expect(of('division_control')).toEqual([7_000_000n]);
    expect(of('payable').sort()).toEqual([1_000_000n, 2_000_000n, 4_000_000n].sort());
    expect((await checkLedger(handle().db)).result).toBe('clean');
  });

  test('journal rows refuse update, delete and truncate', async () => {
    const db = handle().db;
    await expect(sql`update journal_lines set amount_won = amount_won + 1`.execute(db)).rejects.toThrow(/only grows/);
    await expect(sql`delete from journal_lines`.execute(db)).rejects.toThrow(/only grows/);
    await expect(sql`update journal_entries set memo = 'x'`.execute(db)).rejects.toThrow(/only grows/);
    await expect(sql`delete from journal_entries`.execute(db)).rejects.toThrow(/only grows/);
    await expect(sql`truncate journal_lines cascade`.execute(db)).rejects.toThrow(/only grows/);
    await expect(sql`delete from ledger_accounts`.execute(db)).rejects.toThrow(/only grows/);
  });

  test('an unbalanced entry is refused by the database, and so is an entry whose lines never come', async () => {
    const db = handle().db;
    const accounts = await db
      .selectFrom('ledger_accounts')
      .select(['id', 'kind', 'purpose'])
      .where('contract_id', '=', fixture.contractId)
      .execute();
    const funding = accounts.find((a) => a.kind === 'buyer_funding')!.id;
    const progress = accounts.find((a) => a.kind === 'dedicated' && a.purpose === 'progress')!.id;
    const unbalanced = db.transaction().execute(async (tx) => {
      const entry = await tx
        .insertInto('journal_entries')
        .values({
          contract_id: fixture.contractId,
          kind: 'buyer_payment',
          effective_on: '2026-03-09',
          line_count: 2,
          total_won: 100n,
          posted_by: 't',
          posted_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('journal_lines')
        .values([
          {
            entry_id: entry.id,
            contract_id: fixture.contractId,
            account_id: progress,
            side: 'debit',
            amount_won: 100n,
          },
          { entry_id: entry.id, contract_id: fixture.contractId, account_id: funding, side: 'credit', amount_won: 99n },
        ])
        .execute();
    });
    await expect(unbalanced).rejects.toThrow(/does not balance/);
    const headerOnly = db.transaction().execute(async (tx) => {
      await tx
        .insertInto('journal_entries')
        .values({
          contract_id: fixture.contractId,
          kind: 'buyer_payment',
          effective_on: '2026-03-09',
          line_count: 2,
          total_won: 100n,
          posted_by: 't',
          posted_at: new Date(),
        })
        .execute();
    });
    await expect(headerOnly).rejects.toThrow(/at commit/);
    expect((await checkLedger(db)).result).toBe('clean');
    // The commit check's notes of entries to check live only inside their transaction.
    const notes = await sql<{ n: bigint }>`select count(*) as n from journal_entries_unchecked`.execute(db);
    expect(notes.rows[0]!.n).toBe(0n);
  });

  test('the database refuses a dedicated account below zero and a payee paid beyond its obligations', async () => {
    const db = handle().db;
    const accounts = await db
      .selectFrom('ledger_accounts')
      .select(['id', 'kind', 'purpose', 'payee_account_id'])
      .where('contract_id', '=', fixture.contractId)
      .execute();
    const progress = accounts.find((a) => a.kind === 'dedicated' && a.purpose === 'progress')!.id;
    const labour = accounts.find((a) => a.kind === 'dedicated' && a.purpose === 'labour')!.id;
    const payable = accounts.find((a) => a.kind === 'payable')!.id;
    const control = accounts.find((a) => a.kind === 'division_control')!.id;
    const rawEntry = (lines: { account: bigint; side: 'debit' | 'credit'; amount: bigint }[]) =>
      db.transaction().execute(async (tx) => {
        const total = lines.filter((l) => l.side === 'debit').reduce((sum, l) => sum + l.amount, 0n);
        const entry = await tx
          .insertInto('journal_entries')
          .values({
            contract_id: fixture.contractId,
            kind: 'transfer_out',
            effective_on: '2026-03-09',
            line_count: lines.length,
            total_won: total,
            posted_by: 't',
            posted_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('journal_lines')
          .values(
            lines.map((l) => ({
              entry_id: entry.id,
              contract_id: fixture.contractId,
              account_id: l.account,
              side: l.side,
              amount_won: l.amount,
            })),
          )
          .execute();
      });
    // Moving 3,000,001 from progress (which holds 3,000,000) to labour balances but overdraws progress.
    await expect(
      rawEntry([
        { account: labour, side: 'debit', amount: 3_000_001n },
        { account: progress, side: 'credit', amount: 3_000_001n },
      ]),
    ).rejects.toThrow(/below zero/);
    await expect(
      rawEntry([
        { account: payable, side: 'debit', amount: 9_000_000n },
        { account: control, side: 'credit', amount: 9_000_000n },
      ]),
    ).rejects.toThrow(/beyond its obligations/);
  });

  test("a line naming a missing obligation or another contract's account is refused; so is deleting a paid-for obligation", async () => {
    const db = handle().db;
    const accounts = await db
      .selectFrom('ledger_accounts')
      .select(['id', 'kind', 'purpose', 'contract_id'])
      .where('contract_id', '=', fixture.contractId)
      .execute();
    const progress = accounts.find((a) => a.kind === 'dedicated' && a.purpose === 'progress')!.id;
    const funding = accounts.find((a) => a.kind === 'buyer_funding')!.id;
    const entryWith = (lines: (contractId: bigint) => { account: bigint; obligation?: bigint; contract?: bigint }[]) =>
      db.transaction().execute(async (tx) => {
        const entry = await tx
          .insertInto('journal_entries')
          .values({
            contract_id: fixture.contractId,
            kind: 'buyer_payment',
            effective_on: '2026-03-09',
            line_count: 2,
            total_won: 100n,
            posted_by: 't',
            posted_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const [debit, credit] = lines(fixture.contractId);
        await tx
          .insertInto('journal_lines')
          .values([
            {
              entry_id: entry.id,
              contract_id: debit!.contract ?? fixture.contractId,
              account_id: debit!.account,
              side: 'debit',
              amount_won: 100n,
              obligation_id: debit!.obligation ?? null,
            },
            {
              entry_id: entry.id,
              contract_id: fixture.contractId,
              account_id: credit!.account,
              side: 'credit',
              amount_won: 100n,
            },
          ])
          .execute();
      });
    await expect(
      entryWith(() => [{ account: progress, obligation: 999_999_999n }, { account: funding }]),
    ).rejects.toThrow(/names obligation 999999999, which does not exist/);
    await expect(entryWith(() => [{ account: 999_999_999n }, { account: funding }])).rejects.toThrow(
      /names ledger account 999999999, which does not exist/,
    );
    await expect(
      entryWith((contractId) => [{ account: progress, contract: contractId + 1_000n }, { account: funding }]),
    ).rejects.toThrow(`names ledger account ${progress}, which does not exist or belongs to another contract`);
    // Obligations with journal lines keep them: their deletion is refused.
    const paidFor = await db
      .selectFrom('journal_lines')
      .select('obligation_id')
      .where('obligation_id', 'is not', null)
      .executeTakeFirstOrThrow();
    await expect(sql`delete from obligations where id = ${paidFor.obligation_id}`.execute(db)).rejects.toThrow(
      /has journal lines/,
    );
    expect((await checkLedger(db)).result).toBe('clean');
  });

  test('postEntries refuses, with a named result and nothing written, what the money does not cover', async () => {
    const db = handle().db;
    const before = await db
      .selectFrom('journal_lines')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    const result = await db.transaction().execute((tx) =>
      postEntries(
        tx,
        [
          {
            contractId: fixture.contractId,
            kind: 'transfer_out',
            effectiveOn: d('2026-03-09'),
            lines: [
              { account: { kind: 'dedicated', purpose: 'labour' }, side: 'debit', amountWon: 3_000_001n },
              { account: { kind: 'dedicated', purpose: 'progress' }, side: 'credit', amountWon: 3_000_001n },
            ],
          },
        ],
        { actor: 'test', at: clock.now() },
      ),
    );
    expect(result.result).toBe('dedicated_account_insufficient');
    const after = await db
      .selectFrom('journal_lines')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test('transfers settle obligations; a reversal mirrors one transfer, once, and makes it owed again', async () => {
    const db = handle().db;
    const recorded = await executeClaimTransfers(db, fixture.admin, clock, claimId, { executedOn: d('2026-03-10') });
    expect(recorded.entries).toHaveLength(3);
    const paid = await db
      .selectFrom('obligations')
      .select(['paid_won', 'amount_won', 'paid_on'])
      .where('claim_id', '=', claimId)
      .execute();
    expect(paid.every((o) => o.paid_won === o.amount_won && o.paid_on === '2026-03-10')).toBe(true);
    const entryId = recorded.entries[0]!.entryId;
    const reversed = await db
      .transaction()
      .execute((tx) => reverseEntries(tx, [entryId], { actor: 'test', at: clock.now(), effectiveOn: d('2026-03-10') }));
    expect(reversed.result).toBe('reversed');
    if (reversed.result !== 'reversed') return;
    const lines = (entry: bigint) =>
      db
        .selectFrom('journal_lines')
        .select(['account_id', 'side', 'amount_won', 'obligation_id'])
        .where('entry_id', '=', entry)
        .orderBy('id')
        .execute();
    const original = await lines(entryId);
    const mirror = await lines(reversed.entryIds[0]!);
    expect(mirror.map((l) => ({ ...l, side: l.side === 'debit' ? 'credit' : 'debit' }))).toEqual(original);
    const again = await db
      .transaction()
      .execute((tx) => reverseEntries(tx, [entryId], { actor: 'test', at: clock.now(), effectiveOn: d('2026-03-10') }));
    expect(again).toEqual({ result: 'already_reversed', entryId });
    const ofReversal = await db
      .transaction()
      .execute((tx) =>
        reverseEntries(tx, [reversed.entryIds[0]!], { actor: 'test', at: clock.now(), effectiveOn: d('2026-03-10') }),
      );
    expect(ofReversal.result).toBe('cannot_reverse_reversal');
    // The obligation's paid amount is derived again; the check sees the drift until then.
    const drift = await checkLedger(db);
    expect(drift.violations.map((v) => v.code)).toEqual(['obligation_paid_mismatch']);
    await db.transaction().execute(async (tx) => {
      const { refreshObligationPayments } = await import('../claims/index.ts');
      await refreshObligationPayments(tx, [recorded.entries[0]!.obligationId]);
    });
    expect((await checkLedger(db)).result).toBe('clean');
  });

  test("an account's stored running balance is the sum of its lines; one tampered with is found by the check", async () => {
    const db = handle().db;
    const stored = await sql<{
      account_id: bigint;
      debit_won: bigint;
      credit_won: bigint;
      debits: bigint;
      credits: bigint;
    }>`
      select b.account_id, b.debit_won, b.credit_won,
        (select coalesce(sum(amount_won), 0) from journal_lines l
         where l.account_id = b.account_id and l.side = 'debit')::bigint as debits,
        (select coalesce(sum(amount_won), 0) from journal_lines l
         where l.account_id = b.account_id and l.side = 'credit')::bigint as credits
      from ledger_balances b join ledger_accounts a on a.id = b.account_id
      where a.contract_id = ${fixture.contractId} and a.kind = 'dedicated' and a.purpose = 'progress'`.execute(db);
    const progress = stored.rows[0]!;
    // The buyer's 3,000,000 in, the transfers out: both totals are what the lines say.
    expect([progress.debit_won, progress.credit_won]).toEqual([progress.debits, progress.credits]);
    expect(progress.debit_won).toBeGreaterThanOrEqual(3_000_000n);
    expect(progress.credit_won).toBeGreaterThan(0n);
    expect((await checkLedger(db)).result).toBe('clean');

    await sql`update ledger_balances set debit_won = debit_won + 1 where account_id = ${progress.account_id}`.execute(
      db,
    );
    const check = await checkLedger(db);
    expect(check.violations.map((v) => v.code)).toEqual(['account_balance_mismatch']);
    expect(check.violations[0]!.examples).toEqual([
      `account ${progress.account_id}: stores debits ${progress.debit_won + 1n} / credits ${progress.credit_won} won, ` +
        `its lines sum to debits ${progress.debit_won} / credits ${progress.credit_won}`,
    ]);
    await sql`update ledger_balances set debit_won = debit_won - 1 where account_id = ${progress.account_id}`.execute(
      db,
    );
    expect((await checkLedger(db)).result).toBe('clean');
    await expect(sql`delete from ledger_balances`.execute(db)).rejects.toThrow(/only grows/);
  });

  test('a journal row corrupted behind the triggers is found by the check', async () => {
    const db = handle().db;
    const line = await db
      .selectFrom('journal_lines')
      .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_lines.account_id')
      .select(['journal_lines.entry_id', 'journal_lines.account_id'])
      .where('journal_lines.contract_id', '=', fixture.contractId)
      .where('ledger_accounts.kind', '=', 'dedicated')
      .orderBy('journal_lines.id')
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`insert into journal_lines (entry_id, contract_id, account_id, side, amount_won)
                values (${line.entry_id}, ${fixture.contractId}, ${line.account_id}, 'debit', 1)`.execute(tx);
    });
    const check = await checkLedger(db);
    expect(check.result).toBe('violations');
    expect(check.violations.map((v) => v.code)).toEqual(
      expect.arrayContaining(['entry_unbalanced', 'entry_layer_unbalanced']),
    );
    expect(check.violations.find((v) => v.code === 'entry_unbalanced')!.examples[0]).toContain(
      `entry ${line.entry_id}`,
    );
  });
});
