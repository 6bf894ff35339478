import { type RawBuilder, sql } from 'kysely';
import { type Caller, isFirmCaller, seesEverything } from '../auth/caller.ts';

/**
 * Who sees which findings, obligations and messages, as one SQL condition on a row's `contract_id`, `payee_kind`
 * and `payee_id` columns (under `alias`): admins and auditors everything; officials their buyer's contracts; a
 * bank the contracts it holds dedicated accounts for; the prime its contracts and what pays it; a subcontractor,
 * supplier or worker only what pays them. Scoping in the query, so a list cannot leak a row.
 */
export function rowVisible(
  caller: Caller,
  alias: string,
  columns: { payeeKind: string; payeeId: string } = { payeeKind: 'payee_kind', payeeId: 'payee_id' },
): RawBuilder<boolean> {
  const contract = sql.ref(`${alias}.contract_id`);
  const payeeKind = sql.ref(`${alias}.${columns.payeeKind}`);
  const payeeId = sql.ref(`${alias}.${columns.payeeId}`);
  if (seesEverything(caller)) return sql<boolean>`true`;
  switch (caller.role) {
    case 'official':
      return sql<boolean>`exists (select 1 from contracts c where c.id = ${contract} and c.buyer_id = ${caller.buyerId})`;
    case 'bank':
      return sql<boolean>`exists (select 1 from dedicated_accounts d join banks b on b.code = d.bank_code
        where d.contract_id = ${contract} and b.id = ${caller.bankId})`;
    case 'worker':
      return sql<boolean>`(${payeeKind} = 'worker' and ${payeeId} = ${caller.workerId})`;
    default:
      break;
  }
  if (isFirmCaller(caller)) {
    const own = sql<boolean>`(${payeeKind} = 'firm' and ${payeeId} = ${caller.firmId})`;
    if (caller.role !== 'prime') return own;
    return sql<boolean>`(${own} or exists (select 1 from contracts c where c.id = ${contract} and c.prime_firm_id = ${caller.firmId}))`;
  }
  return sql<boolean>`false`;
}
