import { sql } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Executor } from '../db/database.ts';
import type { ClaimStatus } from '../db/schema.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import { maskAccountNumber } from '../kernel/identifiers.ts';
import { loadRuleTable } from '../rules/index.ts';
import { claimVisible, payeeOf, seesWholeDivision } from './claim-scope.ts';
import { judgeObligation, type ObligationJudgement } from './obligations.ts';

/**
 * What people read about claims: lists and details scoped to the caller, each obligation with its payments,
 * and the payment verification that replaces paper proofs (DESIGN §2 step 8).
 */

export async function listClaims(
  db: Executor,
  caller: Caller,
  filter: { contractId?: bigint; status?: ClaimStatus; limit: number; after?: bigint },
) {
  return db
    .selectFrom('claims')
    .selectAll()
    .where(claimVisible(caller))
    .$if(filter.contractId !== undefined, (q) => q.where('contract_id', '=', filter.contractId!))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
    .$if(filter.after !== undefined, (q) => q.where('id', '>', filter.after!))
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}

export async function visibleClaim(db: Executor, caller: Caller, claimId: bigint) {
  return db.selectFrom('claims').selectAll().where('id', '=', claimId).where(claimVisible(caller)).executeTakeFirst();
}

/** A claim's lines of one version with their payees; only the caller's own lines unless it sees the division. */
export async function claimLines(
  db: Executor,
  caller: Caller,
  claim: { id: bigint; contract_id: bigint },
  version: number,
) {
  const whole = await seesWholeDivision(db, caller, claim.contract_id);
  const payee = payeeOf(caller);
  const rows = await db
    .selectFrom('claim_lines as l')
    .innerJoin('payee_accounts as pa', 'pa.id', 'l.payee_account_id')
    .leftJoin('firms as f', (join) => join.onRef('f.id', '=', 'l.payee_id').on('l.payee_kind', '=', 'firm'))
    .leftJoin('workers as w', (join) => join.onRef('w.id', '=', 'l.payee_id').on('l.payee_kind', '=', 'worker'))
    .selectAll('l')
    .select(['pa.bank_code', 'pa.account_number', 'f.name as firm_name', 'w.name as worker_name'])
    .where('l.claim_id', '=', claim.id)
    .where('l.claim_version', '=', version)
    .$if(!whole, (q) =>
      payee ? q.where('l.payee_kind', '=', payee.kind).where('l.payee_id', '=', payee.id) : q.where(sql.lit(false)),
    )
    .orderBy('l.line_no')
    .execute();
  return rows.map((row) => ({
    ...row,
    payee_name: row.firm_name ?? row.worker_name ?? null,
    account_masked: maskAccountNumber(row.account_number),
  }));
}

export async function claimTransitions(db: Executor, claimId: bigint) {
  return db.selectFrom('claim_transitions').selectAll().where('claim_id', '=', claimId).orderBy('id').execute();
}

export type ObligationView = {
  readonly id: bigint;
  readonly contractId: bigint;
  readonly claimId: bigint;
  readonly claimLineId: bigint;
  readonly kind: string;
  readonly payeeKind: 'firm' | 'worker';
  readonly payeeId: bigint;
  readonly payeeName: string | null;
  readonly payeeAccountId: bigint;
  readonly accountMasked: string;
  readonly amountWon: bigint;
  readonly paidWon: bigint;
  readonly paidOn: string | null;
  readonly dueOn: string;
  readonly dueBasis: string;
  readonly ruleVersionId: bigint | null;
  readonly status: 'held' | 'open';
  readonly judgement: ObligationJudgement;
  readonly outstandingWon: bigint;
  readonly overpaidWon: bigint;
  readonly daysLate: number;
  readonly delayInterestWon: bigint;
};

/**
 * Obligations of a claim (or of every visible claim of a contract) with how each stands on `today`: paid on
 * time or late, not yet due or overdue, with delay interest. Payments are read from the ledger, one query.
 */
export async function obligationViews(
  db: Executor,
  caller: Caller,
  filter: { claimId?: bigint; contractId?: bigint; limit: number; after?: bigint },
  today: CivilDate,
): Promise<ObligationView[]> {
  const payee = payeeOf(caller);
  const rows = await db
    .selectFrom('obligations as o')
    .innerJoin('claims', 'claims.id', 'o.claim_id')
    .innerJoin('payee_accounts as pa', 'pa.id', 'o.payee_account_id')
    .leftJoin('firms as f', (join) => join.onRef('f.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'firm'))
    .leftJoin('workers as w', (join) => join.onRef('w.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'worker'))
    .selectAll('o')
    .select(['pa.account_number', 'f.name as firm_name', 'w.name as worker_name'])
    .where((eb) => claimVisible(caller)(eb as never))
    .where((eb) => {
      if (!payee) return eb.lit(true);
      // A firm that is the contract's prime sees every obligation; anyone else only those that pay it.
      const own = eb.and([eb('o.payee_kind', '=', payee.kind), eb('o.payee_id', '=', payee.id)]);
      if (payee.kind === 'worker') return own;
      return eb.or([
        own,
        eb.exists(
          eb
            .selectFrom('contracts')
            .select(sql.lit(1).as('one'))
            .whereRef('contracts.id', '=', 'o.contract_id')
            .where('contracts.prime_firm_id', '=', payee.id),
        ),
      ]);
    })
    .$if(filter.claimId !== undefined, (q) => q.where('o.claim_id', '=', filter.claimId!))
    .$if(filter.contractId !== undefined, (q) => q.where('o.contract_id', '=', filter.contractId!))
    .$if(filter.after !== undefined, (q) => q.where('o.id', '>', filter.after!))
    .orderBy('o.id')
    .limit(filter.limit + 1)
    .execute();
  if (rows.length === 0) return [];
  const { rows: movements } = await sql<{ obligation_id: bigint; on: string; amount: bigint }>`
    select l.obligation_id, e.effective_on as on,
      sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end)::bigint as amount
    from journal_lines l
    join ledger_accounts a on a.id = l.account_id and a.kind = 'payee_received'
    join journal_entries e on e.id = l.entry_id
    where l.obligation_id = any(${rows.map((row) => row.id)}::bigint[])
    group by l.obligation_id, e.effective_on`.execute(db);
  const byObligation = new Map<bigint, { on: CivilDate; amountWon: bigint }[]>();
  for (const movement of movements) {
    const list = byObligation.get(movement.obligation_id) ?? [];
    list.push({ on: civilDate(movement.on), amountWon: movement.amount });
    byObligation.set(movement.obligation_id, list);
  }
  const rules = await loadRuleTable(db);
  return rows.map((row) => {
    const verdict = judgeObligation(
      {
        amountWon: row.amount_won,
        dueOn: civilDate(row.due_on),
        status: row.status,
        statutory: row.due_basis !== 'on_payment',
        movements: byObligation.get(row.id) ?? [],
      },
      today,
      rules,
    );
    return {
      id: row.id,
      contractId: row.contract_id,
      claimId: row.claim_id,
      claimLineId: row.claim_line_id,
      kind: row.kind,
      payeeKind: row.payee_kind,
      payeeId: row.payee_id,
      payeeName: row.firm_name ?? row.worker_name ?? null,
      payeeAccountId: row.payee_account_id,
      accountMasked: maskAccountNumber(row.account_number),
      amountWon: row.amount_won,
      paidWon: row.paid_won,
      paidOn: row.paid_on,
      dueOn: row.due_on,
      dueBasis: row.due_basis,
      ruleVersionId: row.rule_version_id,
      status: row.status,
      judgement: verdict.judgement,
      outstandingWon: verdict.outstandingWon,
      overpaidWon: verdict.overpaidWon,
      daysLate: verdict.daysLate,
      delayInterestWon: verdict.delayInterestWon,
    };
  });
}

export type VerificationSummary = {
  readonly obligations: number;
  readonly paidOnTime: number;
  readonly paidLate: number;
  readonly notYetDue: number;
  readonly overdue: number;
  readonly held: number;
  readonly owedWon: bigint;
  readonly paidWon: bigint;
  readonly delayInterestWon: bigint;
  /** True when every obligation was paid in full by its due date. */
  readonly allPaidOnTime: boolean;
};

export function summarise(views: readonly ObligationView[]): VerificationSummary {
  const count = (judgement: ObligationJudgement) => views.filter((view) => view.judgement === judgement).length;
  let owed = 0n;
  let paid = 0n;
  let interest = 0n;
  for (const view of views) {
    owed += view.amountWon;
    paid += view.paidWon;
    interest += view.delayInterestWon;
  }
  return {
    obligations: views.length,
    paidOnTime: count('paid_on_time'),
    paidLate: count('paid_late'),
    notYetDue: count('not_yet_due'),
    overdue: count('overdue'),
    held: count('held'),
    owedWon: owed,
    paidWon: paid,
    delayInterestWon: interest,
    allPaidOnTime: views.length > 0 && views.every((view) => view.judgement === 'paid_on_time'),
  };
}

/** The contract's latest paid (or awaiting-release) claim before this one, if any. */
export async function previousPaidClaim(db: Executor, claim: { contract_id: bigint; sequence: number }) {
  return db
    .selectFrom('claims')
    .selectAll()
    .where('contract_id', '=', claim.contract_id)
    .where('sequence', '<', claim.sequence)
    .where('status', 'in', ['paid', 'awaiting_release'])
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
}
