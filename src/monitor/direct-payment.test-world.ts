import { sandboxKeys } from '../bank/bank-services.ts';
import { deliverInProcess, SandboxBank } from '../bank/sandbox/index.ts';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import {
  approveClaim,
  type ClaimDraft,
  executeClaimTransfers,
  recordBuyerPayment,
  submitClaim,
} from '../claims/index.ts';
import type { Db } from '../db/database.ts';
import type { TestApp } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import type { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';

/** 10:00 in Seoul on a date. */
export const tenAm = (date: string) => new Date(`${date}T01:00:00Z`);
/** The buyer's paying account at the (sandbox) bank. */
export const buyerAccount = { bankCode: '004', accountNumber: '1005009876543', holderName: '서울특별시 금고' };

export type DirectPaymentWorld = {
  readonly fixture: ClaimsFixture;
  readonly bank: SandboxBank;
  readonly claimId: bigint;
  /** The claim's obligations by kind. */
  readonly obligation: { subcontract: bigint; supply: bigint; labour: bigint; own_share: bigint };
};

/**
 * The world of the direct-payment tests: a contract (claims fixture) whose official has a phone, the sandbox bank
 * holding the buyer's paying account and the accounts of the firms named, a claim of ₩8,000,000 (own share
 * ₩1,000,000, subcontract ₩2,000,000, supply ₩1,000,000, wages 20 days) submitted on 5 March, paid by the buyer on
 * Tuesday 10 March, of which the prime pays out only its own share and the wages on 12 March: the subcontract
 * and supply shares are left unpaid (due 25 March).
 */
export async function buildDirectPaymentWorld(
  db: Db,
  hado: TestApp,
  clock: ManualClock,
  options: {
    readonly buyerBalanceWon: bigint;
    /** Firms with phones (whom SMS reach). */
    readonly phones: (fixture: ClaimsFixture) => readonly (readonly [bigint, string])[];
    /** Firms whose payee account the sandbox bank holds (to receive a direct payment). */
    readonly accountsOf: (fixture: ClaimsFixture) => readonly bigint[];
  },
): Promise<DirectPaymentWorld> {
  const fixture = await createClaimsFixture(db);
  for (const [id, phone] of options.phones(fixture)) {
    await db.updateTable('firms').set({ phone_e164: phone }).where('id', '=', id).execute();
  }
  await db
    .insertInto('users')
    .values({
      login: `official-${fixture.contractId}`,
      password_hash: 'unused',
      role: 'official',
      display_name: '주무관',
      buyer_id: fixture.buyerId,
      phone_e164: '+821090000009',
      locale: 'en',
    })
    .execute();
  const bank = new SandboxBank({
    db,
    clock,
    defaultBankCode: '004',
    executionDelayMs: 0,
    deliver: deliverInProcess(hado.app, sandboxKeys(hado.context)),
  });
  await bank.openAccount({ ...buyerAccount, balanceWon: options.buyerBalanceWon, reports: true });
  for (const firmId of options.accountsOf(fixture)) {
    const account = await db
      .selectFrom('payee_accounts')
      .selectAll()
      .where('owner_kind', '=', 'firm')
      .where('owner_id', '=', firmId)
      .executeTakeFirstOrThrow();
    await bank.openAccount({
      bankCode: account.bank_code,
      accountNumber: account.account_number,
      holderName: account.holder_name,
    });
  }

  const draft: ClaimDraft = {
    periodStart: civilDate('2026-02-01'),
    periodEnd: civilDate('2026-02-28'),
    totalWon: won(8_000_000n),
    lines: [
      { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n) },
      { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
      { kind: 'supply', supplyContractId: fixture.supplyContractId, amountWon: won(1_000_000n) },
      { kind: 'labour', workerEngagementId: fixture.engagementIds[0]!, daysWorked: 20 },
    ],
  };
  const claimId = (await submitClaim(db, fixture.prime, clock, fixture.contractId, draft)).claimId;
  await approveClaim(db, fixture.official, clock, claimId, undefined);
  clock.set(tenAm('2026-03-10'));
  await recordBuyerPayment(db, fixture.official, clock, claimId, {
    paidOn: civilDate('2026-03-10'),
    amountWon: draft.totalWon,
  });
  const obligation = { subcontract: 0n, supply: 0n, labour: 0n, own_share: 0n };
  for (const row of await db.selectFrom('obligations').select(['id', 'kind']).where('claim_id', '=', claimId).execute())
    obligation[row.kind as keyof typeof obligation] = row.id;
  // The prime's own share and the wages go out (12 March); the subcontract and supply shares do not.
  clock.set(tenAm('2026-03-12'));
  await executeClaimTransfers(db, fixture.admin, clock, claimId, {
    executedOn: civilDate('2026-03-12'),
    transfers: [
      { obligationId: obligation.own_share, amountWon: 1_000_000n },
      { obligationId: obligation.labour, amountWon: 4_000_000n },
    ],
  });
  return { fixture, bank, claimId, obligation };
}
