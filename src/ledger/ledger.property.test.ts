// Specifies, over random sequences of claims paid by the buyer, transfers (in full, in part, beyond what is owed)
// and reversals of any entry, on both engines: every entry balances, money never appears or vanishes (the
// buyer's funding equals what the dedicated accounts hold plus what payees received, as a model of the
// sequence predicts), the memo layer matches what is owed, and the ledger check stays clean.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createClaimsFixture } from '../claims/claims.test-fixture.ts';
import {
  approveClaim,
  type ClaimLineInput,
  recordBuyerPayment,
  recordObligationPayments,
  refreshObligationPayments,
  submitClaim,
} from '../claims/index.ts';
import type { Db } from '../db/database.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { addDays, civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { contractBalances, reverseEntries } from './ledger.store.ts';
import { checkLedger } from './ledger-check.ts';

const clock = new ManualClock(new Date('2026-12-31T01:00:00Z'));
const today = civilDate('2026-12-31');

const claimOp = fc.record({
  kind: fc.constant('claim' as const),
  own: fc.integer({ min: 1, max: 5_000_000 }),
  sub: fc.integer({ min: 0, max: 3_000_000 }),
  supply: fc.integer({ min: 0, max: 1_000_000 }),
  days: fc.integer({ min: 0, max: 20 }),
});
const transferOp = fc.record({
  kind: fc.constant('transfer' as const),
  pick: fc.nat(),
  mode: fc.constantFrom('full' as const, 'partial' as const, 'over' as const),
  fraction: fc.integer({ min: 1, max: 99 }),
});
const reverseOp = fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), anyEntry: fc.boolean() });
const operations = fc.array(fc.oneof(claimOp, claimOp, transferOp, transferOp, transferOp, reverseOp), {
  minLength: 1,
  maxLength: 14,
});

type Model = { buyerPaid: bigint; transferred: bigint; claims: number };
type ValueOf<A> = A extends fc.Arbitrary<infer V> ? V : never;
type Operation = ValueOf<typeof claimOp> | ValueOf<typeof transferOp> | ValueOf<typeof reverseOp>;

async function run(db: Db, ops: readonly Operation[]) {
  const fixture = await createClaimsFixture(db);
  const model: Model = { buyerPaid: 0n, transferred: 0n, claims: 0 };
  for (const op of ops) await apply(db, fixture, op, model);
  return { fixture, model };
}

async function apply(db: Db, fixture: Awaited<ReturnType<typeof createClaimsFixture>>, op: Operation, model: Model) {
  const posting = { actor: 'property', at: clock.now() };
  if (op.kind === 'claim') {
    if (model.claims >= 12) return;
    const month = String(model.claims + 1).padStart(2, '0');
    const periodStart = civilDate(`2026-${month}-01`);
    const periodEnd = addDays(
      civilDate(model.claims === 11 ? '2027-01-01' : `2026-${String(model.claims + 2).padStart(2, '0')}-01`),
      -1,
    );
    const lines: ClaimLineInput[] = [
      { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(BigInt(op.own)) },
    ];
    if (op.sub > 0)
      lines.push({ kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(BigInt(op.sub)) });
    if (op.supply > 0)
      lines.push({ kind: 'supply', supplyContractId: fixture.supplyContractId, amountWon: won(BigInt(op.supply)) });
    if (op.days > 0) lines.push({ kind: 'labour', workerEngagementId: fixture.engagementIds[1]!, daysWorked: op.days });
    const total = BigInt(op.own + op.sub + op.supply) + BigInt(op.days) * 250_000n;
    const { claimId } = await submitClaim(db, fixture.prime, clock, fixture.contractId, {
      periodStart,
      periodEnd,
      totalWon: won(total),
      lines,
    });
    await approveClaim(db, fixture.official, clock, claimId, undefined);
    await recordBuyerPayment(db, fixture.official, clock, claimId, { paidOn: today, amountWon: won(total) });
    model.claims += 1;
    model.buyerPaid += total;
    return;
  }
  if (op.kind === 'transfer') {
    const open = await db
      .selectFrom('obligations')
      .select(['id', 'amount_won', 'paid_won'])
      .where('contract_id', '=', fixture.contractId)
      .orderBy('id')
      .execute();
    if (open.length === 0) return;
    const obligation = open[op.pick % open.length]!;
    const outstanding = obligation.amount_won - obligation.paid_won;
    const amount =
      op.mode === 'full'
        ? outstanding
        : op.mode === 'partial'
          ? (outstanding * BigInt(op.fraction)) / 100n
          : outstanding + 1n + (obligation.amount_won * BigInt(op.fraction)) / 1000n;
    if (amount <= 0n) return;
    const result = await db
      .transaction()
      .execute((tx) =>
        recordObligationPayments(tx, [{ obligationId: obligation.id, amountWon: amount, paidOn: today }], posting),
      );
    if (result.result === 'recorded') model.transferred += amount;
    // Beyond what the dedicated account holds, or owed to no one after a reversed recognition: refused, unwritten.
    else expect(['dedicated_account_insufficient', 'payable_exceeded']).toContain(result.result);
    return;
  }
  const entries = await db
    .selectFrom('journal_entries')
    .select(['id', 'kind', 'total_won'])
    .where('contract_id', '=', fixture.contractId)
    .where(
      'kind',
      'in',
      op.anyEntry ? ['buyer_payment', 'obligations_recognised', 'transfer_out', 'reversal'] : ['transfer_out'],
    )
    .orderBy('id')
    .execute();
  if (entries.length === 0) return;
  const entry = entries[op.pick % entries.length]!;
  const outcome = await db.transaction().execute(async (tx) => {
    const reversed = await reverseEntries(tx, [entry.id], { ...posting, effectiveOn: today });
    if (reversed.result === 'reversed') {
      const touched = await tx
        .selectFrom('journal_lines')
        .select('obligation_id')
        .distinct()
        .where('entry_id', '=', entry.id)
        .where('obligation_id', 'is not', null)
        .execute();
      await refreshObligationPayments(
        tx,
        touched.map((row) => row.obligation_id!),
      );
    }
    return reversed.result;
  });
  if (outcome !== 'reversed') {
    expect([
      'already_reversed',
      'cannot_reverse_reversal',
      'dedicated_account_insufficient',
      'payable_exceeded',
    ]).toContain(outcome);
    return;
  }
  if (entry.kind === 'buyer_payment') model.buyerPaid -= entry.total_won;
  if (entry.kind === 'transfer_out') {
    const amount = await db
      .selectFrom('journal_lines')
      .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_lines.account_id')
      .select('journal_lines.amount_won')
      .where('journal_lines.entry_id', '=', entry.id)
      .where('ledger_accounts.kind', '=', 'payee_received')
      .executeTakeFirstOrThrow();
    model.transferred -= amount.amount_won;
  }
}

describeEachEngine('ledger properties', ({ handle }) => {
  test('over random claims, transfers and reversals the ledger balances and money is conserved', async () => {
    const db = handle().db;
    await fc.assert(
      fc.asyncProperty(operations, async (ops) => {
        const { fixture, model } = await run(db, ops);
        const balances = await contractBalances(db, fixture.contractId);
        const sum = (kind: string) =>
          balances.filter((b) => b.kind === kind).reduce((total, b) => total + b.balanceWon, 0n);
        expect(sum('buyer_funding')).toBe(model.buyerPaid);
        expect(sum('payee_received')).toBe(model.transferred);
        expect(sum('dedicated')).toBe(model.buyerPaid - model.transferred);
        expect(sum('division_control')).toBe(sum('payable'));
        for (const balance of balances) {
          expect(balance.debitWon + balance.creditWon).toBeGreaterThanOrEqual(0n);
          if (balance.kind === 'dedicated') expect(balance.balanceWon).toBeGreaterThanOrEqual(0n);
        }
        const check = await checkLedger(db);
        expect(check.violations).toEqual([]);
        expect(check.totals.debitWon).toBe(check.totals.creditWon);
      }),
      { numRuns: Number(process.env.HADO_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  });
});
