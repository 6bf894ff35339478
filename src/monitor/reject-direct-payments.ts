import { sql } from 'kysely';
import { type Actor, appendAudit } from '../audit/audit-log.ts';
import type { FindingDraft } from '../bank/reconcile/findings.ts';
import { refreshObligationPayments } from '../claims/index.ts';
import type { Tx } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import { seoulDateOf } from '../kernel/civil-date.ts';
import { reverseEntries } from '../ledger/index.ts';
import { formatWon, type Locale, renderTemplate } from '../notifications/render.ts';
import type { NotificationSettings } from '../notifications/settings.ts';
import { enqueue, type OutboxMessageInput } from '../outbox/index.ts';

/** The bank's refusal of one direct payment's transfer, as a pain.002 reports it. */
export type DirectPaymentRejection = {
  readonly directPaymentId: bigint;
  /** The pain.001 message the status answers (`HADO-DP<id>`), when the report names it. */
  readonly messageId: string | null;
  /** `HADO-D<id>`. */
  readonly endToEndId: string;
  /** ISO reason codes (`AM04` insufficient funds, `AC04` closed account, …). */
  readonly reasons: readonly string[];
  readonly information: readonly string[];
};

/** Longest reason text kept on the direct payment (the column's check). */
const rejectionReasonCharsMax = 200;

type Row = {
  id: bigint;
  state: 'instructed' | 'paid' | 'rejected';
  contract_id: bigint;
  obligation_id: bigint;
  suggestion_id: bigint;
  amount_won: bigint;
  decided_entry_id: bigint;
  contract_number: string;
  buyer_id: bigint;
  payee_name: string | null;
  payee_name_en: string | null;
};

/**
 * A direct payment whose transfer the buyer's bank rejected (pain.002 RJCT), inside the caller's transaction. No
 * money moved, so the decision is undone and nothing else: the direct payment becomes `rejected` with the bank's
 * reason; the decision's entry (the prime's claim reduced, Dr prime_deduction, Cr buyer_direct) is reversed by a
 * balanced reversing entry, so the prime owes the share again; the suggestion is pending again, for the official
 * to take (a new direct payment, a new instruction) or decline; and the buyer's officials are told. Only an
 * `instructed` direct payment changes: a report about one already paid or already rejected changes nothing.
 *
 * Returns the `transfer_rejected` finding of every rejection, with its contract and obligation when the direct
 * payment is known, for the caller to raise with the others (the same key as any rejected transfer).
 */
export async function rejectDirectPayments(
  tx: Tx,
  rejections: readonly DirectPaymentRejection[],
  options: { readonly now: Date; readonly actor: Actor; readonly settings: NotificationSettings },
): Promise<FindingDraft[]> {
  if (rejections.length === 0) return [];
  const ids = [...new Set(rejections.map((rejection) => rejection.directPaymentId))];
  const { rows } = await sql<Row>`
    select d.id, d.state, d.contract_id, d.obligation_id, d.suggestion_id, d.amount_won, d.decided_entry_id,
      k.contract_number, k.buyer_id, coalesce(f.name, w.name) as payee_name, f.name_en as payee_name_en
    from direct_payments d
    join contracts k on k.id = d.contract_id
    join obligations o on o.id = d.obligation_id
    left join firms f on o.payee_kind = 'firm' and f.id = o.payee_id
    left join workers w on o.payee_kind = 'worker' and w.id = o.payee_id
    where d.id = any(${ids.map(String)}::text[]::bigint[])
    order by d.id
    for update of d`.execute(tx);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const today = seoulDateOf(options.now);
  const findings: FindingDraft[] = [];
  const messages: OutboxMessageInput[] = [];
  const rejected: Row[] = [];
  for (const rejection of rejections) {
    const row = byId.get(rejection.directPaymentId);
    const reason = (rejection.reasons.join(',') || 'unspecified').slice(0, rejectionReasonCharsMax);
    findings.push({
      kind: 'transfer_rejected',
      key: `transfer_rejected:${rejection.messageId ?? ''}:${rejection.endToEndId}`,
      contractId: row?.contract_id ?? null,
      obligationId: row?.obligation_id ?? null,
      movementId: null,
      amountWon: row?.amount_won ?? null,
      detail: {
        endToEndId: rejection.endToEndId,
        messageId: rejection.messageId,
        reasons: rejection.reasons,
        information: rejection.information,
        directPaymentId: String(rejection.directPaymentId),
      },
    });
    // Unknown, settled already (the bank booked it: a person looks at the finding), or rejected before.
    if (row?.state !== 'instructed') continue;
    const reversed = await reverseEntries(tx, [row.decided_entry_id], {
      actor: options.actor.label,
      at: options.now,
      effectiveOn: today,
      memo: `direct payment ${row.id} rejected by the bank (${reason}): the prime's claim is not reduced`,
    });
    // The decision's entry is memo only and reversed once (the row was `instructed` under lock).
    assert(reversed.result === 'reversed', `a rejected direct payment's decision reverses: ${reversed.result}`);
    const reversalEntryId = reversed.entryIds[0]!;
    await tx
      .updateTable('direct_payments')
      .set({
        state: 'rejected',
        rejection_reason: reason,
        rejected_entry_id: reversalEntryId,
        rejected_at: options.now,
      })
      .where('id', '=', row.id)
      .execute();
    const reopened = await tx
      .updateTable('direct_payment_suggestions')
      .set({ state: 'pending', decided_by: null, decided_at: null, reason: null })
      .where('id', '=', row.suggestion_id)
      .where('state', '=', 'taken')
      .executeTakeFirst();
    await appendAudit(
      tx,
      options.actor,
      {
        action: 'direct_payment.rejected',
        entity: 'direct_payment',
        entityId: row.id,
        contractId: row.contract_id,
        before: { state: 'instructed' },
        after: {
          state: 'rejected',
          reason,
          messageId: rejection.messageId,
          reversalEntry: String(reversalEntryId),
          claimReducedBy: '0',
          suggestionReopened: reopened.numUpdatedRows > 0n ? String(row.suggestion_id) : null,
        },
      },
      options.now,
    );
    row.state = 'rejected';
    rejected.push(row);
    messages.push(...(await officialMessages(tx, row, reason, options.settings)));
  }
  // The obligations are owed by the prime again: their paid amounts derived from the ledger (loans follow).
  await refreshObligationPayments(tx, [...new Set(rejected.map((row) => row.obligation_id))]);
  await enqueue(tx, messages, { now: options.now, quietHours: options.settings.quietHours });
  return findings;
}

/** The buyer's officials with a phone, each in their language: the transfer failed and the decision is theirs again. */
async function officialMessages(
  tx: Tx,
  row: Row,
  reason: string,
  settings: NotificationSettings,
): Promise<OutboxMessageInput[]> {
  const officials = await tx
    .selectFrom('users')
    .select(['id', 'phone_e164', 'locale'])
    .where('role', '=', 'official')
    .where('buyer_id', '=', row.buyer_id)
    .where('disabled_at', 'is', null)
    .where('phone_e164', 'is not', null)
    .orderBy('id')
    .execute();
  return officials.map((official) => {
    const locale: Locale = official.locale === 'en' ? 'en' : 'ko';
    const payee = (locale === 'en' ? (row.payee_name_en ?? row.payee_name) : row.payee_name) ?? '-';
    return {
      key: `direct_payment_rejected:${row.id}:user:${official.id}`,
      contractId: row.contract_id,
      kind: 'direct_payment_rejected',
      recipient: { kind: 'user', id: official.id, phone: official.phone_e164!, locale },
      sender: settings.sender,
      body: renderTemplate(locale, 'direct_payment_rejected', {
        contract: row.contract_number,
        amount: formatWon(row.amount_won, locale),
        payee,
        reason,
      }),
      payload: { template: 'direct_payment_rejected', directPaymentId: String(row.id) },
      urgent: true,
    };
  });
}
