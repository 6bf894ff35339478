import { sql } from 'kysely';
import type { Executor, Tx } from '../db/database.ts';
import type { ClaimLineKind, ClaimStatus, ClaimTransitionsTable, Purpose } from '../db/schema.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import type { ClaimDraft, ClaimedShare, ClaimFacts, ResolvedLine } from './claim.ts';

/**
 * The SQL of claims: loading the facts a claim is validated against, writing its lines and its transitions.
 * Every statement is set-based: a claim of thousands of lines is a handful of round trips.
 */

/** The contract, locked for the rest of the transaction: claims of one contract are decided one at a time. */
export async function lockContract(tx: Tx, contractId: bigint) {
  const { rows } = await sql<{
    id: bigint;
    buyer_id: bigint;
    prime_firm_id: bigint;
    contract_number: string;
    amount_won: bigint;
    advance_won: bigint;
    starts_on: string;
    ends_on: string;
    payment_flow: string;
  }>`select id, buyer_id, prime_firm_id, contract_number, amount_won, advance_won, starts_on, ends_on, payment_flow
     from contracts where id = ${contractId} for update`.execute(tx);
  return rows[0];
}

export type LockedContract = NonNullable<Awaited<ReturnType<typeof lockContract>>>;

/** Everything `validateClaim` needs about one contract, excluding the claim being resubmitted. */
export async function loadClaimFacts(
  tx: Tx,
  contract: LockedContract,
  draft: ClaimDraft,
  today: CivilDate,
  excludeClaimId: bigint | null,
): Promise<ClaimFacts> {
  const contractId = contract.id;
  const exclude = excludeClaimId ?? 0n;
  const [dedicated, subcontracts, supplies, engagements, earlier, periods] = await Promise.all([
    tx.selectFrom('dedicated_accounts').select('purpose').where('contract_id', '=', contractId).execute(),
    tx
      .selectFrom('subcontracts')
      .select(['id', 'firm_id', 'parent_subcontract_id', 'amount_won', 'payee_account_id'])
      .where('contract_id', '=', contractId)
      .execute(),
    tx
      .selectFrom('supply_contracts')
      .select(['id', 'firm_id', 'subcontract_id', 'amount_won', 'payee_account_id'])
      .where('contract_id', '=', contractId)
      .execute(),
    tx
      .selectFrom('worker_engagements')
      .select(['id', 'worker_id', 'employer_firm_id', 'subcontract_id', 'daily_wage_won', 'payee_account_id'])
      .where('contract_id', '=', contractId)
      .where(
        'id',
        '=',
        sql<bigint>`any(${draft.lines.flatMap((line) => (line.workerEngagementId === undefined ? [] : [line.workerEngagementId]))}::bigint[])`,
      )
      .execute(),
    sql<{ kind: ClaimLineKind; subcontract_id: bigint | null; supply_contract_id: bigint | null; amount_won: bigint }>`
      select l.kind, coalesce(l.subcontract_id, we.subcontract_id, sc.subcontract_id) as subcontract_id,
             l.supply_contract_id, sum(l.amount_won)::bigint as amount_won
      from claims c
      join claim_lines l on l.claim_id = c.id and l.claim_version = c.version
      left join worker_engagements we on we.id = l.worker_engagement_id
      left join supply_contracts sc on sc.id = l.supply_contract_id
      where c.contract_id = ${contractId} and c.id <> ${exclude} and c.status <> 'rejected'
      group by 1, 2, 3`.execute(tx),
    tx
      .selectFrom('claims')
      .select(['period_start', 'period_end'])
      .where('contract_id', '=', contractId)
      .where('id', '<>', exclude)
      .execute(),
  ]);
  const accountIds = new Set<bigint>();
  for (const line of draft.lines) if (line.payeeAccountId !== undefined) accountIds.add(line.payeeAccountId);
  for (const row of [...subcontracts, ...supplies, ...engagements]) {
    if (row.payee_account_id !== null) accountIds.add(row.payee_account_id);
  }
  const accounts = await tx
    .selectFrom('payee_accounts')
    .select(['id', 'owner_kind', 'owner_id', 'verification'])
    .where('id', '=', sql<bigint>`any(${[...accountIds]}::bigint[])`)
    .execute();
  const earlierShares: ClaimedShare[] = earlier.rows.map((row) => ({
    kind: row.kind,
    subcontractId: row.subcontract_id,
    supplyContractId: row.supply_contract_id,
    amountWon: row.amount_won,
  }));
  return {
    today,
    contract: {
      id: contractId,
      primeFirmId: contract.prime_firm_id,
      amountWon: contract.amount_won,
      advanceWon: contract.advance_won,
      startsOn: civilDate(contract.starts_on),
      endsOn: civilDate(contract.ends_on),
    },
    dedicatedPurposes: new Set(dedicated.map((row) => row.purpose)),
    subcontracts: new Map(
      subcontracts.map((row) => [
        row.id,
        {
          firmId: row.firm_id,
          parentId: row.parent_subcontract_id,
          amountWon: row.amount_won,
          payeeAccountId: row.payee_account_id,
        },
      ]),
    ),
    supplyContracts: new Map(
      supplies.map((row) => [
        row.id,
        {
          firmId: row.firm_id,
          subcontractId: row.subcontract_id,
          amountWon: row.amount_won,
          payeeAccountId: row.payee_account_id,
        },
      ]),
    ),
    engagements: new Map(
      engagements.map((row) => [
        row.id,
        {
          workerId: row.worker_id,
          employerFirmId: row.employer_firm_id,
          subcontractId: row.subcontract_id,
          dailyWageWon: row.daily_wage_won,
          payeeAccountId: row.payee_account_id,
        },
      ]),
    ),
    payeeAccounts: new Map(
      accounts.map((row) => [
        row.id,
        { ownerKind: row.owner_kind, ownerId: row.owner_id, verified: row.verification === 'verified' },
      ]),
    ),
    earlierShares,
    otherPeriods: periods.map((row) => ({ start: civilDate(row.period_start), end: civilDate(row.period_end) })),
  };
}

/** Writes one version of a claim's lines in one statement. */
export async function insertClaimLines(
  tx: Tx,
  claim: { id: bigint; contractId: bigint; version: number },
  lines: readonly ResolvedLine[],
): Promise<void> {
  const column = <T>(pick: (line: ResolvedLine) => T) => lines.map(pick);
  await sql`
    insert into claim_lines (contract_id, claim_id, claim_version, line_no, kind, subcontract_id, supply_contract_id,
      worker_engagement_id, worker_id, employer_firm_id, payee_kind, payee_id, payee_account_id, days_worked,
      daily_wage_won, amount_won, delivered_on)
    select ${claim.contractId}, ${claim.id}, ${claim.version}, line_no, kind, subcontract_id, supply_contract_id,
      worker_engagement_id, worker_id, employer_firm_id, payee_kind, payee_id, payee_account_id, days_worked,
      daily_wage_won, amount_won, delivered_on
    from unnest(
      ${lines.map((_, index) => index + 1)}::int[], ${column((l) => l.kind)}::text[],
      ${column((l) => l.subcontractId)}::bigint[], ${column((l) => l.supplyContractId)}::bigint[],
      ${column((l) => l.workerEngagementId)}::bigint[], ${column((l) => l.workerId)}::bigint[],
      ${column((l) => l.employerFirmId)}::bigint[], ${column((l) => l.payeeKind)}::text[],
      ${column((l) => l.payeeId)}::bigint[], ${column((l) => l.payeeAccountId)}::bigint[],
      ${column((l) => l.daysWorked)}::int[], ${column((l) => l.dailyWageWon)}::bigint[],
      ${column((l) => l.amountWon)}::bigint[], ${column((l) => l.deliveredOn)}::date[]
    ) as l(line_no, kind, subcontract_id, supply_contract_id, worker_engagement_id, worker_id, employer_firm_id,
           payee_kind, payee_id, payee_account_id, days_worked, daily_wage_won, amount_won, delivered_on)`.execute(tx);
}

export type TransitionRecord = {
  readonly contractId: bigint;
  readonly claimId: bigint;
  readonly claimVersion: number;
  readonly action: ClaimTransitionsTable['action'];
  readonly from: ClaimStatus | null;
  readonly to: ClaimStatus;
  readonly actor: string;
  readonly at: Date;
  readonly reasonCode?: string;
  readonly note?: string;
  readonly rejectedLines?: readonly { lineId: string; reasonCode: string; note?: string }[];
};

export async function insertTransition(tx: Tx, record: TransitionRecord): Promise<void> {
  await tx
    .insertInto('claim_transitions')
    .values({
      contract_id: record.contractId,
      claim_id: record.claimId,
      claim_version: record.claimVersion,
      action: record.action,
      from_status: record.from,
      to_status: record.to,
      actor: record.actor,
      at: record.at,
      reason_code: record.reasonCode ?? null,
      note: record.note ?? null,
      rejected_lines: record.rejectedLines ? JSON.stringify(record.rejectedLines) : null,
    })
    .execute();
}

/** A claim row, locked for the transaction (its contract is locked first, always in that order). */
export async function lockClaim(tx: Tx, claimId: bigint) {
  const claim = await tx.selectFrom('claims').select('contract_id').where('id', '=', claimId).executeTakeFirst();
  if (!claim) return undefined;
  const contract = await lockContract(tx, claim.contract_id);
  const row = await tx.selectFrom('claims').selectAll().where('id', '=', claimId).forUpdate().executeTakeFirst();
  return row && contract ? { claim: row, contract } : undefined;
}

/** The current version's lines of a claim, in line order. */
export function currentLines(db: Executor, claimId: bigint, version: number) {
  return db
    .selectFrom('claim_lines')
    .selectAll()
    .where('claim_id', '=', claimId)
    .where('claim_version', '=', version)
    .orderBy('line_no')
    .execute();
}

export type DedicatedPurposeRow = { purpose: Purpose };
