import type { Caller } from '../auth/caller.ts';
import type { Db } from '../db/database.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import { won } from '../kernel/money.ts';
import { loadClaimFacts } from './claim.store.ts';
import type { ClaimDraft, ClaimFacts } from './claim.ts';

/**
 * The facts a claim is validated against, for the prime's claim form: the browser runs the same `validateClaim`
 * over them as the user types, so the form refuses exactly what the API would (DESIGN §2 step 2). Loaded by the
 * same `loadClaimFacts` the submission uses, for every engagement of the contract and the prime's own accounts.
 * Only the contract's prime sees them; anyone else gets `undefined` (answered as not found).
 */
export async function loadClaimFormFacts(
  db: Db,
  caller: Caller,
  contractId: bigint,
  today: CivilDate,
  excludeClaimId: bigint | null,
): Promise<ClaimFacts | undefined> {
  if (caller.role !== 'prime') return undefined;
  const contract = await db
    .selectFrom('contracts')
    .select([
      'id',
      'buyer_id',
      'prime_firm_id',
      'contract_number',
      'amount_won',
      'advance_won',
      'starts_on',
      'ends_on',
      'payment_flow',
    ])
    .where('id', '=', contractId)
    .where('prime_firm_id', '=', caller.firmId)
    .executeTakeFirst();
  if (!contract) return undefined;
  if (excludeClaimId !== null) {
    const claim = await db
      .selectFrom('claims')
      .select('id')
      .where('id', '=', excludeClaimId)
      .where('contract_id', '=', contractId)
      .executeTakeFirst();
    if (!claim) return undefined;
  }
  const [engagements, primeAccounts] = await Promise.all([
    db.selectFrom('worker_engagements').select('id').where('contract_id', '=', contractId).execute(),
    db
      .selectFrom('payee_accounts')
      .select('id')
      .where('owner_kind', '=', 'firm')
      .where('owner_id', '=', caller.firmId)
      .execute(),
  ]);
  // A draft naming every engagement and account the form may offer, so the loader brings all of their facts.
  const draft: ClaimDraft = {
    periodStart: today,
    periodEnd: today,
    totalWon: won(0n),
    lines: [
      ...engagements.map((row) => ({ kind: 'labour' as const, workerEngagementId: row.id })),
      ...primeAccounts.map((row) => ({ kind: 'own_share' as const, payeeAccountId: row.id })),
    ],
  };
  return db.transaction().execute((tx) => loadClaimFacts(tx, contract, draft, today, excludeClaimId));
}

/** The facts as JSON: ids and amounts as decimal text, maps as arrays (the browser rebuilds the maps). */
export function claimFactsOut(facts: ClaimFacts) {
  const text = (value: bigint | null) => (value === null ? null : String(value));
  return {
    today: facts.today,
    contract: {
      id: String(facts.contract.id),
      primeFirmId: String(facts.contract.primeFirmId),
      amountWon: String(facts.contract.amountWon),
      advanceWon: String(facts.contract.advanceWon),
      startsOn: facts.contract.startsOn,
      endsOn: facts.contract.endsOn,
    },
    dedicatedPurposes: [...facts.dedicatedPurposes],
    subcontracts: [...facts.subcontracts].map(([id, row]) => ({
      id: String(id),
      firmId: String(row.firmId),
      parentId: text(row.parentId),
      amountWon: String(row.amountWon),
      payeeAccountId: text(row.payeeAccountId),
    })),
    supplyContracts: [...facts.supplyContracts].map(([id, row]) => ({
      id: String(id),
      firmId: String(row.firmId),
      subcontractId: text(row.subcontractId),
      amountWon: String(row.amountWon),
      payeeAccountId: text(row.payeeAccountId),
    })),
    engagements: [...facts.engagements].map(([id, row]) => ({
      id: String(id),
      workerId: String(row.workerId),
      employerFirmId: String(row.employerFirmId),
      subcontractId: text(row.subcontractId),
      dailyWageWon: String(row.dailyWageWon),
      payeeAccountId: text(row.payeeAccountId),
    })),
    payeeAccounts: [...facts.payeeAccounts].map(([id, row]) => ({
      id: String(id),
      ownerKind: row.ownerKind,
      ownerId: String(row.ownerId),
      verified: row.verified,
    })),
    earlierShares: facts.earlierShares.map((share) => ({
      kind: share.kind,
      subcontractId: text(share.subcontractId),
      supplyContractId: text(share.supplyContractId),
      amountWon: String(share.amountWon),
    })),
    otherPeriods: facts.otherPeriods.map((period) => ({ start: period.start, end: period.end })),
  };
}
export type ClaimFactsJson = ReturnType<typeof claimFactsOut>;
