import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db } from '../db/database.ts';
import { refuse } from '../http/refusals.ts';
import { assert } from '../kernel/assert.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';
import { formatKrw, type Won } from '../kernel/money.ts';
import { postEntries } from '../ledger/index.ts';
import { loadRuleTable } from '../rules/index.ts';
import { currentLines, insertTransition, lockClaim } from './claim.store.ts';
import { nextClaimStatus } from './claim.ts';
import { requireBuyerOfficial } from './decide-claim.ts';
import { buyerPaymentEntries, obligationsOf } from './obligations.ts';
import { requirePrime } from './submit-claim.ts';

export type BuyerPayment = { readonly paidOn: CivilDate; readonly amountWon: Won };

/**
 * The official records that the buyer paid an approved claim into the dedicated accounts (DESIGN §2 step 3).
 * Each line becomes an obligation due on the date the rule in force gives, and the payment is booked: money
 * into the dedicated accounts, the division payable to each payee. Under the older flow the obligations are
 * held until the prime releases them.
 */
export async function recordBuyerPayment(
  db: Db,
  caller: Caller,
  clock: Clock,
  claimId: bigint,
  payment: BuyerPayment,
): Promise<{ result: 'paid' | 'awaiting_release'; claimId: bigint; obligations: number }> {
  const now = clock.now();
  const today = clock.today();
  return auditedWrite(db, caller, now, async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked) return refuse('not_found');
    const { claim, contract } = locked;
    requireBuyerOfficial(caller, contract);
    const next = nextClaimStatus(claim.status, 'record_payment', claim.flow);
    if (next.result !== 'next') return refuse(next.result);
    if (payment.paidOn > today) return refuse('invalid_date', 'paidOn', 'a payment is recorded once it is made');
    if (payment.paidOn < claim.submitted_on)
      return refuse('invalid_date', 'paidOn', 'paid before the claim was submitted');
    if (payment.amountWon !== claim.total_won) {
      return refuse('payment_amount_mismatch', 'amountWon', `the approved claim is ${formatKrw(claim.total_won)}`);
    }
    const rules = await loadRuleTable(tx);
    const lines = await currentLines(tx, claimId, claim.version);
    const planned = obligationsOf(
      lines.map((line) => ({
        lineId: line.id,
        kind: line.kind,
        subcontractId: line.subcontract_id,
        payeeKind: line.payee_kind,
        payeeId: line.payee_id,
        payeeAccountId: line.payee_account_id,
        amountWon: line.amount_won,
        deliveredOn: line.delivered_on === null ? null : civilDate(line.delivered_on),
      })),
      { buyerPaidOn: payment.paidOn, labourClaimSubmittedOn: civilDate(claim.submitted_on) },
      rules,
    );
    if (planned.result !== 'obligations') {
      return refuse('no_rule_in_force', 'paidOn', `${planned.rule} on ${planned.on}`);
    }
    const status = next.status === 'paid' ? 'open' : 'held';
    const obligations = planned.obligations;
    const { rows: inserted } = await sql<{ id: bigint; claim_line_id: bigint }>`
      insert into obligations (contract_id, claim_id, claim_line_id, kind, payee_kind, payee_id, payee_account_id,
        source_purpose, amount_won, due_on, due_basis, rule_version_id, status, created_at)
      select ${contract.id}, ${claimId}, claim_line_id, kind, payee_kind, payee_id, payee_account_id, source_purpose,
        amount_won, due_on, due_basis, rule_version_id, ${status}, ${now}::timestamptz
      from unnest(${obligations.map((o) => o.claimLineId)}::bigint[], ${obligations.map((o) => o.kind)}::text[],
        ${obligations.map((o) => o.payeeKind)}::text[], ${obligations.map((o) => o.payeeId)}::bigint[],
        ${obligations.map((o) => o.payeeAccountId)}::bigint[], ${obligations.map((o) => o.sourcePurpose)}::text[],
        ${obligations.map((o) => o.amountWon)}::bigint[], ${obligations.map((o) => o.dueOn)}::date[],
        ${obligations.map((o) => o.dueBasis)}::text[], ${obligations.map((o) => o.rule?.id ?? null)}::bigint[])
        as o(claim_line_id, kind, payee_kind, payee_id, payee_account_id, source_purpose, amount_won, due_on,
             due_basis, rule_version_id)
      returning id, claim_line_id`.execute(tx);
    const idByLine = new Map(inserted.map((row) => [row.claim_line_id, row.id]));
    const posted = await postEntries(
      tx,
      buyerPaymentEntries(
        {
          contractId: contract.id,
          claimId,
          paidOn: payment.paidOn,
          memo: `${contract.contract_number} claim ${claim.sequence}`,
        },
        obligations.map((obligation) => ({
          id: idByLine.get(obligation.claimLineId)!,
          payeeAccountId: obligation.payeeAccountId,
          sourcePurpose: obligation.sourcePurpose,
          amountWon: obligation.amountWon,
        })),
      ),
      { actor: caller.label, at: now },
    );
    // Money arriving only raises balances: a refusal here would be a bug, not a user's mistake.
    assert(posted.result === 'posted', `the buyer's payment posts: ${posted.result}`);
    await tx
      .updateTable('claims')
      .set({
        status: next.status,
        paid_on: payment.paidOn,
        paid_at: now,
        ...(next.status === 'paid' ? { released_on: payment.paidOn, released_at: now } : {}),
        updated_at: now,
      })
      .where('id', '=', claimId)
      .execute();
    await insertTransition(tx, {
      contractId: contract.id,
      claimId,
      claimVersion: claim.version,
      action: 'record_payment',
      from: claim.status,
      to: next.status,
      actor: caller.label,
      at: now,
    });
    return {
      outcome: {
        result: next.status === 'paid' ? 'paid' : 'awaiting_release',
        claimId,
        obligations: obligations.length,
      },
      audit: [
        {
          action: 'claim.buyer_paid',
          entity: 'claim',
          entityId: claimId,
          contractId: contract.id,
          before: { status: claim.status },
          after: {
            status: next.status,
            paidOn: payment.paidOn,
            amountWon: payment.amountWon,
            obligations: obligations.length,
            journalEntries: posted.entryIds,
          },
        },
      ],
    };
  });
}

/**
 * The older flow's extra step: the prime approves the division of a paid claim, and only then may its shares
 * leave the dedicated accounts. The due dates stay those of the buyer's payment.
 */
export async function releaseClaim(
  db: Db,
  caller: Caller,
  clock: Clock,
  claimId: bigint,
): Promise<{ result: 'released'; claimId: bigint }> {
  const now = clock.now();
  const today = clock.today();
  return auditedWrite(db, caller, now, async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked) return refuse('not_found');
    const { claim, contract } = locked;
    requirePrime(caller, contract);
    const next = nextClaimStatus(claim.status, 'release', claim.flow);
    if (next.result !== 'next') return refuse(next.result);
    await tx
      .updateTable('claims')
      .set({ status: next.status, released_on: today, released_at: now, updated_at: now })
      .where('id', '=', claimId)
      .execute();
    const released = await tx
      .updateTable('obligations')
      .set({ status: 'open' })
      .where('claim_id', '=', claimId)
      .where('status', '=', 'held')
      .executeTakeFirst();
    await insertTransition(tx, {
      contractId: contract.id,
      claimId,
      claimVersion: claim.version,
      action: 'release',
      from: claim.status,
      to: next.status,
      actor: caller.label,
      at: now,
    });
    return {
      outcome: { result: 'released', claimId },
      audit: [
        {
          action: 'claim.released',
          entity: 'claim',
          entityId: claimId,
          contractId: contract.id,
          before: { status: claim.status },
          after: { status: next.status, releasedOn: today, obligations: Number(released.numUpdatedRows) },
        },
      ],
    };
  });
}
