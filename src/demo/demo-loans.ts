import { auditedWrite } from '../audit/audited-write.ts';
import { userCaller } from '../auth/sessions.ts';
import type { SandboxBank } from '../bank/sandbox/index.ts';
import {
  approveClaim,
  executeClaimTransfers,
  recordBuyerPayment,
  reverseTransfer,
  submitClaim,
} from '../claims/index.ts';
import { applyForLoan, approveLoan, recordDisbursement } from '../finance/index.ts';
import type { AppContext } from '../http/app-context.ts';
import { assert } from '../kernel/assert.ts';
import { addDays, type CivilDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';

/** KB's account that receives its borrowers' repayments (invented, like everything in the demo). */
export const demoLenderAccount = {
  bankCode: '004',
  accountNumber: '0049000000001',
  holderName: 'KB국민은행 기업여신 상환',
};

/**
 * The demo's financing (issue 6), after its claims: a loan in every state, through the same domain functions the
 * API calls, each step on its day of the demo's history.
 *
 * - An earlier claim (the gap between the labour claims and the first progress claim): the tile and electrical
 *   subcontractors borrow from KB against their shares; KB approves; the buyer pays; the division executes and
 *   repays KB first — the tile loan closes by itself (`repaid`); KB's bank returns the electrical repayment two
 *   days later, so that loan is `at_risk` (and its obligation overdue: KB and the official are told).
 * - The approved 4th claim: the interior subcontractor's loan is `advanced`; the live sandbox bank repays it when
 *   it executes that claim's division a few seconds after start.
 * - The cement supplier's overdue share of the 3rd claim: an application waiting for `bank-kb` (`applied`).
 */
export async function loadDemoLoans(context: AppContext, contractId: string): Promise<void> {
  const db = context.handle.db;
  const contract = BigInt(contractId);
  const today = context.clock.today();
  const onDay = (offsetDays: number): Clock => ({
    now: () => context.clock.now(),
    today: () => addDays(today, offsetDays),
  });
  const day = (offsetDays: number): CivilDate => addDays(today, offsetDays);

  // KB's loan officer gets a phone, so an overdue assigned share reaches the lender too.
  await auditedWrite(db, { label: 'demo' }, context.clock.now(), async (tx) => {
    await tx.updateTable('users').set({ phone_e164: '+821055500404' }).where('login', '=', 'bank-kb').execute();
    return { outcome: null, audit: [{ action: 'demo.phones_registered', entity: 'user', after: { banks: 1 } }] };
  });

  const users = await db
    .selectFrom('users')
    .select(['id as user_id', 'login', 'role', 'buyer_id', 'firm_id', 'bank_id'])
    .where('login', 'in', [
      'admin',
      'prime',
      'official',
      'bank-kb',
      'sub-tile',
      'sub-electric',
      'sub-interior',
      'supplier-cement',
    ])
    .execute();
  const as = (login: string) => userCaller(users.find((user) => user.login === login)!);
  const [prime, official, kb, admin] = [as('prime'), as('official'), as('bank-kb'), as('admin')];
  const subcontractOf = async (login: string) => {
    const firmId = users.find((user) => user.login === login)!.firm_id!;
    const row = await db
      .selectFrom('subcontracts')
      .select('id')
      .where('contract_id', '=', contract)
      .where('firm_id', '=', firmId)
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const lineOf = async (claimId: bigint, payeeFirmLogin: string) => {
    const firmId = users.find((user) => user.login === payeeFirmLogin)!.firm_id!;
    const row = await db
      .selectFrom('claim_lines')
      .innerJoin('claims', (join) =>
        join.onRef('claims.id', '=', 'claim_lines.claim_id').onRef('claims.version', '=', 'claim_lines.claim_version'),
      )
      .select('claim_lines.id')
      .where('claim_lines.claim_id', '=', claimId)
      .where('claim_lines.payee_kind', '=', 'firm')
      .where('claim_lines.payee_id', '=', firmId)
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const approve = (loanId: bigint, on: number) =>
    approveLoan(db, kb, onDay(on), loanId, {
      repaymentAccountNumber: demoLenderAccount.accountNumber,
      repaymentHolderName: demoLenderAccount.holderName,
      note: '매출채권 양도 확인',
    });

  // The earlier claim: tile and electrical shares, borrowed against, paid, divided.
  const tileWon = 120_000_000n;
  const electricWon = 80_000_000n;
  const { claimId: earlier } = await submitClaim(db, prime, onDay(-110), contract, {
    periodStart: day(-180),
    periodEnd: day(-151),
    totalWon: won(tileWon + electricWon),
    lines: [
      { kind: 'subcontract', subcontractId: await subcontractOf('sub-tile'), amountWon: won(tileWon) },
      { kind: 'subcontract', subcontractId: await subcontractOf('sub-electric'), amountWon: won(electricWon) },
    ],
  });
  await approveClaim(db, official, onDay(-108), earlier, '현장 확인 완료');
  const tileLoan = await applyForLoan(db, as('sub-tile'), onDay(-107), {
    claimLineId: await lineOf(earlier, 'sub-tile'),
    bankCode: '004',
    amountWon: 90_000_000n,
  });
  const electricLoan = await applyForLoan(db, as('sub-electric'), onDay(-107), {
    claimLineId: await lineOf(earlier, 'sub-electric'),
    bankCode: '004',
    amountWon: 60_000_000n,
  });
  await approve(tileLoan.loanId, -106);
  await approve(electricLoan.loanId, -106);
  await recordBuyerPayment(db, official, onDay(-100), earlier, {
    paidOn: day(-100),
    amountWon: won(tileWon + electricWon),
  });
  const divided = await executeClaimTransfers(db, admin, onDay(-95), earlier, { executedOn: day(-95) });
  // KB's bank sends the electrical repayment back (a wrong beneficiary reference): the loan is at risk.
  const electricObligation = await db
    .selectFrom('obligations')
    .select('id')
    .where('claim_line_id', '=', await lineOf(earlier, 'sub-electric'))
    .executeTakeFirstOrThrow();
  // The waterfall paid KB its principal and interest first: the larger of the two parts.
  const electricRepayment = divided.entries
    .filter((entry) => entry.obligationId === electricObligation.id)
    .sort((a, b) => (a.amountWon > b.amountWon ? -1 : 1))[0];
  assert(electricRepayment, 'the electrical share repaid KB first');
  await reverseTransfer(db, admin, onDay(-93), electricRepayment.entryId, {
    effectiveOn: day(-93),
    reason: '수취인 계좌 정보 불일치로 반환',
  });

  // The approved 4th claim: the interior share is advanced; the live bank scenario repays it.
  const approved = await db
    .selectFrom('claims')
    .select('id')
    .where('contract_id', '=', contract)
    .where('status', '=', 'approved')
    .orderBy('id')
    .executeTakeFirst();
  if (approved) {
    const interiorLoan = await applyForLoan(db, as('sub-interior'), onDay(-2), {
      claimLineId: await lineOf(approved.id, 'sub-interior'),
      bankCode: '004',
      amountWon: 150_000_000n,
    });
    await approve(interiorLoan.loanId, -1);
  }

  // The cement supplier's overdue share of the 3rd claim: an application for bank-kb to decide.
  const overdue = await db
    .selectFrom('obligations as o')
    .innerJoin('firms as f', 'f.id', 'o.payee_id')
    .select(['o.claim_line_id'])
    .where('o.contract_id', '=', contract)
    .where('o.payee_kind', '=', 'firm')
    .where('f.id', '=', users.find((user) => user.login === 'supplier-cement')!.firm_id!)
    .where('o.paid_on', 'is', null)
    .where('o.due_on', '<', today)
    .orderBy('o.id')
    .executeTakeFirst();
  if (overdue) {
    await applyForLoan(db, as('supplier-cement'), onDay(0), {
      claimLineId: overdue.claim_line_id,
      bankCode: '004',
      amountWon: 30_000_000n,
    });
  }
}

/**
 * The demo's disbursals through the sandbox bank (once the live bank runs): KB's lending account is opened at
 * the sandbox, and each advance not yet disbursed leaves it for the borrower's account as a counter transfer,
 * whose reference the loan keeps.
 */
export async function disburseDemoLoans(context: AppContext, bank: SandboxBank): Promise<number> {
  const db = context.handle.db;
  await bank.openAccount({
    bankCode: demoLenderAccount.bankCode,
    accountNumber: demoLenderAccount.accountNumber,
    holderName: demoLenderAccount.holderName,
    balanceWon: 50_000_000_000n,
  });
  const waiting = await db
    .selectFrom('loans as l')
    .innerJoin('payee_accounts as borrower', 'borrower.id', 'l.borrower_account_id')
    .innerJoin('payee_accounts as lender', 'lender.id', 'l.lender_account_id')
    .select(['l.id', 'l.principal_won', 'borrower.bank_code', 'borrower.account_number', 'borrower.holder_name'])
    .where('l.status', 'in', ['advanced', 'repaid', 'at_risk'])
    .where('l.disbursement_reference', 'is', null)
    .where('lender.account_number', '=', demoLenderAccount.accountNumber)
    .orderBy('l.id')
    .execute();
  for (const loan of waiting) {
    const reference = await bank.counterTransfer({
      debtorBankCode: demoLenderAccount.bankCode,
      debtorAccount: demoLenderAccount.accountNumber,
      creditorBankCode: loan.bank_code,
      creditorAccount: loan.account_number,
      creditorName: loan.holder_name,
      amountWon: loan.principal_won,
      remittance: `매출채권 담보대출 ${loan.id} 실행`,
    });
    await auditedWrite(db, { label: 'demo' }, context.clock.now(), async (tx) => {
      await recordDisbursement(tx, loan.id, reference);
      return {
        outcome: null,
        audit: [{ action: 'loan.disbursed', entity: 'loan', entityId: loan.id, after: { reference } }],
      };
    });
  }
  return waiting.length;
}
