import { sql } from 'kysely';
import type { Executor, Tx } from '../db/database.ts';
import type { LedgerAccountKind, Purpose } from '../db/schema.ts';
import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import { ledgerEntriesPerStatementMax, ledgerLinesPerStatementMax } from '../kernel/limits.ts';
import {
  accountKeyText,
  assertBalanced,
  type EntryDraft,
  entryTotal,
  type LedgerAccountKey,
  mirroredLines,
  normalSideOf,
  type PostingLine,
} from './ledger-entry.ts';

/** Who posts and when: the actor's label and the instant, as the audit log records them. */
export type Posting = { readonly actor: string; readonly at: Date };

export type PostResult =
  | { readonly result: 'posted'; readonly entryIds: readonly bigint[] }
  /** The entries would take a dedicated account below zero: the money is not there. */
  | { readonly result: 'dedicated_account_insufficient'; readonly accountId: bigint }
  /** The entries would pay a payee beyond its obligations without an overpayment finding. */
  | { readonly result: 'payable_exceeded'; readonly accountId: bigint };

type AccountRow = {
  id: bigint;
  contract_id: bigint;
  kind: LedgerAccountKind;
  purpose: Purpose | null;
  payee_account_id: bigint | null;
};

const accountMapKey = (contractId: bigint, key: LedgerAccountKey) => `${contractId}|${accountKeyText(key)}`;
const rowMapKey = (row: AccountRow) =>
  `${row.contract_id}|${row.kind === 'dedicated' ? `dedicated:${row.purpose}` : row.payee_account_id === null ? row.kind : `${row.kind}:${row.payee_account_id}`}`;

/**
 * Posts balanced entries, set-based: accounts are created as needed in one statement, entries and their lines
 * are written with one statement per batch, and the database checks each statement again (every entry
 * balances, no dedicated account below zero, no payable below zero without a finding). Before writing, the
 * dedicated and payable accounts touched are locked and their balances checked here, so a refusal is a named
 * result and never a database error. Runs inside the caller's transaction.
 */
export async function postEntries(tx: Tx, drafts: readonly EntryDraft[], posting: Posting): Promise<PostResult> {
  if (drafts.length === 0) return { result: 'posted', entryIds: [] };
  for (const draft of drafts) assertBalanced(draft);
  const accounts = await ensureAccounts(tx, drafts);
  const idOf = (contractId: bigint, key: LedgerAccountKey) => {
    const id = accounts.get(accountMapKey(contractId, key));
    assert(id !== undefined, 'every account of a draft was ensured');
    return id;
  };

  // Lock what can run out, in id order (no deadlocks), then check the balances these entries would leave.
  const guarded = new Map<bigint, { kind: 'dedicated' | 'payable'; delta: bigint; allowance: bigint }>();
  for (const draft of drafts) {
    for (const line of draft.lines) {
      if (line.account.kind !== 'dedicated' && line.account.kind !== 'payable') continue;
      const id = idOf(draft.contractId, line.account);
      const current = guarded.get(id) ?? { kind: line.account.kind, delta: 0n, allowance: 0n };
      const normal = normalSideOf(line.account.kind);
      current.delta += line.side === normal ? line.amountWon : -line.amountWon;
      guarded.set(id, current);
    }
    for (const overpayment of draft.overpayments ?? []) {
      const id = idOf(draft.contractId, { kind: 'payable', payeeAccountId: overpayment.payeeAccountId });
      const current = guarded.get(id);
      assert(current, 'an overpayment names a payable the entry touches');
      current.allowance += overpayment.amountWon;
    }
  }
  const guardedIds = [...guarded.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (guardedIds.length > 0) {
    await sql`select id from ledger_accounts where id = any(${guardedIds}::bigint[]) order by id for update`.execute(
      tx,
    );
    const balances = await normalBalances(tx, guardedIds);
    const after = (id: bigint) => (balances.get(id) ?? 0n) + guarded.get(id)!.delta;
    // Only a payable that would go below zero needs its earlier overpayment findings.
    const short = guardedIds.filter((id) => {
      const account = guarded.get(id)!;
      return account.kind === 'payable' && after(id) + account.allowance < 0n;
    });
    const findings = short.length > 0 ? await findingsOf(tx, short) : new Map<bigint, bigint>();
    for (const id of guardedIds) {
      const account = guarded.get(id)!;
      if (account.kind === 'dedicated' && after(id) < 0n)
        return { result: 'dedicated_account_insufficient', accountId: id };
      if (account.kind === 'payable' && after(id) + (findings.get(id) ?? 0n) + account.allowance < 0n) {
        return { result: 'payable_exceeded', accountId: id };
      }
    }
  }

  const entryIds: bigint[] = [];
  let batch: EntryDraft[] = [];
  let batchLines = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    entryIds.push(...(await writeBatch(tx, batch, idOf, posting)));
    batch = [];
    batchLines = 0;
  };
  for (const draft of drafts) {
    if (batch.length >= ledgerEntriesPerStatementMax || batchLines + draft.lines.length > ledgerLinesPerStatementMax) {
      await flush();
    }
    batch.push(draft);
    batchLines += draft.lines.length;
  }
  await flush();
  return { result: 'posted', entryIds };
}

/** Creates the accounts the drafts name (one statement), and returns every one's id by contract and key. */
async function ensureAccounts(tx: Tx, drafts: readonly EntryDraft[]): Promise<Map<string, bigint>> {
  const wanted = new Map<string, { contractId: bigint; key: LedgerAccountKey }>();
  for (const draft of drafts) {
    for (const line of draft.lines)
      wanted.set(accountMapKey(draft.contractId, line.account), {
        contractId: draft.contractId,
        key: line.account,
      });
  }
  const values = [...wanted.values()];
  const contractIds = values.map((value) => value.contractId);
  const kinds = values.map((value) => value.key.kind);
  const purposes = values.map((value) => (value.key.kind === 'dedicated' ? value.key.purpose : null));
  const payees = values.map((value) => ('payeeAccountId' in value.key ? value.key.payeeAccountId : null));
  await sql`
    insert into ledger_accounts (contract_id, kind, purpose, payee_account_id)
    select * from unnest(${contractIds}::bigint[], ${kinds}::text[], ${purposes}::text[], ${payees}::bigint[])
    on conflict (contract_id, kind, purpose, payee_account_id) do nothing`.execute(tx);
  const rows = await tx
    .selectFrom('ledger_accounts')
    .select(['id', 'contract_id', 'kind', 'purpose', 'payee_account_id'])
    .where('contract_id', 'in', [...new Set(contractIds)])
    .execute();
  return new Map(rows.map((row) => [rowMapKey(row), row.id]));
}

async function writeBatch(
  tx: Tx,
  batch: readonly EntryDraft[],
  idOf: (contractId: bigint, key: LedgerAccountKey) => bigint,
  posting: Posting,
): Promise<bigint[]> {
  // Entry ids first, so the lines can name their entry in the same set-based statement.
  const { rows } = await sql<{ id: bigint }>`
    select nextval(pg_get_serial_sequence('journal_entries', 'id')) as id
    from generate_series(1, ${batch.length}::int)`.execute(tx);
  const ids = rows.map((row) => BigInt(row.id));
  assert(ids.length === batch.length);

  await sql`
    insert into journal_entries
      (id, contract_id, kind, effective_on, line_count, total_won, claim_id, reverses_entry_id, memo, posted_by, posted_at)
    overriding system value
    select id, contract_id, kind, effective_on, line_count, total_won, claim_id, reverses_entry_id, memo,
           ${posting.actor}, ${posting.at}::timestamptz
    from unnest(
      ${ids}::bigint[], ${batch.map((d) => d.contractId)}::bigint[], ${batch.map((d) => d.kind)}::text[],
      ${batch.map((d) => d.effectiveOn)}::date[], ${batch.map((d) => d.lines.length)}::int[],
      ${batch.map((d) => entryTotal(d.lines))}::bigint[], ${batch.map((d) => d.claimId ?? null)}::bigint[],
      ${batch.map((d) => d.reversesEntryId ?? null)}::bigint[], ${batch.map((d) => d.memo ?? null)}::text[]
    ) as e(id, contract_id, kind, effective_on, line_count, total_won, claim_id, reverses_entry_id, memo)`.execute(tx);

  const findings = batch.flatMap((draft, index) =>
    (draft.overpayments ?? []).map((overpayment) => ({
      contractId: draft.contractId,
      obligationId: overpayment.obligationId,
      accountId: idOf(draft.contractId, { kind: 'payable', payeeAccountId: overpayment.payeeAccountId }),
      entryId: ids[index]!,
      amountWon: overpayment.amountWon,
    })),
  );
  if (findings.length > 0) {
    await sql`
      insert into overpayment_findings (contract_id, obligation_id, account_id, entry_id, amount_won, found_at)
      select contract_id, obligation_id, account_id, entry_id, amount_won, ${posting.at}::timestamptz
      from unnest(${findings.map((f) => f.contractId)}::bigint[], ${findings.map((f) => f.obligationId)}::bigint[],
        ${findings.map((f) => f.accountId)}::bigint[], ${findings.map((f) => f.entryId)}::bigint[],
        ${findings.map((f) => f.amountWon)}::bigint[]) as f(contract_id, obligation_id, account_id, entry_id, amount_won)`.execute(
      tx,
    );
  }

  const lines = batch.flatMap((draft, index) =>
    draft.lines.map((line) => ({
      entryId: ids[index]!,
      contractId: draft.contractId,
      accountId: idOf(draft.contractId, line.account),
      side: line.side,
      amountWon: line.amountWon,
      obligationId: line.obligationId ?? null,
    })),
  );
  await sql`
    insert into journal_lines (entry_id, contract_id, account_id, side, amount_won, obligation_id)
    select * from unnest(${lines.map((l) => l.entryId)}::bigint[], ${lines.map((l) => l.contractId)}::bigint[],
      ${lines.map((l) => l.accountId)}::bigint[], ${lines.map((l) => l.side)}::text[],
      ${lines.map((l) => l.amountWon)}::bigint[], ${lines.map((l) => l.obligationId)}::bigint[])`.execute(tx);
  return ids;
}

/**
 * Balances on each account's normal side, from the running totals the journal's insert trigger keeps
 * (`ledger_balances`, migration 0013); an account without lines has none and holds zero.
 */
async function normalBalances(db: Executor, accountIds: readonly bigint[]): Promise<Map<bigint, bigint>> {
  const { rows } = await sql<{ id: bigint; kind: LedgerAccountKind; debit_won: bigint; credit_won: bigint }>`
    select a.id, a.kind, b.debit_won, b.credit_won
    from ledger_accounts a join ledger_balances b on b.account_id = a.id
    where a.id = any(${accountIds}::bigint[])`.execute(db);
  return new Map(
    rows.map((row) => [
      row.id,
      normalSideOf(row.kind) === 'debit' ? row.debit_won - row.credit_won : row.credit_won - row.debit_won,
    ]),
  );
}

/** The overpayment findings recorded against each account: what a payable may be below zero by. */
async function findingsOf(db: Executor, accountIds: readonly bigint[]): Promise<Map<bigint, bigint>> {
  const { rows } = await sql<{ id: bigint; findings: bigint }>`
    select account_id as id, sum(amount_won)::bigint as findings from overpayment_findings
    where account_id = any(${accountIds}::bigint[]) group by account_id`.execute(db);
  return new Map(rows.map((row) => [row.id, row.findings]));
}

export type ReverseResult =
  | { readonly result: 'reversed'; readonly entryIds: readonly bigint[] }
  | { readonly result: 'not_found'; readonly entryId: bigint }
  | { readonly result: 'already_reversed'; readonly entryId: bigint }
  | { readonly result: 'cannot_reverse_reversal'; readonly entryId: bigint }
  | Exclude<PostResult, { result: 'posted' }>;

/**
 * Corrects entries the only way the ledger allows: a new entry that mirrors each one, dated `effectiveOn`
 * (the day of the correction), naming the entry it reverses. An entry is reversed at most once; a reversal is
 * not itself reversed (post the movement again instead).
 */
export async function reverseEntries(
  tx: Tx,
  entryIds: readonly bigint[],
  correction: Posting & { readonly effectiveOn: CivilDate; readonly memo?: string },
): Promise<ReverseResult> {
  if (entryIds.length === 0) return { result: 'reversed', entryIds: [] };
  const unique = [...new Set(entryIds)];
  const entries = await tx
    .selectFrom('journal_entries')
    .select(['id', 'contract_id', 'kind', 'claim_id'])
    .where('id', 'in', unique)
    .execute();
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  for (const id of unique) {
    const entry = byId.get(id);
    if (!entry) return { result: 'not_found', entryId: id };
    if (entry.kind === 'reversal') return { result: 'cannot_reverse_reversal', entryId: id };
  }
  const reversed = await tx
    .selectFrom('journal_entries')
    .select('reverses_entry_id')
    .where('reverses_entry_id', 'in', unique)
    .executeTakeFirst();
  if (reversed?.reverses_entry_id) return { result: 'already_reversed', entryId: reversed.reverses_entry_id };
  const lines = await tx
    .selectFrom('journal_lines')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_lines.account_id')
    .select([
      'journal_lines.entry_id',
      'journal_lines.side',
      'journal_lines.amount_won',
      'journal_lines.obligation_id',
      'ledger_accounts.kind',
      'ledger_accounts.purpose',
      'ledger_accounts.payee_account_id',
    ])
    .where('journal_lines.entry_id', 'in', unique)
    .orderBy('journal_lines.id')
    .execute();
  const linesByEntry = new Map<bigint, PostingLine[]>();
  for (const line of lines) {
    const list = linesByEntry.get(line.entry_id) ?? [];
    list.push({
      account: accountKeyOf(line),
      side: line.side,
      amountWon: line.amount_won,
      ...(line.obligation_id === null ? {} : { obligationId: line.obligation_id }),
    });
    linesByEntry.set(line.entry_id, list);
  }
  const drafts: EntryDraft[] = unique.map((id) => {
    const entry = byId.get(id)!;
    return {
      contractId: entry.contract_id,
      kind: 'reversal',
      effectiveOn: correction.effectiveOn,
      reversesEntryId: id,
      ...(entry.claim_id === null ? {} : { claimId: entry.claim_id }),
      memo: correction.memo ?? `reverses entry ${id}`,
      lines: mirroredLines(linesByEntry.get(id) ?? []),
    };
  });
  const posted = await postEntries(tx, drafts, correction);
  return posted.result === 'posted' ? { result: 'reversed', entryIds: posted.entryIds } : posted;
}

export function accountKeyOf(row: {
  kind: LedgerAccountKind;
  purpose: Purpose | null;
  payee_account_id: bigint | null;
}): LedgerAccountKey {
  switch (row.kind) {
    case 'dedicated':
      assert(row.purpose !== null);
      return { kind: 'dedicated', purpose: row.purpose };
    case 'payable':
    case 'payee_received':
    case 'lender_funding':
    case 'loan_advanced':
      assert(row.payee_account_id !== null);
      return { kind: row.kind, payeeAccountId: row.payee_account_id };
    default:
      return { kind: row.kind };
  }
}

export type AccountBalance = {
  readonly accountId: bigint;
  readonly contractId: bigint;
  readonly kind: LedgerAccountKind;
  readonly purpose: Purpose | null;
  readonly payeeAccountId: bigint | null;
  readonly debitWon: bigint;
  readonly creditWon: bigint;
  /** On the account's normal side: positive when it holds (or is owed) money as it should. */
  readonly balanceWon: bigint;
};

/** Every account of a contract with its derived balance: balances are sums of journal lines, never stored. */
export async function contractBalances(db: Executor, contractId: bigint): Promise<AccountBalance[]> {
  const rows = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin('journal_lines as l', 'l.account_id', 'a.id')
    .select([
      'a.id',
      'a.contract_id',
      'a.kind',
      'a.purpose',
      'a.payee_account_id',
      sql<bigint>`coalesce(sum(l.amount_won) filter (where l.side = 'debit'), 0)::bigint`.as('debits'),
      sql<bigint>`coalesce(sum(l.amount_won) filter (where l.side = 'credit'), 0)::bigint`.as('credits'),
    ])
    .where('a.contract_id', '=', contractId)
    .groupBy(['a.id', 'a.contract_id', 'a.kind', 'a.purpose', 'a.payee_account_id'])
    .orderBy('a.id')
    .execute();
  return rows.map((row) => ({
    accountId: row.id,
    contractId: row.contract_id,
    kind: row.kind,
    purpose: row.purpose,
    payeeAccountId: row.payee_account_id,
    debitWon: row.debits,
    creditWon: row.credits,
    balanceWon: normalSideOf(row.kind) === 'debit' ? row.debits - row.credits : row.credits - row.debits,
  }));
}
