import { auditedWrite } from '../audit/audited-write.ts';
import { userCaller } from '../auth/sessions.ts';
import { submitClaimInstruction } from '../bank/adapters/index.ts';
import type { BankServices } from '../bank/bank-services.ts';
import { endToEndIdOf, recordBuyerPayment } from '../claims/index.ts';
import type { AppContext } from '../http/app-context.ts';
import { AcceleratedClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { disburseDemoLoans } from './demo-loans.ts';

/** When the demo's live bank scenario starts after the server is up, and its return and diversion. */
const scenarioStartMs = 5_000;
const returnAfterMs = 60_000;
const diversionDelayMs = 100_000;
const divertedWon = 15_000_000n;

/** An account no registry knows: where the diverted money goes (invented, like everything in the demo). */
export const demoDivertedAccount = { bankCode: '090', accountNumber: '3333019876543', holderName: '박○○' } as const;

/**
 * The demo's live bank (issue 4): once per data directory, a few seconds after start, the official pays the
 * approved claim; Hado sends its divided transfers (pain.001) to the in-process sandbox bank, which executes them
 * one by one over the following minutes and posts a camt.054 for each, live; the electrical subcontractor's bank
 * returns its share a minute later (AC04, account closed), and the prime moves ₩15,000,000 from the progress
 * account to an account nobody registered (a diverted payment). Statements (camt.053) follow at each day's end.
 * Called from start-server after the demo world is loaded; it returns at once and runs in the background.
 */
export function startDemoBankScenario(
  context: AppContext,
  services: BankServices,
  log: (error: unknown) => void,
): { stop(): void } {
  const timer = setTimeout(() => {
    runDemoBankScenario(context, services).catch(log);
  }, scenarioStartMs);
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}

export async function runDemoBankScenario(
  context: AppContext,
  services: BankServices,
): Promise<'started' | 'already_started' | 'no_sandbox'> {
  const sandbox = services.sandbox;
  if (!sandbox) return 'no_sandbox';
  const db = context.handle.db;
  const marker = await db.selectFrom('settings').select('key').where('key', '=', 'demo_bank').executeTakeFirst();
  if (marker) return 'already_started';
  const now = context.clock.now();
  // The sandbox's delays run on the demo clock; scaled, the return and the diversion still come a minute or two in.
  const demoSpeed = context.clock instanceof AcceleratedClock ? context.clock.speed : 1;
  await auditedWrite(db, { label: 'demo' }, now, async (tx) => {
    await tx
      .insertInto('settings')
      .values({ key: 'demo_bank', value: JSON.stringify({ startedAt: now.toISOString() }) })
      .execute();
    return { outcome: null, audit: [{ action: 'demo.bank_started', entity: 'settings', entityId: 'demo_bank' }] };
  });

  // The dedicated accounts at the sandbox bank, reported to Hado, holding what the buyer has paid in.
  const dedicated = await db.selectFrom('dedicated_accounts').selectAll().execute();
  for (const account of dedicated) {
    await sandbox.bank.openAccount({
      bankCode: account.bank_code,
      accountNumber: account.account_number,
      holderName: account.holder_name,
      balanceWon: account.purpose === 'progress' ? 3_000_000_000n : 500_000_000n,
      reports: true,
    });
  }

  // KB disburses the demo's advances from its lending account (financing, issue 6).
  await disburseDemoLoans(context, sandbox.bank);

  // The official pays the approved claim now; its division goes to the bank.
  const approved = await db
    .selectFrom('claims')
    .select(['id', 'total_won'])
    .where('status', '=', 'approved')
    .orderBy('id')
    .executeTakeFirst();
  const officialRow = await db
    .selectFrom('users')
    .select(['id as user_id', 'login', 'role', 'buyer_id', 'firm_id', 'bank_id'])
    .where('login', '=', 'official')
    .executeTakeFirst();
  if (approved && officialRow) {
    await recordBuyerPayment(db, userCaller(officialRow), context.clock, approved.id, {
      paidOn: context.clock.today(),
      amountWon: won(approved.total_won),
    });
    const submitted = await submitClaimInstruction(db, sandbox.adapter, {
      claimId: approved.id,
      actor: { label: 'demo' },
      now: context.clock.now(),
    });
    // The electrical subcontractor's bank sends its share back a minute after it arrives.
    if (submitted.result === 'submitted') {
      const electric = await db
        .selectFrom('obligations')
        .innerJoin('subcontracts', 'subcontracts.payee_account_id', 'obligations.payee_account_id')
        .innerJoin('firms', 'firms.id', 'subcontracts.firm_id')
        .select('obligations.id')
        .where('obligations.claim_id', '=', approved.id)
        .where('firms.name', 'like', '%한빛전기%')
        .executeTakeFirst();
      if (electric) await sandbox.bank.scheduleReturn(endToEndIdOf(electric.id), returnAfterMs * demoSpeed, 'AC04');
    }
  }

  // The prime moves money from the progress account to an account that is no registered payee.
  const progress = dedicated.find((account) => account.purpose === 'progress');
  if (progress) {
    await sandbox.bank.counterTransfer({
      debtorBankCode: progress.bank_code,
      debtorAccount: progress.account_number,
      creditorBankCode: demoDivertedAccount.bankCode,
      creditorAccount: demoDivertedAccount.accountNumber,
      creditorName: demoDivertedAccount.holderName,
      amountWon: divertedWon,
      remittance: '개인 송금',
      delayMs: diversionDelayMs * demoSpeed,
    });
  }
  return 'started';
}
