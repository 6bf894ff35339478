// Specifies `hado monitor run` on the database itself (no server running), on both engines: it runs the same pass
// as the server's monitor runner, so besides the sweep's findings it sends the notices of loans whose assigned
// obligation went overdue (to the lender's users and the buyer's officials), once.
import { beforeAll, expect, test } from 'vitest';
import type { Caller } from '../auth/caller.ts';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { applyForLoan, approveLoan } from '../finance/index.ts';
import { civilDate, seoulMidnight } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { ensureBankDirectory } from '../runtime/bootstrap.ts';
import { monitorRun } from './monitor-run.command.ts';
import { saveDemoClock } from './stored-clock.ts';

process.env.HADO_SMS_QUIET_HOURS = 'off';

/** 10:00 in Seoul on a date. */
const at = (day: string) => new Date(seoulMidnight(civilDate(day)).getTime() + 10 * 3_600_000);

describeEachEngine('hado monitor run', ({ handle }) => {
  const db = () => handle().db;
  const clock = new ManualClock(at('2026-06-01'));
  let fixture: ClaimsFixture;
  let loanId: bigint;
  let recipients: bigint[];

  beforeAll(async () => {
    await ensureBankDirectory(db());
    await db().updateTable('banks').set({ participating: true }).where('code', '=', '004').execute();
    const kbId = (await db().selectFrom('banks').select('id').where('code', '=', '004').executeTakeFirstOrThrow()).id;
    const kb: Caller = { role: 'bank', userId: 0n, bankId: kbId, label: 'user:bank-kb' };
    fixture = await createClaimsFixture(db());
    recipients = (
      await db()
        .insertInto('users')
        .values([
          {
            login: 'run-official',
            password_hash: 'x',
            role: 'official',
            display_name: '담당자',
            buyer_id: fixture.buyerId,
            phone_e164: '+821055501111',
          },
          {
            login: 'run-bank',
            password_hash: 'x',
            role: 'bank',
            display_name: '여신 담당',
            bank_id: kbId,
            phone_e164: '+821055502222',
          },
        ])
        .returning('id')
        .execute()
    ).map((row) => row.id);
    const { claimId } = await submitClaim(db(), fixture.prime, clock, fixture.contractId, {
      periodStart: civilDate('2026-05-01'),
      periodEnd: civilDate('2026-05-31'),
      totalWon: won(200_000_000n),
      lines: [
        { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(100_000_000n) },
        { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(100_000_000n) },
      ],
    });
    await approveClaim(db(), fixture.official, clock, claimId, undefined);
    const subLine = (
      await db()
        .selectFrom('claim_lines')
        .select('id')
        .where('claim_id', '=', claimId)
        .where('kind', '=', 'subcontract')
        .executeTakeFirstOrThrow()
    ).id;
    const applied = await applyForLoan(db(), fixture.subcontractor, clock, {
      claimLineId: subLine,
      bankCode: '004',
      amountWon: 50_000_000n,
    });
    expect(applied.result).toBe('applied');
    loanId = applied.loanId;
    await approveLoan(db(), kb, clock, loanId, {
      repaymentAccountNumber: '0040000150001',
      repaymentHolderName: 'KB국민은행 대출상환',
    });
    clock.set(at('2026-06-02'));
    await recordBuyerPayment(db(), fixture.official, clock, claimId, {
      paidOn: clock.today(),
      amountWon: won(200_000_000n),
    });
  }, 120_000);

  const loanNotices = () =>
    db()
      .selectFrom('outbox_messages')
      .select(['recipient_id', 'kind'])
      .where('idempotency_key', 'like', `loan:overdue:${loanId}:%`)
      .orderBy('recipient_id')
      .execute();

  test('the assigned obligation overdue: the run raises the finding and tells the lender and the official, once', async () => {
    // The subcontract share is due 15 days after the buyer paid (2026-06-17); the data's clock stands on 06-20.
    await saveDemoClock(db(), new ManualClock(at('2026-06-20')), 300);
    const { counts } = await monitorRun({ kind: 'direct', handle: handle() });
    expect(counts.overdue).toBeGreaterThanOrEqual(1);
    const loan = await db()
      .selectFrom('loans')
      .select('overdue_noticed_at')
      .where('id', '=', loanId)
      .executeTakeFirstOrThrow();
    expect(loan.overdue_noticed_at).not.toBeNull();
    const notices = await loanNotices();
    expect(notices.map((row) => row.recipient_id)).toEqual(recipients);
    expect(new Set(notices.map((row) => row.kind))).toEqual(new Set(['loan_overdue']));

    await monitorRun({ kind: 'direct', handle: handle() });
    expect(await loanNotices()).toHaveLength(2);
  });
});
