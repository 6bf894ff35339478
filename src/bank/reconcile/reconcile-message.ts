import { sql } from 'kysely';
import type { Actor } from '../../audit/audit-log.ts';
import { recordObligationPayments, refreshObligationPayments } from '../../claims/index.ts';
import type { Executor, Tx } from '../../db/database.ts';
import { lenderEndToEndLoanPattern, lenderEndToEndPattern, settleLoans } from '../../finance/index.ts';
import { assert } from '../../kernel/assert.ts';
import type { CivilDate } from '../../kernel/civil-date.ts';
import { reconcileDateWindowDaysMax } from '../../kernel/limits.ts';
import { reverseEntries } from '../../ledger/index.ts';
import { settleDirectPayments } from '../../monitor/settle-direct-payments.ts';
import { obligationEndToEndPattern } from './end-to-end-id.ts';
import { type FindingDraft, raiseFindings } from './findings.ts';

export type ReconcileOptions = {
  readonly messageId: bigint;
  readonly now: Date;
  readonly actor: Actor;
  /** Days either side of an obligation's due date in which a debit to its payee for its amount matches it. */
  readonly dateWindowDays?: number;
};

/** Digits of an account as SQL sees them: the comparison key between a report and the registry. */
const digitsOf = (column: string) => sql.raw(`regexp_replace(coalesce(${column}, ''), '[^0-9]', '', 'g')`);

/**
 * Reconciles the movements of one message that are still `received`, set-based, inside the caller's
 * transaction (the batch that inserted them), so a movement is never committed unreconciled:
 *
 * 1. A booking supersedes the pending report of the same payment; a stale pending report is superseded at once.
 * 2. What cannot be booked is queued as an exception: not booked (PDNG/INFO), inexact or missing amount,
 *    an account that is no dedicated account.
 * 3. Transfers between a contract's own dedicated accounts, and plain credits (deposits), are recorded.
 * 4. A return or reversal (a credit) finds the payment it undoes and reverses its journal entry.
 * 5. A debit matches an obligation by its end-to-end id, else by payee account + remaining amount + due-date
 *    window. A debit to an account that is not a registered payee for the account's purpose is diverted
 *    (a critical finding); any other debit left is unmatched (the exception queue).
 * 6. Matched payments and returns are posted to the ledger; an excess over the obligation is an overpayment.
 */
export async function reconcileMessage(tx: Tx, options: ReconcileOptions): Promise<void> {
  const { messageId, now } = options;
  const window = options.dateWindowDays ?? reconcileDateWindowDaysMax;
  assert(Number.isInteger(window) && window >= 0 && window <= reconcileDateWindowDaysMax);

  // What this call reconciles: the message's movements still `received` (the batch just inserted, or a crashed
  // run's). The statements below select them by message and state; the ledger posting and the loans, which look
  // at movements after their state changed, use these ids so they read the batch rather than the whole message.
  const batch = (
    await tx
      .selectFrom('bank_movements')
      .select('id')
      .where('message_id', '=', messageId)
      .where('state', '=', 'received')
      .execute()
  ).map((row) => row.id);

  // The buyer's own transfers for direct payments (Framework Act §35) report from its paying account.
  await settleDirectPayments(tx, { messageId, now, actor: options.actor });

  await sql`
    with booked_now as (
      select distinct identity_key from bank_movements where message_id = ${messageId} and booked
    ), superseded as (
      update bank_movements p set state = 'superseded', reconciled_at = ${now}
      where p.state = 'exception' and not p.booked and p.identity_key in (select identity_key from booked_now)
      returning p.id
    )
    update bank_exceptions e set state = 'resolved', decision = 'superseded', note = 'booked in a later report',
      resolved_by = 'system', resolved_at = ${now}
    from superseded s where e.movement_id = s.id and e.state = 'open'`.execute(tx);
  await sql`
    update bank_movements p set state = 'superseded', reconciled_at = ${now}
    where p.message_id = ${messageId} and p.state = 'received' and not p.booked
      and exists (select 1 from bank_movements b where b.identity_key = p.identity_key and b.booked)`.execute(tx);

  await sql`
    with flagged as (
      update bank_movements m set state = 'exception', reconciled_at = ${now}
      where m.message_id = ${messageId} and m.state = 'received'
        and (not m.booked or m.inexact or m.amount_minor is null or m.contract_id is null)
      returning m.id, m.contract_id,
        case when not m.booked then 'not_booked' when m.inexact then 'inexact_amount'
             when m.amount_minor is null then 'no_amount' else 'unknown_account' end as kind
    )
    insert into bank_exceptions (movement_id, contract_id, bank_id, kind, raised_at)
    select f.id, f.contract_id, (select bank_id from bank_messages where id = ${messageId}), f.kind, ${now}
    from flagged f
    on conflict (movement_id, kind) do nothing`.execute(tx);

  await sql`
    update bank_movements m set state = 'own_transfer', reconciled_at = ${now}
    where m.message_id = ${messageId} and m.state = 'received' and not m.reversal and not m.returned
      and exists (select 1 from dedicated_accounts o where o.contract_id = m.contract_id
        and o.id <> m.dedicated_account_id and o.account_number = ${digitsOf('m.counterparty_account')})`.execute(tx);
  await sql`
    update bank_movements m set state = 'deposit', reconciled_at = ${now}
    where m.message_id = ${messageId} and m.state = 'received' and m.direction = 'credit'
      and not m.reversal and not m.returned`.execute(tx);

  const findings: FindingDraft[] = [];
  const reversals = await undoReturnedPayments(tx, options, findings);

  // Matches are kept here and written once, with their journal entry, when posted: a movement inserted in this
  // transaction is updated once (each update of such a row re-checks every foreign key of the row).
  const matches: Match[] = [];
  await matchLenderRepayments(tx, options, findings, matches);
  await matchByEndToEndId(tx, options, findings, matches);
  await matchByPayeeAndAmount(tx, options, window, matches);
  await classifyLeftovers(tx, options, findings, matches);

  const { messageId: _, ...posting } = options;
  await postMatchedPayments(tx, { ...posting, matches }, findings);
  await postReversals(tx, options, reversals);
  await raiseFindings(tx, findings, options.actor, now);
  // Loans on the obligations this batch touched: repaid, partly repaid, or at risk after a return or diversion.
  // (Direct payments settled above were settled with their loans by `refreshObligationPayments`; an earlier
  // batch's obligations were settled by that batch.)
  const touched =
    batch.length === 0
      ? []
      : await tx
          .selectFrom('bank_movements')
          .select('obligation_id')
          .distinct()
          .where('id', '=', sql<bigint>`any(${batch}::bigint[])`)
          .where('obligation_id', 'is not', null)
          .execute();
  await settleLoans(tx, [
    ...touched.map((row) => row.obligation_id!),
    ...findings.flatMap((finding) => (finding.obligationId === null ? [] : [finding.obligationId])),
  ]);
}

type ReturnPair = {
  return_id: bigint;
  original_id: bigint;
  original_state: string;
  obligation_id: bigint | null;
  journal_entry_id: bigint | null;
  contract_id: bigint;
  amount_minor: bigint;
  booked_on: string;
};

/**
 * A credit that reports a return (`RtrInf`, a return transaction code) or a reversal undoes the payment it
 * names: the debit on the same account with the same amount and end-to-end id (or, without one, the same
 * counterparty account), most recent first, that nothing has undone yet.
 */
async function undoReturnedPayments(tx: Tx, options: ReconcileOptions, findings: FindingDraft[]) {
  const { rows } = await sql<ReturnPair>`
    with returns as (
      select m.id, m.dedicated_account_id, m.amount_minor, m.end_to_end_id, m.booked_on,
        ${digitsOf('m.counterparty_account')} as counterparty
      from bank_movements m
      where m.message_id = ${options.messageId} and m.state = 'received' and m.direction = 'credit'
        and (m.returned or m.reversal)
    )
    select distinct on (r.id) r.id as return_id, o.id as original_id, o.state as original_state, o.obligation_id,
      o.journal_entry_id, o.contract_id, r.amount_minor, r.booked_on::text as booked_on
    from returns r
    join bank_movements o on o.dedicated_account_id = r.dedicated_account_id and o.direction = 'debit'
      and not o.reversal and o.booked and o.amount_minor = r.amount_minor
      and o.state in ('matched', 'diverted', 'unmatched')
      and not exists (select 1 from bank_movements u where u.undoes_movement_id = o.id)
      and ((r.end_to_end_id is not null and o.end_to_end_id = r.end_to_end_id)
        or (r.end_to_end_id is null and r.counterparty <> ''
          and ${digitsOf('o.counterparty_account')} = r.counterparty))
    order by r.id, o.booked_on desc, o.id desc`.execute(tx);
  const used = new Set<bigint>();
  const pairs = rows.filter((row) => {
    if (used.has(row.original_id)) return false;
    used.add(row.original_id);
    return true;
  });
  if (pairs.length === 0) return [];
  await sql`
    update bank_movements m set state = 'returned', reconciled_at = ${options.now},
      undoes_movement_id = p.original_id::bigint, obligation_id = p.obligation_id::bigint
    from unnest(${pairs.map((p) => p.return_id.toString())}::text[], ${pairs.map((p) => p.original_id.toString())}::text[],
      ${pairs.map((p) => p.obligation_id?.toString() ?? null)}::text[]) as p(return_id, original_id, obligation_id)
    where m.id = p.return_id::bigint`.execute(tx);
  // A returned payment that waited in the queue as unmatched needs no decision any more.
  await sql`
    update bank_exceptions e set state = 'resolved', decision = 'dismissed', note = 'the payment was returned',
      resolved_by = 'system', resolved_at = ${options.now}
    where e.state = 'open' and e.movement_id = any(${pairs.map((p) => p.original_id.toString())}::text[]::bigint[])`.execute(
    tx,
  );
  for (const pair of pairs) {
    findings.push({
      kind: 'returned',
      key: `returned:movement:${pair.return_id}`,
      contractId: pair.contract_id,
      obligationId: pair.obligation_id,
      movementId: pair.return_id,
      amountWon: pair.amount_minor,
      detail: { undoesMovementId: pair.original_id, originalState: pair.original_state },
    });
  }
  return pairs;
}

/**
 * The lender's part of an assigned obligation's transfer (`HADO-O<obligation>-L<loan>`, financing): it pays the
 * obligation when it reached the loan's lender account; to any other account it is diverted.
 */
async function matchLenderRepayments(tx: Tx, options: ReconcileOptions, findings: FindingDraft[], matches: Match[]) {
  const { rows } = await sql<{
    movement_id: bigint;
    obligation_id: bigint;
    contract_id: bigint;
    amount_minor: bigint;
    counterparty: string;
    lender_number: string;
  }>`
    select m.id as movement_id, o.id as obligation_id, m.contract_id, m.amount_minor,
      ${digitsOf('m.counterparty_account')} as counterparty, pa.account_number as lender_number
    from bank_movements m
    join loans l on l.id = (substring(m.end_to_end_id from ${lenderEndToEndLoanPattern}))::bigint
    join obligations o on o.claim_line_id = l.claim_line_id and o.contract_id = m.contract_id
      and o.id = (substring(m.end_to_end_id from ${obligationOfLenderPattern}))::bigint
    join payee_accounts pa on pa.id = l.lender_account_id
    where m.message_id = ${options.messageId} and m.state = 'received' and m.direction = 'debit'
      and not m.reversal and m.currency = 'KRW' and m.end_to_end_id ~ ${lenderEndToEndPattern}`.execute(tx);
  if (rows.length === 0) return;
  const diverted = rows.filter((row) => row.counterparty !== '' && row.counterparty !== row.lender_number);
  matches.push(...rows.filter((row) => !diverted.includes(row)));
  await setDiverted(tx, options, diverted);
  for (const row of diverted) {
    findings.push({
      kind: 'diverted',
      key: `diverted:movement:${row.movement_id}`,
      contractId: row.contract_id,
      obligationId: row.obligation_id,
      movementId: row.movement_id,
      amountWon: row.amount_minor,
      detail: { reason: 'paid_to_other_account_than_lender' },
    });
  }
}

/** The obligation id alone of a lender's end-to-end id, for `substring(… from …)`. */
const obligationOfLenderPattern = '^HADO-O([1-9][0-9]{0,17})-L[1-9][0-9]{0,17}$';

/**
 * Hado's end-to-end ids name the obligation they pay. The bank's counterparty must be that obligation's
 * payee account; a payment under the right id to another account is diverted.
 */
async function matchByEndToEndId(tx: Tx, options: ReconcileOptions, findings: FindingDraft[], matches: Match[]) {
  const { rows } = await sql<{
    movement_id: bigint;
    obligation_id: bigint;
    contract_id: bigint;
    amount_minor: bigint;
    counterparty: string;
    payee_number: string;
  }>`
    select m.id as movement_id, o.id as obligation_id, m.contract_id, m.amount_minor,
      ${digitsOf('m.counterparty_account')} as counterparty, pa.account_number as payee_number
    from bank_movements m
    join obligations o on o.contract_id = m.contract_id
      and o.id = (substring(m.end_to_end_id from ${obligationEndToEndPattern}))::bigint
    join payee_accounts pa on pa.id = o.payee_account_id
    where m.message_id = ${options.messageId} and m.state = 'received' and m.direction = 'debit'
      and not m.reversal and m.currency = 'KRW' and m.end_to_end_id ~ ${obligationEndToEndPattern}`.execute(tx);
  if (rows.length === 0) return;
  const diverted = rows.filter((row) => row.counterparty !== '' && row.counterparty !== row.payee_number);
  matches.push(...rows.filter((row) => !diverted.includes(row)));
  await setDiverted(tx, options, diverted);
  for (const row of diverted) {
    findings.push({
      kind: 'diverted',
      key: `diverted:movement:${row.movement_id}`,
      contractId: row.contract_id,
      obligationId: row.obligation_id,
      movementId: row.movement_id,
      amountWon: row.amount_minor,
      detail: { reason: 'paid_to_other_account_than_obligation_payee' },
    });
  }
}

/** A movement matched by this reconciliation, not written yet: `postMatchedPayments` books and writes it. */
export type Match = { readonly movement_id: bigint; readonly obligation_id: bigint };

/** The matches' movement ids, for SQL that must leave them out (they are still `received` in the table). */
const notMatched = (matches: readonly Match[], column: string) =>
  sql`${sql.ref(column)} <> all(${matches.map((match) => match.movement_id)}::bigint[])`;

async function setDiverted(tx: Executor, options: ReconcileOptions, rows: readonly { movement_id: bigint }[]) {
  if (rows.length === 0) return;
  await sql`
    update bank_movements m set state = 'diverted', reconciled_at = ${options.now}, obligation_id = null
    where m.id = any(${rows.map((r) => r.movement_id)}::bigint[])`.execute(tx);
}

/**
 * Without an end-to-end id: a debit to an obligation's payee account, from the dedicated account of the
 * obligation's purpose, for exactly what remains owed, booked within the window around the due date. Each
 * movement takes the earliest-due candidate and each obligation the earliest movement; ambiguity beyond
 * that stays unmatched for a person.
 */
async function matchByPayeeAndAmount(tx: Tx, options: ReconcileOptions, window: number, matches: Match[]) {
  const matchedObligations = matches.map((match) => match.obligation_id);
  const { rows } = await sql<Match>`
    with movements as materialized (
      -- The batch's debits left after the matches by end-to-end id, first: the join below then reads only them.
      select m.id, m.contract_id, m.dedicated_account_id, m.counterparty_account, m.amount_minor, m.booked_on
      from bank_movements m
      where m.message_id = ${options.messageId} and m.state = 'received' and m.direction = 'debit'
        and not m.reversal and m.currency = 'KRW' and ${notMatched(matches, 'm.id')}
    ), candidates as (
      select m.id as movement_id, o.id as obligation_id,
        row_number() over (partition by m.id order by o.due_on, o.id) as movement_rank,
        row_number() over (partition by o.id order by m.booked_on, m.id) as obligation_rank
      from movements m
      join dedicated_accounts d on d.id = m.dedicated_account_id
      join payee_accounts pa on pa.account_number = ${digitsOf('m.counterparty_account')}
      join obligations o on o.contract_id = m.contract_id and o.payee_account_id = pa.id
        and o.source_purpose = d.purpose and o.paid_on is null
        and o.amount_won - o.paid_won = m.amount_minor
        and m.booked_on between o.due_on - ${window}::int and o.due_on + ${window}::int
        and not exists (select 1 from bank_movements x where x.obligation_id = o.id and x.state = 'matched'
          and x.journal_entry_id is null)
        and o.id <> all(${matchedObligations}::bigint[])
    )
    select movement_id, obligation_id from candidates
    where movement_rank = 1 and obligation_rank = 1
    order by movement_id`.execute(tx);
  matches.push(...rows);
}

/**
 * Registered payees of a contract for a dedicated account's purpose: the accounts its obligations of that
 * purpose pay; for progress, advance and general money also its subcontractors', suppliers' and prime's
 * accounts and lenders' (financing); for labour money its workers' own accounts.
 */
const registeredPayee = sql`
  exists (
    select 1 from payee_accounts pa
    where pa.account_number = ${digitsOf('m.counterparty_account')}
      and (
        exists (select 1 from obligations o where o.contract_id = m.contract_id and o.payee_account_id = pa.id
          and o.source_purpose = d.purpose)
        or (d.purpose <> 'labour' and (
          exists (select 1 from subcontracts s where s.contract_id = m.contract_id and s.payee_account_id = pa.id)
          or exists (select 1 from supply_contracts s where s.contract_id = m.contract_id
            and s.payee_account_id = pa.id)
          or (pa.owner_kind = 'firm' and pa.owner_id = (select c.prime_firm_id from contracts c
            where c.id = m.contract_id))
          or pa.owner_kind = 'bank'))
        or (d.purpose = 'labour' and exists (select 1 from worker_engagements w
          where w.contract_id = m.contract_id and w.payee_account_id = pa.id))
      )
  )`;

/** Whatever is left: money out to an unregistered account is diverted; everything else waits for a person. */
async function classifyLeftovers(tx: Tx, options: ReconcileOptions, findings: FindingDraft[], matches: Match[]) {
  const { rows } = await sql<{ id: bigint; contract_id: bigint; amount_minor: bigint; counterparty_account: string }>`
    update bank_movements m set state = 'diverted', reconciled_at = ${options.now}
    from dedicated_accounts d
    where d.id = m.dedicated_account_id and m.message_id = ${options.messageId} and m.state = 'received'
      and m.direction = 'debit' and not m.reversal and ${digitsOf('m.counterparty_account')} <> ''
      and not ${registeredPayee} and ${notMatched(matches, 'm.id')}
    returning m.id, m.contract_id, m.amount_minor, m.counterparty_account`.execute(tx);
  for (const row of rows) {
    findings.push({
      kind: 'diverted',
      key: `diverted:movement:${row.id}`,
      contractId: row.contract_id,
      obligationId: null,
      movementId: row.id,
      amountWon: row.amount_minor,
      detail: { reason: 'not_a_registered_payee', counterpartyAccount: row.counterparty_account },
    });
  }
  await sql`
    with left_over as (
      update bank_movements m set state = 'unmatched', reconciled_at = ${options.now}
      where m.message_id = ${options.messageId} and m.state = 'received' and ${notMatched(matches, 'm.id')}
      returning m.id, m.contract_id
    )
    insert into bank_exceptions (movement_id, contract_id, bank_id, kind, raised_at)
    select l.id, l.contract_id, (select bank_id from bank_messages where id = ${options.messageId}), 'unmatched',
      ${options.now}
    from left_over l
    on conflict (movement_id, kind) do nothing`.execute(tx);
}

/**
 * Posts each matched payment through the claims module (`recordObligationPayments`): one balanced
 * `transfer_out` entry per payment, the obligation's paid amount derived again from the ledger. A payment
 * beyond what the obligation still owed is booked whole with an overpayment (the money did move) and raises an
 * `overpaid` finding. A payment the ledger refuses (the dedicated account holds less than the ledger knows was
 * paid in, or the obligation is held for the prime's approval) waits in the queue as `ledger_refused`.
 *
 * The payments are either movements already marked `matched` (`movementIds`: a person's decision) or the
 * matches reconciliation just made (`matches`, still `received` in the table); either way each movement is then
 * written once: matched with its obligation and journal entry, or unmatched. Payments are posted in movement order.
 */
export async function postMatchedPayments(
  tx: Tx,
  options: Omit<ReconcileOptions, 'messageId'> &
    ({ readonly movementIds: readonly bigint[] } | { readonly matches: readonly Match[] }),
  findings: FindingDraft[],
) {
  const lender = sql`(select l.lender_account_id from loans l
       where m.end_to_end_id ~ ${lenderEndToEndPattern}
         and l.id = (substring(m.end_to_end_id from ${lenderEndToEndLoanPattern}))::bigint)`;
  type Payment = {
    id: bigint;
    contract_id: bigint;
    obligation_id: bigint;
    amount_minor: bigint;
    booked_on: string;
    lender_account_id: bigint | null;
  };
  const { rows } =
    'matches' in options
      ? await sql<Payment>`
    select m.id, m.contract_id, u.obligation_id, m.amount_minor, m.booked_on::text as booked_on,
      ${lender} as lender_account_id
    from unnest(${options.matches.map((match) => match.movement_id)}::bigint[],
      ${options.matches.map((match) => match.obligation_id)}::bigint[]) as u(id, obligation_id)
    join bank_movements m on m.id = u.id
    order by m.id`.execute(tx)
      : await sql<Payment>`
    select m.id, m.contract_id, m.obligation_id, m.amount_minor, m.booked_on::text as booked_on,
      ${lender} as lender_account_id
    from bank_movements m
    where m.id = any(${options.movementIds}::bigint[]) and m.state = 'matched' and m.journal_entry_id is null
    order by m.id`.execute(tx);
  if (rows.length === 0) return;
  const posting = { actor: options.actor.label, at: options.now };
  const payment = (row: Payment) => ({
    obligationId: row.obligation_id,
    amountWon: row.amount_minor,
    paidOn: row.booked_on as CivilDate,
    // The lender's part of an assigned obligation reached the lender's account (financing).
    ...(row.lender_account_id === null ? {} : { toPayeeAccountId: row.lender_account_id }),
  });
  type Posted = { entryId: bigint; overpaidWon: bigint } | null;
  let posted: Posted[];
  const together = await recordObligationPayments(tx, rows.map(payment), posting);
  if (together.result === 'recorded') {
    posted = together.entries.map((entry) => ({ entryId: entry.entryId, overpaidWon: entry.overpaidWon }));
  } else {
    // One refused payment must not hold back the others: post them one by one.
    posted = [];
    for (const row of rows) {
      const single = await recordObligationPayments(tx, [payment(row)], posting);
      posted.push(single.result === 'recorded' ? single.entries[0]! : null);
    }
  }
  const booked = rows.flatMap((row, index) => {
    const entry = posted[index];
    return entry ? [{ row, ...entry }] : [];
  });
  const refused = rows.filter((_, index) => posted[index] === null);
  if (booked.length > 0) {
    await sql`
      update bank_movements m set state = 'matched', obligation_id = u.obligation_id,
        journal_entry_id = u.entry_id, reconciled_at = ${options.now}
      from unnest(${booked.map((b) => b.row.id)}::bigint[], ${booked.map((b) => b.row.obligation_id)}::bigint[],
        ${booked.map((b) => b.entryId)}::bigint[]) as u(id, obligation_id, entry_id)
      where m.id = u.id`.execute(tx);
  }
  for (const entry of booked) {
    if (entry.overpaidWon <= 0n) continue;
    findings.push({
      kind: 'overpaid',
      key: `overpaid:movement:${entry.row.id}`,
      contractId: entry.row.contract_id,
      obligationId: entry.row.obligation_id,
      movementId: entry.row.id,
      amountWon: entry.overpaidWon,
      detail: { paidWon: entry.row.amount_minor, overpaidWon: entry.overpaidWon },
    });
  }
  if (refused.length > 0) {
    const ids = refused.map((row) => row.id);
    await sql`
      update bank_movements set state = 'unmatched', obligation_id = null, reconciled_at = ${options.now}
      where id = any(${ids}::bigint[])`.execute(tx);
    await sql`
      insert into bank_exceptions (movement_id, contract_id, bank_id, kind, raised_at)
      select m.id, m.contract_id, (select bank_id from bank_messages where id = m.message_id), 'ledger_refused',
        ${options.now}
      from bank_movements m where m.id = any(${ids}::bigint[])
      on conflict (movement_id, kind) do nothing`.execute(tx);
  }
}

/** A return undoes its payment in the ledger with a reversing entry; the obligation is owed again. */
async function postReversals(tx: Tx, options: ReconcileOptions, pairs: readonly ReturnPair[]) {
  const withEntries = pairs.filter((pair) => pair.journal_entry_id !== null);
  for (const pair of withEntries) {
    const reversed = await reverseEntries(tx, [pair.journal_entry_id!], {
      actor: options.actor.label,
      at: options.now,
      effectiveOn: pair.booked_on as CivilDate,
      memo: `bank movement ${pair.return_id} returns movement ${pair.original_id}`,
    });
    if (reversed.result === 'reversed') {
      await tx
        .updateTable('bank_movements')
        .set({ journal_entry_id: reversed.entryIds[0]! })
        .where('id', '=', pair.return_id)
        .execute();
    }
  }
  const obligationIds = withEntries.flatMap((pair) => (pair.obligation_id === null ? [] : [pair.obligation_id]));
  await refreshObligationPayments(tx, [...new Set(obligationIds)]);
}
