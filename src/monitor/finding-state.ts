import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db } from '../db/database.ts';
import type { FindingState } from '../db/schema.ts';
import { ownerOf } from './finding-kinds.ts';

export type FindingAction = 'acknowledge' | 'resolve';

export type ChangeFindingResult = 'changed' | 'not_found' | 'forbidden' | 'finding_transition_invalid';

/** Which state an action leads to from which: acknowledging an open finding, resolving an unresolved one. Pure. */
export function nextFindingState(from: FindingState, action: FindingAction): FindingState | undefined {
  if (action === 'acknowledge') return from === 'open' ? 'acknowledged' : undefined;
  return from === 'resolved' ? undefined : 'resolved';
}

/**
 * A person acknowledges or resolves a finding, saying why. The buyer's officials act on every finding of their
 * contracts (and admins on all); the prime on the findings it owns on its contracts. The change, its transition
 * record and the audit entry commit together.
 */
export async function changeFindingState(
  db: Db,
  caller: Caller,
  now: Date,
  findingId: bigint,
  action: FindingAction,
  reason: string,
): Promise<ChangeFindingResult> {
  return auditedWrite(db, caller, now, async (tx) => {
    const row = await tx
      .selectFrom('findings')
      .leftJoin('contracts', 'contracts.id', 'findings.contract_id')
      .select([
        'findings.id',
        'findings.kind',
        'findings.state',
        'findings.owner',
        'findings.contract_id',
        'contracts.buyer_id',
        'contracts.prime_firm_id',
      ])
      .where('findings.id', '=', findingId)
      .forUpdate('findings')
      .executeTakeFirst();
    const none = { outcome: 'not_found' as const, audit: [] };
    if (!row) return none;
    const owner = row.owner ?? ownerOf(row.kind);
    const official = caller.role === 'official' && row.buyer_id === caller.buyerId;
    const prime = caller.role === 'prime' && row.prime_firm_id === caller.firmId;
    if (!(caller.role === 'admin' || official || prime)) {
      // Someone who cannot see the finding learns nothing of it.
      return caller.role === 'prime' || caller.role === 'official'
        ? none
        : { outcome: 'forbidden' as const, audit: [] };
    }
    if (prime && owner !== 'prime') return { outcome: 'forbidden' as const, audit: [] };
    const to = nextFindingState(row.state, action);
    if (!to) return { outcome: 'finding_transition_invalid' as const, audit: [] };
    await tx
      .updateTable('findings')
      .set(
        action === 'acknowledge'
          ? { state: to, acknowledged_by: caller.label, acknowledged_at: now, updated_at: now }
          : { state: to, resolved_by: caller.label, resolved_at: now, resolution: reason, updated_at: now },
      )
      .where('id', '=', findingId)
      .execute();
    await tx
      .insertInto('finding_transitions')
      .values({
        finding_id: findingId,
        contract_id: row.contract_id,
        from_state: row.state,
        to_state: to,
        actor: caller.label,
        reason,
        at: now,
      })
      .execute();
    return {
      outcome: 'changed' as const,
      audit: [
        {
          action: `finding.${action}`,
          entity: 'finding',
          entityId: findingId,
          contractId: row.contract_id,
          before: { state: row.state },
          after: { state: to, reason },
        },
      ],
    };
  });
}

export type DecideSuggestionResult = 'decided' | 'not_found' | 'suggestion_already_decided';

/**
 * The official decides a direct-payment suggestion (Framework Act §35): takes it (the buyer will pay the
 * subcontractor directly) or declines it, with a reason. Recorded once, audited. Executing the direct payment
 * (the transfer, the prime's claim reduced, both booked) is the claims module's part.
 */
export async function decideSuggestion(
  db: Db,
  caller: Caller,
  now: Date,
  suggestionId: bigint,
  decision: 'take' | 'decline',
  reason: string,
): Promise<DecideSuggestionResult> {
  return auditedWrite(db, caller, now, async (tx) => {
    const row = await tx
      .selectFrom('direct_payment_suggestions')
      .innerJoin('contracts', 'contracts.id', 'direct_payment_suggestions.contract_id')
      .select([
        'direct_payment_suggestions.id',
        'direct_payment_suggestions.state',
        'direct_payment_suggestions.contract_id',
        'direct_payment_suggestions.obligation_id',
        'contracts.buyer_id',
      ])
      .where('direct_payment_suggestions.id', '=', suggestionId)
      .forUpdate('direct_payment_suggestions')
      .executeTakeFirst();
    if (!row || (caller.role === 'official' && row.buyer_id !== caller.buyerId)) {
      return { outcome: 'not_found' as const, audit: [] };
    }
    if (row.state !== 'pending') return { outcome: 'suggestion_already_decided' as const, audit: [] };
    const state = decision === 'take' ? 'taken' : 'declined';
    await tx
      .updateTable('direct_payment_suggestions')
      .set({ state, decided_by: caller.label, decided_at: now, reason })
      .where('id', '=', suggestionId)
      .execute();
    return {
      outcome: 'decided' as const,
      audit: [
        {
          action: `direct_payment.${state}`,
          entity: 'direct_payment_suggestion',
          entityId: suggestionId,
          contractId: row.contract_id,
          before: { state: 'pending' },
          after: { state, reason, obligationId: String(row.obligation_id) },
        },
      ],
    };
  });
}
