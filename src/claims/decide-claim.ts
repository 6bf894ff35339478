import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db } from '../db/database.ts';
import { refuse } from '../http/refusals.ts';
import type { Clock } from '../kernel/clock.ts';
import { insertTransition, lockClaim } from './claim.store.ts';
import { nextClaimStatus, type RejectionReasonCode } from './claim.ts';

/** Only an official of the contract's buyer decides its claims; anyone else is told it does not exist. */
export function requireBuyerOfficial(caller: Caller, contract: { buyer_id: bigint }): void {
  if (caller.role !== 'official' || caller.buyerId !== contract.buyer_id) refuse('not_found');
}

/** The official approves a submitted claim as it stands (DESIGN §2 step 3). */
export async function approveClaim(
  db: Db,
  caller: Caller,
  clock: Clock,
  claimId: bigint,
  note: string | undefined,
): Promise<{ result: 'approved'; claimId: bigint }> {
  const now = clock.now();
  return auditedWrite(db, caller, now, async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked) return refuse('not_found');
    const { claim, contract } = locked;
    requireBuyerOfficial(caller, contract);
    const next = nextClaimStatus(claim.status, 'approve', claim.flow);
    if (next.result !== 'next') return refuse(next.result);
    await tx
      .updateTable('claims')
      .set({ status: next.status, decided_at: now, updated_at: now })
      .where('id', '=', claimId)
      .execute();
    await insertTransition(tx, {
      contractId: contract.id,
      claimId,
      claimVersion: claim.version,
      action: 'approve',
      from: claim.status,
      to: next.status,
      actor: caller.label,
      at: now,
      ...(note ? { note } : {}),
    });
    return {
      outcome: { result: 'approved', claimId },
      audit: [
        {
          action: 'claim.approved',
          entity: 'claim',
          entityId: claimId,
          contractId: contract.id,
          before: { status: claim.status },
          after: { status: next.status, version: claim.version, note: note ?? null },
        },
      ],
    };
  });
}

export type Rejection = {
  readonly reasonCode: RejectionReasonCode;
  readonly note?: string;
  /** Single lines sent back, each with its own reason; the claim returns to the prime as a whole. */
  readonly lines?: readonly {
    readonly lineId: bigint;
    readonly reasonCode: RejectionReasonCode;
    readonly note?: string;
  }[];
};

/**
 * The official rejects a submitted claim, or single lines of it, each with a reason code. The prime edits and
 * resubmits; the rejected version and its reasons stay in the history.
 */
export async function rejectClaim(
  db: Db,
  caller: Caller,
  clock: Clock,
  claimId: bigint,
  rejection: Rejection,
): Promise<{ result: 'rejected'; claimId: bigint }> {
  const now = clock.now();
  return auditedWrite(db, caller, now, async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked) return refuse('not_found');
    const { claim, contract } = locked;
    requireBuyerOfficial(caller, contract);
    const next = nextClaimStatus(claim.status, 'reject', claim.flow);
    if (next.result !== 'next') return refuse(next.result);
    const lines = rejection.lines ?? [];
    if (lines.length > 0) {
      const known = await tx
        .selectFrom('claim_lines')
        .select('id')
        .where('claim_id', '=', claimId)
        .where('claim_version', '=', claim.version)
        .where('id', '=', sql<bigint>`any(${lines.map((line) => line.lineId)}::bigint[])`)
        .execute();
      const knownIds = new Set(known.map((row) => row.id));
      const unknown = lines.findIndex((line) => !knownIds.has(line.lineId));
      if (unknown >= 0) return refuse('invalid_request', `lines[${unknown}].lineId`, 'not a line of this claim');
      if (knownIds.size !== lines.length) return refuse('invalid_request', 'lines', 'a line is named twice');
      await sql`
        update claim_lines set status = 'rejected', rejection_code = r.reason_code, rejection_note = r.note
        from unnest(${lines.map((line) => line.lineId)}::bigint[], ${lines.map((line) => line.reasonCode)}::text[],
                    ${lines.map((line) => line.note ?? null)}::text[]) as r(line_id, reason_code, note)
        where claim_lines.id = r.line_id`.execute(tx);
    }
    await tx
      .updateTable('claims')
      .set({ status: next.status, decided_at: now, updated_at: now })
      .where('id', '=', claimId)
      .execute();
    const rejectedLines = lines.map((line) => ({
      lineId: String(line.lineId),
      reasonCode: line.reasonCode,
      ...(line.note ? { note: line.note } : {}),
    }));
    await insertTransition(tx, {
      contractId: contract.id,
      claimId,
      claimVersion: claim.version,
      action: 'reject',
      from: claim.status,
      to: next.status,
      actor: caller.label,
      at: now,
      reasonCode: rejection.reasonCode,
      ...(rejection.note ? { note: rejection.note } : {}),
      ...(lines.length > 0 ? { rejectedLines } : {}),
    });
    return {
      outcome: { result: 'rejected', claimId },
      audit: [
        {
          action: 'claim.rejected',
          entity: 'claim',
          entityId: claimId,
          contractId: contract.id,
          before: { status: claim.status },
          after: {
            status: next.status,
            version: claim.version,
            reasonCode: rejection.reasonCode,
            note: rejection.note ?? null,
            lines: rejectedLines,
          },
        },
      ],
    };
  });
}
