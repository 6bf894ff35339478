// Specifies financing end to end on both engines (issue 6): claim approved → the payee borrows → the bank approves
// → the advance is in the ledger → the buyer pays → the divided transfer repays the lender exactly (principal +
// interest computed by hand) and pays the rest to the subcontractor → the loan closes; the same with a partial
// payment and with a late one (lender and official told). Bad input is refused with nothing written.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../auth/caller.ts';
import { createClaimsFixture } from '../claims/claims.test-fixture.ts';
import {
  approveClaim,
  executeClaimTransfers,
  recordBuyerPayment,
  recordObligationPayments,
  reverseTransfer,
  submitClaim,
} from '../claims/index.ts';
import type { Db } from '../db/database.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { Refusal } from '../http/refusals.ts';
import { civilDate, seoulMidnight } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { checkLedger } from '../ledger/index.ts';
import { ensureBankDirectory } from '../runtime/bootstrap.ts';
import { applyForLoan, approveLoan, declineLoan } from './finance.store.ts';
import { loanStatement } from './loan-views.ts';
import { noticeOverdueLoans } from './overdue-loans.ts';

const at = (day: string) => new Date(seoulMidnight(civilDate(day)).getTime() + 10 * 3_600_000);
const settings = { sender: '0215880000', quietHours: null };

async function refusalOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Refusal) return error.code;
    throw error;
  }
  return 'no refusal';
}

describeEachEngine('financing end to end', ({ handle }) => {
  const db = (): Db => handle().db;
  let kb: Caller;
  let otherBank: Caller;

  beforeAll(async () => {
    await ensureBankDirectory(db());
    await db().updateTable('banks').set({ participating: true }).where('code', 'in', ['004', '020']).execute();
    const banks = await db().selectFrom('banks').select(['id', 'code']).where('code', 'in', ['004', '020']).execute();
    const bankId = (code: string) => banks.find((bank) => bank.code === code)!.id;
    kb = { role: 'bank', userId: 0n, bankId: bankId('004'), label: 'user:bank-kb' };
    otherBank = { role: 'bank', userId: 0n, bankId: bankId('020'), label: 'user:bank-woori' };
  });

  /** A fresh contract with one approved claim: the prime's own share, a subcontract share and a supply share. */
  async function approvedClaim(
    clock: ManualClock,
    shares: { subWon: bigint; supplyWon: bigint },
    period = { start: '2026-02-01', end: '2026-02-28' },
  ) {
    const fixture = await createClaimsFixture(db());
    const total = 100_000_000n + shares.subWon + shares.supplyWon;
    const { claimId } = await submitClaim(db(), fixture.prime, clock, fixture.contractId, {
      periodStart: civilDate(period.start),
      periodEnd: civilDate(period.end),
      totalWon: won(total),
      lines: [
        { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(100_000_000n) },
        { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(shares.subWon) },
        { kind: 'supply', supplyContractId: fixture.supplyContractId, amountWon: won(shares.supplyWon) },
      ],
    });
    await approveClaim(db(), fixture.official, clock, claimId, undefined);
    const lines = await db()
      .selectFrom('claim_lines')
      .select(['id', 'kind'])
      .where('claim_id', '=', claimId)
      .orderBy('line_no')
      .execute();
    const subLine = lines.find((line) => line.kind === 'subcontract')!.id;
    const supplyLine = lines.find((line) => line.kind === 'supply')!.id;
    const supplier: Caller = {
      role: 'supplier',
      userId: 0n,
      firmId: fixture.supplierFirmId,
      label: 'user:supplier',
    };
    return { fixture, claimId, total, subLine, supplyLine, supplier };
  }

  const loanRow = (loanId: bigint) =>
    db().selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirstOrThrow();
  const obligationOf = (claimLineId: bigint) =>
    db().selectFrom('obligations').selectAll().where('claim_line_id', '=', claimLineId).executeTakeFirstOrThrow();
  /** What each account received for an obligation, from the ledger. */
  async function receivedFor(obligationId: bigint) {
    const rows = await db()
      .selectFrom('journal_lines as l')
      .innerJoin('ledger_accounts as a', 'a.id', 'l.account_id')
      .select(['a.payee_account_id', 'l.side', 'l.amount_won'])
      .where('a.kind', '=', 'payee_received')
      .where('l.obligation_id', '=', obligationId)
      .execute();
    const byAccount = new Map<bigint, bigint>();
    for (const row of rows) {
      const signed = row.side === 'debit' ? row.amount_won : -row.amount_won;
      byAccount.set(row.payee_account_id!, (byAccount.get(row.payee_account_id!) ?? 0n) + signed);
    }
    return byAccount;
  }

  test('full payment: the lender gets principal + 10 days of interest exactly, the subcontractor the rest', async () => {
    const clock = new ManualClock(at('2026-03-02'));
    const { fixture, claimId, total, subLine } = await approvedClaim(clock, {
      subWon: 240_000_000n,
      supplyWon: 40_000_000n,
    });
    const subcontractor = fixture.subcontractor;

    clock.set(at('2026-03-03'));
    const applied = await applyForLoan(db(), subcontractor, clock, {
      claimLineId: subLine,
      bankCode: '004',
      amountWon: 150_000_000n,
    });
    expect(applied.result).toBe('applied');
    const loanId = applied.loanId;
    expect(await loanRow(loanId)).toMatchObject({
      status: 'applied',
      receivable_won: 240_000_000n,
      advance_rate_ppm: 800_000n,
      annual_rate_ppm: 60_000n,
    });

    clock.set(at('2026-03-04'));
    const approved = await approveLoan(db(), kb, clock, loanId, {
      repaymentAccountNumber: '0040000150001',
      repaymentHolderName: 'KB국민은행 대출상환',
    });
    expect(approved.result).toBe('advanced');
    const loan = await loanRow(loanId);
    expect(loan).toMatchObject({ status: 'advanced', advanced_on: '2026-03-04' });
    // The advance in the ledger: Dr loan_advanced (the subcontractor's account) / Cr lender_funding (the bank's).
    const advance = await db()
      .selectFrom('journal_lines as l')
      .innerJoin('ledger_accounts as a', 'a.id', 'l.account_id')
      .select(['a.kind', 'a.payee_account_id', 'l.side', 'l.amount_won'])
      .where('l.entry_id', '=', approved.entryId)
      .orderBy('l.id')
      .execute();
    const subAccount = (await db()
      .selectFrom('subcontracts')
      .select('payee_account_id')
      .where('id', '=', fixture.subcontractId)
      .executeTakeFirstOrThrow())!.payee_account_id!;
    expect(advance).toEqual([
      { kind: 'loan_advanced', payee_account_id: subAccount, side: 'debit', amount_won: 150_000_000n },
      { kind: 'lender_funding', payee_account_id: loan.lender_account_id, side: 'credit', amount_won: 150_000_000n },
    ]);

    clock.set(at('2026-03-10'));
    await recordBuyerPayment(db(), fixture.official, clock, claimId, {
      paidOn: civilDate('2026-03-10'),
      amountWon: won(total),
    });
    clock.set(at('2026-03-14'));
    await executeClaimTransfers(db(), kb, clock, claimId, { executedOn: civilDate('2026-03-14') });

    // 150,000,000 × 6 % × 10 days ÷ 365 = 246,575.34… → 246,575 won of interest.
    const interest = 246_575n;
    const obligation = await obligationOf(subLine);
    const received = await receivedFor(obligation.id);
    expect(received.get(loan.lender_account_id!)).toBe(150_000_000n + interest);
    expect(received.get(subAccount)).toBe(240_000_000n - 150_000_000n - interest);
    expect(obligation.paid_won).toBe(240_000_000n);
    expect(await loanRow(loanId)).toMatchObject({
      status: 'repaid',
      repaid_won: 150_000_000n + interest,
      interest_paid_won: interest,
      closed_on: '2026-03-14',
    });
    const statement = await loanStatement(db(), subcontractor, loanId, clock.today());
    expect(statement!.events.map((event) => event.kind)).toEqual(['applied', 'advanced', 'repayment', 'repaid']);
    expect(statement!.events[2]).toMatchObject({ principalWon: '150000000', interestWon: String(interest) });
    expect((await checkLedger(db())).result).toBe('clean');
  });

  test('bad input is refused and writes nothing', async () => {
    const clock = new ManualClock(at('2026-03-02'));
    const { fixture, claimId, total, subLine, supplyLine, supplier } = await approvedClaim(clock, {
      subWon: 100_000_000n,
      supplyWon: 40_000_000n,
    });
    const subcontractor = fixture.subcontractor;
    const loans = async () => (await db().selectFrom('loans').select('id').execute()).length;
    const before = await loans();
    const apply = (caller: Caller, claimLineId: bigint, amountWon: bigint, bankCode = '004') =>
      applyForLoan(db(), caller, clock, { claimLineId, bankCode, amountWon });

    // 80 % of 100,000,000 is the limit.
    expect(await refusalOf(apply(subcontractor, subLine, 80_000_001n))).toBe('amount_exceeds_advance_limit');
    expect(await refusalOf(apply(supplier, subLine, 1_000n))).toBe('not_receivable_payee');
    expect(await refusalOf(apply(subcontractor, subLine, 1_000n, '999'))).toBe('unknown_bank');
    expect(await loans()).toBe(before);

    const first = await apply(subcontractor, subLine, 80_000_000n);
    expect(first.result).toBe('applied');
    // The same application again is the same loan; a different one on the same receivable is refused.
    expect(await apply(subcontractor, subLine, 80_000_000n)).toEqual({ result: 'exists', loanId: first.loanId });
    expect(await refusalOf(apply(subcontractor, subLine, 10_000_000n))).toBe('receivable_already_assigned');
    expect(await refusalOf(apply(subcontractor, subLine, 80_000_000n, '020'))).toBe('receivable_already_assigned');
    expect(await loans()).toBe(before + 1);

    // Only the bank the application names may decide it; a decided loan is not decided again.
    const approve = (caller: Caller) =>
      approveLoan(db(), caller, clock, first.loanId, {
        repaymentAccountNumber: '0040000150001',
        repaymentHolderName: 'KB국민은행 대출상환',
      });
    expect(await refusalOf(approve(otherBank))).toBe('loan_not_addressed_to_bank');
    expect(await refusalOf(declineLoan(db(), otherBank, clock, first.loanId, '한도 초과'))).toBe(
      'loan_not_addressed_to_bank',
    );
    expect((await loanRow(first.loanId)).status).toBe('applied');
    expect(await refusalOf(approve(subcontractor))).toBe('forbidden');
    const entriesBefore = (await db().selectFrom('journal_entries').select('id').execute()).length;
    expect((await loanRow(first.loanId)).advance_entry_id).toBeNull();
    await approve(kb);
    expect(await refusalOf(approve(kb))).toBe('loan_not_applied');
    expect((await db().selectFrom('journal_entries').select('id').execute()).length).toBe(entriesBefore + 1);

    // A paid receivable cannot be borrowed against; a declined application frees the receivable.
    await recordBuyerPayment(db(), fixture.official, clock, claimId, {
      paidOn: civilDate('2026-03-02'),
      amountWon: won(total),
    });
    const supplyObligation = await obligationOf(supplyLine);
    await executeClaimTransfers(db(), kb, clock, claimId, {
      executedOn: civilDate('2026-03-02'),
      transfers: [{ obligationId: supplyObligation.id, amountWon: 40_000_000n }],
    });
    expect(await refusalOf(apply(supplier, supplyLine, 1_000n))).toBe('receivable_paid');
    expect(await loans()).toBe(before + 1);
  });

  test('a declined application frees the receivable; a returned payment is disputed', async () => {
    const clock = new ManualClock(at('2026-03-02'));
    const { fixture, claimId, total, supplyLine, supplier } = await approvedClaim(clock, {
      subWon: 100_000_000n,
      supplyWon: 40_000_000n,
    });
    const applied = await applyForLoan(db(), supplier, clock, {
      claimLineId: supplyLine,
      bankCode: '004',
      amountWon: 30_000_000n,
    });
    const declined = await declineLoan(db(), kb, clock, applied.loanId, '내부 심사 기준 미달');
    expect(declined.result).toBe('declined');
    expect(await loanRow(applied.loanId)).toMatchObject({ status: 'declined', decline_reason: '내부 심사 기준 미달' });
    const again = await applyForLoan(db(), supplier, clock, {
      claimLineId: supplyLine,
      bankCode: '020',
      amountWon: 30_000_000n,
    });
    expect(again.result).toBe('applied');

    // Paid, then returned by the supplier's bank: the receivable is disputed while the finding is open.
    await recordBuyerPayment(db(), fixture.official, clock, claimId, { paidOn: clock.today(), amountWon: won(total) });
    const obligation = await obligationOf(supplyLine);
    await db()
      .insertInto('findings')
      .values({
        finding_key: `returned:test:${obligation.id}`,
        kind: 'returned',
        severity: 'warning',
        contract_id: fixture.contractId,
        obligation_id: obligation.id,
        raised_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();
    expect(
      await refusalOf(
        approveLoan(db(), otherBank, clock, again.loanId, {
          repaymentAccountNumber: '0200000150001',
          repaymentHolderName: '우리은행 대출상환',
        }),
      ),
    ).toBe('receivable_disputed');
    expect((await loanRow(again.loanId)).status).toBe('applied');
  });

  test('partial payment repays in part, interest first; the second payment closes the loan', async () => {
    const clock = new ManualClock(at('2026-04-01'));
    const { fixture, claimId, total, subLine } = await approvedClaim(clock, {
      subWon: 100_000_000n,
      supplyWon: 40_000_000n,
    });
    const { loanId } = await applyForLoan(db(), fixture.subcontractor, clock, {
      claimLineId: subLine,
      bankCode: '004',
      amountWon: 80_000_000n,
    });
    await approveLoan(db(), kb, clock, loanId, {
      repaymentAccountNumber: '0040000150001',
      repaymentHolderName: 'KB국민은행 대출상환',
    });
    await recordBuyerPayment(db(), fixture.official, clock, claimId, { paidOn: clock.today(), amountWon: won(total) });
    const obligation = await obligationOf(subLine);
    const { lender_account_id: lender, borrower_account_id: borrower } = await loanRow(loanId);

    // Day 30: 80,000,000 × 6 % × 30 ÷ 365 = 394,520.5… → 394,520 of interest, then 49,605,480 of principal.
    clock.set(at('2026-05-01'));
    await executeClaimTransfers(db(), kb, clock, claimId, {
      executedOn: civilDate('2026-05-01'),
      transfers: [{ obligationId: obligation.id, amountWon: 50_000_000n }],
    });
    expect(await loanRow(loanId)).toMatchObject({
      status: 'advanced',
      repaid_won: 50_000_000n,
      interest_paid_won: 394_520n,
    });
    expect((await receivedFor(obligation.id)).get(borrower)).toBeUndefined();

    // Day 40: interest floor((80,000,000 × 30 + 30,394,520 × 10) × 6 % ÷ 365) = 444,484, of which 49,964 is new;
    // the lender gets 30,394,520 + 49,964 = 30,444,484 and the subcontractor 19,555,516.
    clock.set(at('2026-05-11'));
    await executeClaimTransfers(db(), kb, clock, claimId, {
      executedOn: civilDate('2026-05-11'),
      transfers: [{ obligationId: obligation.id, amountWon: 50_000_000n }],
    });
    const received = await receivedFor(obligation.id);
    expect(received.get(lender!)).toBe(50_000_000n + 30_444_484n);
    expect(received.get(borrower)).toBe(19_555_516n);
    expect(await loanRow(loanId)).toMatchObject({
      status: 'repaid',
      repaid_won: 80_444_484n,
      interest_paid_won: 444_484n,
      closed_on: '2026-05-11',
    });
    expect((await checkLedger(db())).result).toBe('clean');
  });

  test('late payment: lender and official are told once; the late transfer repays with the longer interest', async () => {
    const clock = new ManualClock(at('2026-06-01'));
    const { fixture, claimId, total, subLine } = await approvedClaim(
      clock,
      { subWon: 100_000_000n, supplyWon: 40_000_000n },
      { start: '2026-05-01', end: '2026-05-31' },
    );
    const phones = await db()
      .insertInto('users')
      .values([
        {
          login: `fin-official-${fixture.contractId}`,
          password_hash: 'x',
          role: 'official',
          display_name: '담당자',
          buyer_id: fixture.buyerId,
          phone_e164: '+821055501111',
        },
        {
          login: `fin-bank-${fixture.contractId}`,
          password_hash: 'x',
          role: 'bank',
          display_name: '여신 담당',
          bank_id: (kb as { bankId: bigint }).bankId,
          phone_e164: '+821055502222',
        },
      ])
      .returning('id')
      .execute();
    const { loanId } = await applyForLoan(db(), fixture.subcontractor, clock, {
      claimLineId: subLine,
      bankCode: '004',
      amountWon: 50_000_000n,
    });
    await approveLoan(db(), kb, clock, loanId, {
      repaymentAccountNumber: '0040000150001',
      repaymentHolderName: 'KB국민은행 대출상환',
    });
    clock.set(at('2026-06-02'));
    await recordBuyerPayment(db(), fixture.official, clock, claimId, { paidOn: clock.today(), amountWon: won(total) });
    const obligation = await obligationOf(subLine);
    // Due 15 days after the buyer paid (2026-06-17, a Wednesday); nothing is told before.
    expect(obligation.due_on).toBe('2026-06-17');
    await noticeOverdueLoans(db(), { now: clock.now(), today: clock.today(), settings });
    expect((await loanRow(loanId)).overdue_noticed_at).toBeNull();

    clock.set(at('2026-06-20'));
    const noticed = await noticeOverdueLoans(db(), { now: clock.now(), today: clock.today(), settings });
    expect(noticed.noticed).toBeGreaterThanOrEqual(1);
    expect((await loanRow(loanId)).overdue_noticed_at).not.toBeNull();
    const messages = await db()
      .selectFrom('outbox_messages')
      .select(['recipient_id', 'body', 'idempotency_key'])
      .where('idempotency_key', 'like', `loan:overdue:${loanId}:%`)
      .orderBy('recipient_id')
      .execute();
    expect(messages.map((message) => message.recipient_id)).toEqual(phones.map((row) => row.id));
    expect(messages[0]!.body).toContain('3일째');
    // Told once.
    await noticeOverdueLoans(db(), { now: clock.now(), today: clock.today(), settings });
    expect(
      (
        await db()
          .selectFrom('outbox_messages')
          .select('id')
          .where('idempotency_key', 'like', `loan:overdue:${loanId}:%`)
          .execute()
      ).length,
    ).toBe(2);

    // Paid on 2026-06-25: 24 days after the advance on 06-01: 50,000,000 × 6 % × 24 ÷ 365 = 197,260.27… → 197,260.
    clock.set(at('2026-06-25'));
    await executeClaimTransfers(db(), kb, clock, claimId, { executedOn: civilDate('2026-06-25') });
    const { lender_account_id: lender, borrower_account_id: borrower } = await loanRow(loanId);
    const received = await receivedFor(obligation.id);
    expect(received.get(lender!)).toBe(50_197_260n);
    expect(received.get(borrower)).toBe(100_000_000n - 50_197_260n);
    expect(await loanRow(loanId)).toMatchObject({ status: 'repaid', closed_on: '2026-06-25' });
    expect((await checkLedger(db())).result).toBe('clean');
  });

  test('the assigned share paid in full to the subcontractor instead: the loan shows at risk (diverted)', async () => {
    const clock = new ManualClock(at('2026-08-03'));
    const { fixture, claimId, total, subLine } = await approvedClaim(clock, {
      subWon: 100_000_000n,
      supplyWon: 40_000_000n,
    });
    const { loanId } = await applyForLoan(db(), fixture.subcontractor, clock, {
      claimLineId: subLine,
      bankCode: '004',
      amountWon: 50_000_000n,
    });
    await approveLoan(db(), kb, clock, loanId, {
      repaymentAccountNumber: '0040000150001',
      repaymentHolderName: 'KB국민은행 대출상환',
    });
    await recordBuyerPayment(db(), fixture.official, clock, claimId, { paidOn: clock.today(), amountWon: won(total) });
    const obligation = await obligationOf(subLine);
    // As reconciliation books a bank's report of the whole share under the payee's end-to-end id.
    await db()
      .transaction()
      .execute((tx) =>
        recordObligationPayments(
          tx,
          [{ obligationId: obligation.id, amountWon: 100_000_000n, paidOn: clock.today() }],
          {
            actor: 'test',
            at: clock.now(),
          },
        ),
      );
    expect(await loanRow(loanId)).toMatchObject({ status: 'at_risk', at_risk_reason: 'diverted', repaid_won: 0n });
    expect((await checkLedger(db())).result).toBe('clean');
  });

  describe('a returned repayment', () => {
    test('puts a repaid loan at risk, and the obligation is owed again', async () => {
      const clock = new ManualClock(at('2026-07-01'));
      const { fixture, claimId, total, subLine } = await approvedClaim(clock, {
        subWon: 100_000_000n,
        supplyWon: 40_000_000n,
      });
      const { loanId } = await applyForLoan(db(), fixture.subcontractor, clock, {
        claimLineId: subLine,
        bankCode: '004',
        amountWon: 50_000_000n,
      });
      await approveLoan(db(), kb, clock, loanId, {
        repaymentAccountNumber: '0040000150001',
        repaymentHolderName: 'KB국민은행 대출상환',
      });
      await recordBuyerPayment(db(), fixture.official, clock, claimId, {
        paidOn: clock.today(),
        amountWon: won(total),
      });
      const obligation = await obligationOf(subLine);
      const recorded = await executeClaimTransfers(db(), kb, clock, claimId, {
        executedOn: clock.today(),
        transfers: [{ obligationId: obligation.id, amountWon: 100_000_000n }],
      });
      expect((await loanRow(loanId)).status).toBe('repaid');
      const lenderEntry = recorded.entries.find((entry) => entry.amountWon === 50_000_000n)!;
      clock.set(at('2026-07-02'));
      await reverseTransfer(db(), kb, clock, lenderEntry.entryId, {
        effectiveOn: clock.today(),
        reason: '상환계좌 오류로 반환',
      });
      expect(await loanRow(loanId)).toMatchObject({ status: 'at_risk', repaid_won: 0n, closed_on: null });
      expect((await obligationOf(subLine)).paid_won).toBe(50_000_000n);
      expect((await checkLedger(db())).result).toBe('clean');
    });
  });
});
