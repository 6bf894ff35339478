import type { Actor, AuditEntry } from '../../audit/audit-log.ts';
import type { Tx } from '../../db/database.ts';
import { textLengthMax } from '../../kernel/limits.ts';
import { type FindingDraft, raiseFindings } from './findings.ts';
import { postMatchedPayments } from './reconcile-message.ts';

export type ResolveExceptionInput =
  /** The movement pays this obligation: it is matched and posted to the ledger like any other payment. */
  | { readonly decision: 'match'; readonly obligationId: bigint; readonly note?: string }
  /** Nothing to book (a bank fee, a foreign account's line, a duplicate the bank sent): closed with the reason. */
  | { readonly decision: 'dismiss'; readonly note: string };

export type ResolveExceptionResult =
  | 'resolved'
  | 'not_found'
  | 'already_resolved'
  /** Only a booked, exact debit on a dedicated account can pay an obligation. */
  | 'not_matchable'
  | 'unknown_obligation'
  | 'ledger_refused';

export const httpStatusByResolveExceptionResult = {
  resolved: 200,
  not_found: 404,
  already_resolved: 409,
  not_matchable: 422,
  unknown_obligation: 422,
  ledger_refused: 422,
} as const satisfies Record<ResolveExceptionResult, number>;

/**
 * A person's decision on a queued movement, recorded on the exception and in the audit log in the same
 * transaction. `visible` is the caller's scope (checked by the route): an exception outside it is not found.
 */
export async function resolveException(
  tx: Tx,
  input: {
    readonly exceptionId: bigint;
    readonly decision: ResolveExceptionInput;
    readonly actor: Actor;
    readonly now: Date;
  },
): Promise<{ result: ResolveExceptionResult; audit: AuditEntry[] }> {
  const exception = await tx
    .selectFrom('bank_exceptions')
    .innerJoin('bank_movements', 'bank_movements.id', 'bank_exceptions.movement_id')
    .select([
      'bank_exceptions.id',
      'bank_exceptions.state',
      'bank_exceptions.kind',
      'bank_exceptions.movement_id',
      'bank_movements.contract_id',
      'bank_movements.booked',
      'bank_movements.inexact',
      'bank_movements.amount_minor',
      'bank_movements.direction',
      'bank_movements.currency',
      'bank_movements.state as movement_state',
    ])
    .where('bank_exceptions.id', '=', input.exceptionId)
    .forUpdate()
    .executeTakeFirst();
  if (!exception) return { result: 'not_found', audit: [] };
  if (exception.state !== 'open') return { result: 'already_resolved', audit: [] };
  const note = input.decision.note?.slice(0, textLengthMax) ?? null;
  const before = { state: exception.state, kind: exception.kind, movementState: exception.movement_state };

  if (input.decision.decision === 'match') {
    const matchable =
      exception.booked &&
      !exception.inexact &&
      exception.amount_minor !== null &&
      exception.contract_id !== null &&
      exception.direction === 'debit' &&
      exception.currency === 'KRW';
    if (!matchable) return { result: 'not_matchable', audit: [] };
    const obligation = await tx
      .selectFrom('obligations')
      .select(['id'])
      .where('id', '=', input.decision.obligationId)
      .where('contract_id', '=', exception.contract_id!)
      .executeTakeFirst();
    if (!obligation) return { result: 'unknown_obligation', audit: [] };
    await tx
      .updateTable('bank_movements')
      .set({ state: 'matched', obligation_id: obligation.id, reconciled_at: input.now })
      .where('id', '=', exception.movement_id)
      .execute();
    const findings: FindingDraft[] = [];
    await postMatchedPayments(
      tx,
      { movementIds: [exception.movement_id], now: input.now, actor: input.actor },
      findings,
    );
    const after = await tx
      .selectFrom('bank_movements')
      .select(['state', 'journal_entry_id'])
      .where('id', '=', exception.movement_id)
      .executeTakeFirstOrThrow();
    if (after.journal_entry_id === null) {
      // postMatchedPayments queued it again as ledger_refused; undo that so the decision can be retried.
      throw new LedgerRefusedError();
    }
    await raiseFindings(tx, findings, input.actor, input.now);
  } else {
    await tx
      .updateTable('bank_movements')
      .set({ state: 'resolved', reconciled_at: input.now })
      .where('id', '=', exception.movement_id)
      .execute();
  }
  const decision = input.decision.decision === 'match' ? 'matched' : 'dismissed';
  await tx
    .updateTable('bank_exceptions')
    .set({
      state: 'resolved',
      decision,
      obligation_id: input.decision.decision === 'match' ? input.decision.obligationId : null,
      note,
      resolved_by: input.actor.label,
      resolved_at: input.now,
    })
    .where('movement_id', '=', exception.movement_id)
    .where('state', '=', 'open')
    .execute();
  return {
    result: 'resolved',
    audit: [
      {
        action: 'bank_exception.resolved',
        entity: 'bank_exception',
        entityId: exception.id,
        contractId: exception.contract_id,
        before,
        after: {
          decision,
          note,
          movementId: exception.movement_id,
          ...(input.decision.decision === 'match' ? { obligationId: input.decision.obligationId } : {}),
        },
      },
    ],
  };
}

/** Thrown inside the transaction so that a refused posting leaves no trace; the route maps it to its result. */
export class LedgerRefusedError extends Error {
  override name = 'LedgerRefusedError';
}
