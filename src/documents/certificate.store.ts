import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import { payeeOf, seesWholeDivision } from '../claims/claim-scope.ts';
import type { Db, Executor } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import { certificateLinesMax } from '../kernel/limits.ts';
import type { CertificateFacts, CertificateLine, CertificatePayment, CertificateScope } from './certificate.ts';

/** The scope a caller's certificate covers: the whole division if the caller sees it, else its own lines. */
export async function scopeFor(db: Executor, caller: Caller, contractId: bigint): Promise<CertificateScope> {
  if (await seesWholeDivision(db, caller, contractId)) return { kind: 'all' };
  const payee = payeeOf(caller);
  assert(payee, 'a caller who sees a claim sees its division or is one of its payees');
  return { kind: payee.kind, id: payee.id };
}

/**
 * The facts of a claim's certificate for a scope, read set-based from the records: the claim, its contract,
 * buyer and prime, and each obligation with its payments (from the ledger) and bank references (from the
 * reconciled bank movements). Workers are counted per employer, never named.
 */
export async function certificateFacts(
  db: Executor,
  claimId: bigint,
  scope: CertificateScope,
): Promise<CertificateFacts | undefined> {
  const head = await db
    .selectFrom('claims')
    .innerJoin('contracts', 'contracts.id', 'claims.contract_id')
    .innerJoin('buyers', 'buyers.id', 'contracts.buyer_id')
    .innerJoin('firms as prime', 'prime.id', 'contracts.prime_firm_id')
    .select([
      'claims.id',
      'claims.sequence',
      'claims.version',
      'claims.period_start',
      'claims.period_end',
      'claims.total_won',
      'claims.status',
      'claims.paid_on',
      'contracts.contract_number',
      'contracts.title',
      'contracts.site',
      'buyers.name as buyer_name',
      'prime.name as prime_name',
    ])
    .where('claims.id', '=', claimId)
    .executeTakeFirst();
  if (!head) return undefined;
  const obligations = await db
    .selectFrom('obligations as o')
    .innerJoin('claim_lines as l', 'l.id', 'o.claim_line_id')
    .leftJoin('firms as payee', (join) => join.onRef('payee.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'firm'))
    .leftJoin('firms as employer', 'employer.id', 'l.employer_firm_id')
    .select([
      'o.id',
      'o.kind',
      'o.payee_kind',
      'o.payee_id',
      'o.amount_won',
      'o.due_on',
      'payee.name as payee_name',
      'employer.name as employer_name',
    ])
    .where('o.claim_id', '=', claimId)
    .$if(scope.kind !== 'all', (q) =>
      q
        .where('o.payee_kind', '=', (scope as { kind: 'firm' | 'worker' }).kind)
        .where('o.payee_id', '=', (scope as { id: bigint }).id),
    )
    .orderBy('o.id')
    .limit(certificateLinesMax + 1)
    .execute();
  assert(obligations.length <= certificateLinesMax, `claim ${claimId} has more obligations than a certificate prints`);
  const ids = obligations.map((row) => row.id);
  const payments =
    ids.length === 0
      ? []
      : (
          await sql<{ obligation_id: bigint; on: string; amount: bigint }>`
            select l.obligation_id, e.effective_on as on,
              sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end)::bigint as amount
            from journal_lines l
            join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
            join journal_entries e on e.id = l.entry_id
            where l.obligation_id = any(${ids}::bigint[])
            group by l.obligation_id, e.effective_on
            order by l.obligation_id, e.effective_on`.execute(db)
        ).rows;
  const references =
    ids.length === 0
      ? []
      : await db
          .selectFrom('bank_movements')
          .select([
            'obligation_id',
            sql<string>`coalesce(bank_reference, end_to_end_id, entry_reference)`.as('reference'),
          ])
          .where('obligation_id', 'in', ids)
          .where('booked', '=', true)
          .orderBy('obligation_id')
          .orderBy('id')
          .execute();
  const paymentsOf = new Map<bigint, CertificatePayment[]>();
  for (const row of payments) {
    if (row.amount === 0n) continue;
    const list = paymentsOf.get(row.obligation_id) ?? [];
    list.push({ on: row.on, amountWon: row.amount });
    paymentsOf.set(row.obligation_id, list);
  }
  const referencesOf = new Map<bigint, string[]>();
  for (const row of references) {
    if (row.obligation_id === null || !row.reference) continue;
    const list = referencesOf.get(row.obligation_id) ?? [];
    if (!list.includes(row.reference)) list.push(row.reference);
    referencesOf.set(row.obligation_id, list);
  }
  return {
    claimId: head.id,
    scope,
    buyer: head.buyer_name,
    contract: { number: head.contract_number, title: head.title, site: head.site },
    prime: head.prime_name,
    claim: {
      sequence: head.sequence,
      version: head.version,
      periodStart: head.period_start,
      periodEnd: head.period_end,
      totalWon: head.total_won,
      status: head.status,
      buyerPaidOn: head.paid_on,
    },
    lines: linesOf(obligations, paymentsOf, referencesOf),
  };
}

type ObligationRow = {
  id: bigint;
  kind: string;
  payee_kind: 'firm' | 'worker';
  payee_id: bigint;
  amount_won: bigint;
  due_on: string;
  payee_name: string | null;
  employer_name: string | null;
};

/** Firms one line per obligation; workers one line per employer and due date, counted, never named. */
function linesOf(
  rows: readonly ObligationRow[],
  paymentsOf: ReadonlyMap<bigint, CertificatePayment[]>,
  referencesOf: ReadonlyMap<bigint, string[]>,
): CertificateLine[] {
  const lines: CertificateLine[] = [];
  const groups = new Map<string, { employer: string; dueOn: string; rows: ObligationRow[] }>();
  for (const row of rows) {
    const paid = (paymentsOf.get(row.id) ?? []).reduce((sum, payment) => sum + payment.amountWon, 0n);
    if (row.payee_kind === 'firm') {
      lines.push({
        payee: 'firm',
        name: row.payee_name ?? '',
        kind: row.kind,
        dueWon: row.amount_won,
        paidWon: paid,
        dueOn: row.due_on,
        payments: paymentsOf.get(row.id) ?? [],
        references: referencesOf.get(row.id) ?? [],
      });
      continue;
    }
    const key = `${row.employer_name ?? ''}|${row.due_on}`;
    const group = groups.get(key) ?? { employer: row.employer_name ?? '', dueOn: row.due_on, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const byDay = new Map<string, bigint>();
    let due = 0n;
    let paid = 0n;
    for (const row of group.rows) {
      due += row.amount_won;
      for (const payment of paymentsOf.get(row.id) ?? []) {
        paid += payment.amountWon;
        byDay.set(payment.on, (byDay.get(payment.on) ?? 0n) + payment.amountWon);
      }
    }
    lines.push({
      payee: 'workers',
      workers: new Set(group.rows.map((row) => row.payee_id)).size,
      employer: group.employer,
      dueWon: due,
      paidWon: paid,
      dueOn: group.dueOn,
      payments: [...byDay.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([on, amountWon]) => ({ on, amountWon })),
      // A worker's transfer reference would single out one worker's pay: the aggregate line carries none.
      references: [],
    });
  }
  return lines;
}

const secretSetting = 'certificate_hmac_key';

/**
 * The key certificates are signed with: HADO_CERTIFICATE_SECRET when set (every process of an installation
 * shares it), else a random key made on first use and kept in `settings`, so every process against the same
 * database signs and verifies alike. Verifying never creates it.
 */
export async function certificateSecret(
  db: Db,
  options: { create: boolean; now: Date },
): Promise<Uint8Array | undefined> {
  const fromEnv = process.env.HADO_CERTIFICATE_SECRET;
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const read = async (executor: Executor) => {
    const row = await executor
      .selectFrom('settings')
      .select('value')
      .where('key', '=', secretSetting)
      .executeTakeFirst();
    const key = (row?.value as { key?: string } | undefined)?.key;
    return key ? Buffer.from(key, 'base64url') : undefined;
  };
  const stored = await read(db);
  if (stored || !options.create) return stored;
  return auditedWrite(db, { label: 'system' }, options.now, async (tx) => {
    const inserted = await tx
      .insertInto('settings')
      .values({ key: secretSetting, value: JSON.stringify({ key: randomBytes(32).toString('base64url') }) })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    const key = await read(tx);
    assert(key, 'the certificate key exists once inserted');
    // The audit row says that the key was made, never the key.
    return {
      outcome: key,
      audit: inserted ? [{ action: 'certificate_key_created', entity: 'settings', entityId: secretSetting }] : [],
    };
  });
}
