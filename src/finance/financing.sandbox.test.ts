// Specifies the assigned division through the bank on both engines, on the demo world: the buyer pays the approved
// claim whose interior share is assigned to KB → its pain.001 splits that share (HADO-O<id>-L<loan> to KB's
// account, HADO-O<id> for the rest to the subcontractor) → the sandbox bank executes and reports each part
// (camt.054) → reconciliation books KB's part to KB's account and closes the loan in the same transaction. The
// advances themselves leave KB's lending account at the sandbox bank as counter transfers.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { userCaller } from '../auth/sessions.ts';
import { submitClaimInstruction } from '../bank/adapters/index.ts';
import { sandboxKeys } from '../bank/bank-services.ts';
import { deliverInProcess, inProcessSandboxAdapter } from '../bank/sandbox/sandbox-adapter.ts';
import { SandboxBank } from '../bank/sandbox/sandbox-bank.ts';
import { claimInstruction, recordBuyerPayment } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { disburseDemoLoans } from '../demo/demo-loans.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { systemClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { checkLedger } from '../ledger/index.ts';
import { lenderEndToEndIdOf } from './loan-end-to-end-id.ts';

process.env.HADO_BANK_KEY_SECRET ??= 'test-bank-key-master-0123456789abcdef';

describeEachEngine('financing through the sandbox bank', ({ handle }) => {
  let hado: TestApp;
  let bank: SandboxBank;
  const db = () => handle().db;

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: true });
    bank = new SandboxBank({
      db: db(),
      clock: systemClock,
      defaultBankCode: '004',
      executionDelayMs: 0,
      deliver: deliverInProcess(hado.app, sandboxKeys(hado.context)),
    });
    for (const account of await db().selectFrom('dedicated_accounts').selectAll().execute()) {
      await bank.openAccount({
        bankCode: account.bank_code,
        accountNumber: account.account_number,
        holderName: account.holder_name,
        balanceWon: 5_000_000_000n,
        reports: true,
      });
    }
  });
  afterAll(() => hado.close());

  async function settle() {
    for (let pass = 0; pass < 10; pass += 1) {
      await bank.tick();
      const pending = await db()
        .selectFrom('sandbox_bank.outgoing')
        .select('id')
        .where('delivered_at', 'is', null)
        .execute();
      if (pending.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    throw new Error('the sandbox bank could not deliver its messages');
  }

  test('the advance is disbursed through the sandbox bank from the lender’s account', async () => {
    const disbursed = await disburseDemoLoans(hado.context, bank);
    expect(disbursed).toBeGreaterThan(0);
    await bank.tick();
    const loans = await db()
      .selectFrom('loans')
      .select(['disbursement_reference', 'principal_won'])
      .where('status', 'in', ['advanced', 'repaid', 'at_risk'])
      .execute();
    for (const loan of loans) expect(loan.disbursement_reference).toMatch(/^SBX-CTR-/);
    const executed = await db()
      .selectFrom('sandbox_bank.transfers')
      .select(['amount_won', 'state'])
      .where(
        'end_to_end_id',
        'in',
        loans.map((loan) => loan.disbursement_reference!),
      )
      .execute();
    expect(executed.every((transfer) => transfer.state === 'executed')).toBe(true);
    expect(executed.reduce((sum, transfer) => sum + transfer.amount_won, 0n)).toBe(
      loans.reduce((sum, loan) => sum + loan.principal_won, 0n),
    );
  });

  test('pain.001 splits the assigned share; the bank’s reports repay KB and close the loan', async () => {
    const approved = await db()
      .selectFrom('claims')
      .select(['id', 'total_won'])
      .where('status', '=', 'approved')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const loan = await db()
      .selectFrom('loans')
      .selectAll()
      .where('claim_id', '=', approved.id)
      .where('status', '=', 'advanced')
      .executeTakeFirstOrThrow();
    const official = await db()
      .selectFrom('users')
      .select(['id as user_id', 'login', 'role', 'buyer_id', 'firm_id', 'bank_id'])
      .where('login', '=', 'official')
      .executeTakeFirstOrThrow();
    await recordBuyerPayment(db(), userCaller(official), systemClock, approved.id, {
      paidOn: systemClock.today(),
      amountWon: won(approved.total_won),
    });
    const obligation = await db()
      .selectFrom('obligations')
      .select(['id', 'amount_won', 'payee_account_id'])
      .where('claim_line_id', '=', loan.claim_line_id)
      .executeTakeFirstOrThrow();
    const lender = await db()
      .selectFrom('payee_accounts')
      .select(['account_number'])
      .where('id', '=', loan.lender_account_id!)
      .executeTakeFirstOrThrow();

    const document = await claimInstruction(db(), approved.id, '09');
    expect(document.result).toBe('built');
    const xml = document.result === 'built' ? document.xml : '';
    const lenderId = lenderEndToEndIdOf(obligation.id, loan.id);
    // Advanced the day before: one day of interest to the requested execution day (today).
    const interest = (loan.principal_won * loan.annual_rate_ppm * 1n) / 365_000_000n;
    const lenderPart = loan.principal_won + interest;
    const transaction = (endToEndId: string) =>
      new RegExp(
        `<EndToEndId>${endToEndId}</EndToEndId>[\\s\\S]*?<InstdAmt Ccy="KRW">(\\d+)</InstdAmt>[\\s\\S]*?<Id>(\\d+)</Id>`,
      );
    expect(transaction(lenderId).exec(xml)?.slice(1)).toEqual([String(lenderPart), lender.account_number]);
    expect(transaction(`HADO-O${obligation.id}`).exec(xml)?.[1]).toBe(String(obligation.amount_won - lenderPart));

    const adapter = inProcessSandboxAdapter(bank, db(), ['004']);
    const submitted = await submitClaimInstruction(db(), adapter, {
      claimId: approved.id,
      actor: { label: 'test' },
      now: new Date(),
    });
    expect(submitted).toMatchObject({ result: 'submitted' });
    await settle();

    const movements = await db()
      .selectFrom('bank_movements')
      .select(['end_to_end_id', 'state', 'obligation_id'])
      .where('end_to_end_id', 'in', [lenderId, `HADO-O${obligation.id}`])
      .where('direction', '=', 'debit')
      .execute();
    expect(movements.map((movement) => movement.state).sort()).toEqual(['matched', 'matched']);
    const after = await db().selectFrom('loans').selectAll().where('id', '=', loan.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'repaid', repaid_won: lenderPart, interest_paid_won: interest });
    const paid = await db()
      .selectFrom('obligations')
      .select('paid_won')
      .where('id', '=', obligation.id)
      .executeTakeFirstOrThrow();
    expect(paid.paid_won).toBe(obligation.amount_won);
    expect((await checkLedger(db())).result).toBe('clean');
  });
});
