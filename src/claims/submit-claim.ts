import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db, Tx } from '../db/database.ts';
import { refuse } from '../http/refusals.ts';
import type { Clock } from '../kernel/clock.ts';
import {
  insertClaimLines,
  insertTransition,
  type LockedContract,
  loadClaimFacts,
  lockClaim,
  lockContract,
} from './claim.store.ts';
import { type ClaimDraft, claimContentHash, nextClaimStatus, validateClaim } from './claim.ts';

export type SubmitClaimOutcome = { readonly result: 'submitted' | 'exists'; readonly claimId: bigint };

/**
 * A prime submits a progress claim with its division (DESIGN §2 step 2). The same draft again for the same
 * period returns the claim as `exists`; a different draft for a period already claimed is refused. Everything
 * is validated before anything is written; the claim, its lines, its first transition and the audit record
 * commit together.
 */
export async function submitClaim(
  db: Db,
  caller: Caller,
  clock: Clock,
  contractId: bigint,
  draft: ClaimDraft,
): Promise<SubmitClaimOutcome> {
  const now = clock.now();
  const today = clock.today();
  return auditedWrite<SubmitClaimOutcome>(db, caller, now, async (tx) => {
    const contract = await lockContract(tx, contractId);
    if (!contract) return refuse('unknown_contract', 'contractId');
    requirePrime(caller, contract);
    const hash = claimContentHash(draft);
    const existing = await tx
      .selectFrom('claims')
      .select(['id', 'content_hash'])
      .where('contract_id', '=', contractId)
      .where('period_start', '=', draft.periodStart)
      .where('period_end', '=', draft.periodEnd)
      .executeTakeFirst();
    if (existing) {
      if (existing.content_hash === hash) return { outcome: { result: 'exists', claimId: existing.id }, audit: [] };
      return refuse('period_already_claimed', 'periodStart', 'submit a changed claim as a resubmission');
    }
    const lines = await validated(tx, contract, draft, today, null);
    const last = await tx
      .selectFrom('claims')
      .select((eb) => eb.fn.max('sequence').as('sequence'))
      .where('contract_id', '=', contractId)
      .executeTakeFirst();
    const sequence = (last?.sequence ?? 0) + 1;
    const claim = await tx
      .insertInto('claims')
      .values({
        contract_id: contractId,
        sequence,
        period_start: draft.periodStart,
        period_end: draft.periodEnd,
        status: 'submitted',
        flow: contract.payment_flow === 'prime_approval' ? 'prime_approval' : 'direct',
        total_won: draft.totalWon,
        content_hash: hash,
        submitted_on: today,
        submitted_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await insertClaimLines(tx, { id: claim.id, contractId, version: claim.version }, lines);
    await insertTransition(tx, {
      contractId,
      claimId: claim.id,
      claimVersion: claim.version,
      action: 'submit',
      from: null,
      to: 'submitted',
      actor: caller.label,
      at: now,
    });
    return {
      outcome: { result: 'submitted', claimId: claim.id },
      audit: [
        {
          action: 'claim.submitted',
          entity: 'claim',
          entityId: claim.id,
          contractId,
          after: {
            sequence,
            periodStart: draft.periodStart,
            periodEnd: draft.periodEnd,
            totalWon: draft.totalWon,
            lines: lines.length,
            contentHash: hash,
          },
        },
      ],
    };
  });
}

export type ResubmitClaimOutcome = {
  readonly result: 'resubmitted' | 'exists';
  readonly claimId: bigint;
  readonly version: number;
};

/**
 * The prime edits a rejected claim and submits it again: a new version of its lines, the earlier versions and
 * the rejection reasons kept. Sending the same draft again while it waits is `exists`.
 */
export async function resubmitClaim(
  db: Db,
  caller: Caller,
  clock: Clock,
  claimId: bigint,
  draft: ClaimDraft,
): Promise<ResubmitClaimOutcome> {
  const now = clock.now();
  const today = clock.today();
  return auditedWrite<ResubmitClaimOutcome>(db, caller, now, async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked) return refuse('not_found');
    const { claim, contract } = locked;
    requirePrime(caller, contract);
    const hash = claimContentHash(draft);
    if (claim.status === 'submitted' && claim.content_hash === hash) {
      return { outcome: { result: 'exists', claimId, version: claim.version }, audit: [] };
    }
    const next = nextClaimStatus(claim.status, 'resubmit', claim.flow);
    if (next.result !== 'next') return refuse(next.result);
    if (draft.periodStart !== claim.period_start || draft.periodEnd !== claim.period_end) {
      return refuse('invalid_period', 'periodStart', 'a resubmission keeps the period of the claim');
    }
    const lines = await validated(tx, contract, draft, today, claimId);
    const version = claim.version + 1;
    await tx
      .updateTable('claims')
      .set({
        status: next.status,
        version,
        total_won: draft.totalWon,
        content_hash: hash,
        submitted_on: today,
        submitted_at: now,
        decided_at: null,
        updated_at: now,
      })
      .where('id', '=', claimId)
      .execute();
    await insertClaimLines(tx, { id: claimId, contractId: contract.id, version }, lines);
    await insertTransition(tx, {
      contractId: contract.id,
      claimId,
      claimVersion: version,
      action: 'resubmit',
      from: claim.status,
      to: next.status,
      actor: caller.label,
      at: now,
    });
    return {
      outcome: { result: 'resubmitted', claimId, version },
      audit: [
        {
          action: 'claim.resubmitted',
          entity: 'claim',
          entityId: claimId,
          contractId: contract.id,
          before: { version: claim.version, totalWon: claim.total_won, status: claim.status },
          after: { version, totalWon: draft.totalWon, lines: lines.length, contentHash: hash },
        },
      ],
    };
  });
}

async function validated(
  tx: Tx,
  contract: LockedContract,
  draft: ClaimDraft,
  today: ReturnType<Clock['today']>,
  exclude: bigint | null,
) {
  const facts = await loadClaimFacts(tx, contract, draft, today, exclude);
  const validation = validateClaim(draft, facts);
  if (validation.result !== 'valid') return refuse(validation.result, validation.field, validation.detail);
  return validation.lines;
}

/** Only the contract's prime submits its claims. */
export function requirePrime(caller: Caller, contract: { prime_firm_id: bigint }): void {
  if (caller.role !== 'prime' || caller.firmId !== contract.prime_firm_id) refuse('not_party_to_contract');
}
