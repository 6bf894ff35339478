import { auditedWrite } from '../audit/audited-write.ts';
import { userCaller } from '../auth/sessions.ts';
import { approveClaim, type ClaimDraft, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import type { AppContext } from '../http/app-context.ts';
import { addDays, type CivilDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';

/** The demo buyer's paying account (invented, like everything in the demo). */
export const demoBuyerAccount = {
  bank_code: '004',
  account_number: '9012000999001',
  holder_name: '[데모] 서울특별시 도시기반시설본부',
} as const;

/**
 * The demo's monitoring part (issue 5), after its claims: phones for the firms and the official, so every finding
 * causes its SMS (the console transport prints them; `GET /api/v1/messages` lists them), and two late labour
 * claims for earlier months whose wages fall due today and in a few days, so the dashboard shows an upcoming
 * deadline and one due today beside the overdue, paid-late, returned and diverted findings the claims and the live
 * bank produce. (On a weekend or holiday the wages due "today" move to the next business day and show as upcoming.)
 * The monitor runs after start: its first sweep raises the findings and enqueues the messages.
 */
export async function loadDemoMonitoring(context: AppContext, contractId: string): Promise<void> {
  const db = context.handle.db;
  const contract = BigInt(contractId);
  const today = context.clock.today();
  const onDay = (offsetDays: number): Clock => ({
    now: () => context.clock.now(),
    today: () => addDays(today, offsetDays),
  });
  const day = (offsetDays: number): CivilDate => addDays(today, offsetDays);

  // Invented mobile numbers (010-5xxx-xxxx) for the prime, its subcontractors and suppliers, and the official.
  await auditedWrite(db, { label: 'demo' }, context.clock.now(), async (tx) => {
    const firms = await tx.selectFrom('firms').select('id').where('phone_e164', 'is', null).orderBy('id').execute();
    for (const [index, firm] of firms.entries()) {
      await tx
        .updateTable('firms')
        .set({ phone_e164: `+82105${String(100 + index).padStart(3, '0')}0142` })
        .where('id', '=', firm.id)
        .execute();
    }
    await tx.updateTable('users').set({ phone_e164: '+821055500142' }).where('login', '=', 'official').execute();
    return {
      outcome: null,
      audit: [{ action: 'demo.phones_registered', entity: 'firm', after: { firms: firms.length, officials: 1 } }],
    };
  });

  // The buyer's paying account, for direct payments (Framework Act §35): held at the sandbox bank, which reports
  // its movements, so a direct payment the official takes is executed and reconciled while you watch.
  const { buyer_id: buyerId } = await db
    .selectFrom('contracts')
    .select('buyer_id')
    .where('id', '=', contract)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('sandbox_bank.accounts')
    .values({ ...demoBuyerAccount, balance_won: 50_000_000_000n, reports: true })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  await auditedWrite(db, { label: 'demo' }, context.clock.now(), async (tx) => {
    await tx
      .insertInto('buyer_payment_accounts')
      .values({ buyer_id: buyerId, ...demoBuyerAccount, registered_by: 'demo', registered_at: context.clock.now() })
      .execute();
    return {
      outcome: null,
      audit: [
        { action: 'buyer.payment_account_registered', entity: 'buyer', entityId: buyerId, after: demoBuyerAccount },
      ],
    };
  });

  const users = await db
    .selectFrom('users')
    .select(['id as user_id', 'login', 'role', 'buyer_id', 'firm_id', 'bank_id'])
    .where('login', 'in', ['prime', 'official'])
    .execute();
  const prime = userCaller(users.find((user) => user.login === 'prime')!);
  const official = userCaller(users.find((user) => user.login === 'official')!);
  const workers = await db
    .selectFrom('worker_engagements')
    .innerJoin('payee_accounts', 'payee_accounts.id', 'worker_engagements.payee_account_id')
    .select(['worker_engagements.id', 'worker_engagements.daily_wage_won'])
    .where('worker_engagements.contract_id', '=', contract)
    .where('payee_accounts.verification', '=', 'verified')
    .orderBy('worker_engagements.id')
    .limit(4)
    .execute();

  // Wages for two earlier months, claimed late: the labour account must be paid 5 days after each labour claim.
  for (const [periodStart, submittedOn, paidOn] of [
    [-240, -5, -3], // due today
    [-210, -4, -2], // due in a day or three: upcoming
  ] as const) {
    const draft: ClaimDraft = {
      periodStart: day(periodStart),
      periodEnd: day(periodStart + 29),
      totalWon: won(workers.reduce((sum, worker) => sum + worker.daily_wage_won * 12n, 0n)),
      lines: workers.map((worker) => ({ kind: 'labour' as const, workerEngagementId: worker.id, daysWorked: 12 })),
    };
    const { claimId } = await submitClaim(db, prime, onDay(submittedOn), contract, draft);
    await approveClaim(db, official, onDay(submittedOn + 1), claimId, '노무비 지급 확인');
    await recordBuyerPayment(db, official, onDay(paidOn), claimId, { paidOn: day(paidOn), amountWon: draft.totalWon });
  }
}
