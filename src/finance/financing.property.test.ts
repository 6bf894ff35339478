// Specifies, over random loans and random payments of the assigned obligation (whole, partial, late, several), on
// both engines: the lender is never repaid more than principal plus the interest accrued to its last repayment, the
// subcontractor never receives less than what was paid minus the lender's repayment, and the ledger stays balanced
// and clean (every entry balanced per layer, obligations' paid amounts equal to the ledger).
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import type { Caller } from '../auth/caller.ts';
import { createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, executeClaimTransfers, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { addDays, civilDate, seoulMidnight } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { checkLedger } from '../ledger/index.ts';
import { ensureBankDirectory } from '../runtime/bootstrap.ts';
import { applyForLoan, approveLoan } from './finance.store.ts';
import { loanPosition } from './loan-interest.ts';

const at = (day: string) => new Date(seoulMidnight(civilDate(day)).getTime() + 10 * 3_600_000);

describeEachEngine('financing properties', ({ handle }) => {
  let bank: Caller;
  beforeAll(async () => {
    const db = handle().db;
    await ensureBankDirectory(db);
    await db.updateTable('banks').set({ participating: true }).where('code', '=', '004').execute();
    const row = await db.selectFrom('banks').select('id').where('code', '=', '004').executeTakeFirstOrThrow();
    bank = { role: 'bank', userId: 0n, bankId: row.id, label: 'user:bank-kb' };
  });

  test('lender ≤ principal + interest, subcontractor ≥ paid − repayment, ledger balanced', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1_000n, max: 900_000_000n }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(
          fc.record({ afterDays: fc.integer({ min: 0, max: 120 }), percent: fc.integer({ min: 1, max: 100 }) }),
          { minLength: 1, maxLength: 4 },
        ),
        async (shareWon, principalPercent, payments) => {
          const db = handle().db;
          const clock = new ManualClock(at('2026-03-02'));
          const fixture = await createClaimsFixture(db);
          const total = 10_000_000n + shareWon;
          const { claimId } = await submitClaim(db, fixture.prime, clock, fixture.contractId, {
            periodStart: civilDate('2026-02-01'),
            periodEnd: civilDate('2026-02-28'),
            totalWon: won(total),
            lines: [
              { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(10_000_000n) },
              { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(shareWon) },
            ],
          });
          await approveClaim(db, fixture.official, clock, claimId, undefined);
          const line = await db
            .selectFrom('claim_lines')
            .select('id')
            .where('claim_id', '=', claimId)
            .where('kind', '=', 'subcontract')
            .executeTakeFirstOrThrow();
          const principal = (((shareWon * 8n) / 10n) * BigInt(principalPercent)) / 100n;
          if (principal <= 0n) return;
          const { loanId } = await applyForLoan(db, fixture.subcontractor, clock, {
            claimLineId: line.id,
            bankCode: '004',
            amountWon: principal,
          });
          await approveLoan(db, bank, clock, loanId, {
            repaymentAccountNumber: '0040000150001',
            repaymentHolderName: 'KB국민은행 대출상환',
          });
          await recordBuyerPayment(db, fixture.official, clock, claimId, {
            paidOn: clock.today(),
            amountWon: won(total),
          });
          const obligation = await db
            .selectFrom('obligations')
            .select(['id', 'amount_won'])
            .where('claim_line_id', '=', line.id)
            .executeTakeFirstOrThrow();

          // Payments in date order, each a share of what is still owed on the obligation.
          let day = clock.today();
          let paidTotal = 0n;
          for (const payment of payments) {
            day = addDays(day, payment.afterDays);
            const outstanding = obligation.amount_won - paidTotal;
            const amount = (outstanding * BigInt(payment.percent)) / 100n;
            if (amount <= 0n) continue;
            clock.set(at(day));
            await executeClaimTransfers(db, bank, clock, claimId, {
              executedOn: day,
              transfers: [{ obligationId: obligation.id, amountWon: amount }],
            });
            paidTotal += amount;
          }

          const loan = await db.selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirstOrThrow();
          const lines = await db
            .selectFrom('journal_lines as l')
            .innerJoin('ledger_accounts as a', 'a.id', 'l.account_id')
            .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
            .select(['a.payee_account_id', 'l.amount_won', 'e.effective_on'])
            .where('a.kind', '=', 'payee_received')
            .where('l.side', '=', 'debit')
            .where('l.obligation_id', '=', obligation.id)
            .orderBy('e.id')
            .execute();
          const toLender = lines.filter((row) => row.payee_account_id === loan.lender_account_id);
          const lenderWon = toLender.reduce((sum, row) => sum + row.amount_won, 0n);
          const payeeWon = lines
            .filter((row) => row.payee_account_id === loan.borrower_account_id)
            .reduce((sum, row) => sum + row.amount_won, 0n);
          const lastRepayment = toLender.at(-1)?.effective_on ?? loan.advanced_on!;
          const position = loanPosition(
            { principalWon: principal, annualRatePpm: loan.annual_rate_ppm, advancedOn: civilDate(loan.advanced_on!) },
            toLender.map((row) => ({ on: civilDate(row.effective_on), amountWon: row.amount_won })),
            civilDate(lastRepayment),
          );
          expect(lenderWon).toBeLessThanOrEqual(principal + position.interestAccruedWon);
          expect(position.excessWon).toBe(0n);
          expect(payeeWon).toBeGreaterThanOrEqual(paidTotal - lenderWon);
          expect(lenderWon + payeeWon).toBe(paidTotal);
          expect(loan.repaid_won).toBe(lenderWon);
          expect(loan.status).toBe(position.dueWon === 0n ? 'repaid' : 'advanced');
          const check = await checkLedger(db);
          expect(check.violations).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  });
});
