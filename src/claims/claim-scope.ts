import { type ExpressionBuilder, sql } from 'kysely';
import { type Caller, isFirmCaller, seesEverything } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';

/**
 * Who sees which claims, lines and obligations, as SQL conditions: officials their buyer's, the prime its
 * contracts' (every line), a bank the contracts whose dedicated accounts it holds, and subcontractors,
 * suppliers and workers only the lines and obligations that pay them.
 */
export function claimVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'claims'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    const contract = (column: 'contracts.buyer_id' | 'contracts.prime_firm_id', value: bigint) =>
      eb.exists(
        eb
          .selectFrom('contracts')
          .select(sql.lit(1).as('one'))
          .whereRef('contracts.id', '=', 'claims.contract_id')
          .where(column, '=', value),
      );
    if (caller.role === 'official') return contract('contracts.buyer_id', caller.buyerId);
    if (caller.role === 'bank') {
      return eb.exists(
        eb
          .selectFrom('dedicated_accounts')
          .innerJoin('banks', 'banks.code', 'dedicated_accounts.bank_code')
          .select(sql.lit(1).as('one'))
          .whereRef('dedicated_accounts.contract_id', '=', 'claims.contract_id')
          .where('banks.id', '=', caller.bankId),
      );
    }
    const payee = isFirmCaller(caller)
      ? { kind: 'firm' as const, id: caller.firmId }
      : caller.role === 'worker'
        ? { kind: 'worker' as const, id: caller.workerId }
        : undefined;
    if (!payee) return eb.lit(false);
    const paysCaller = eb.exists(
      eb
        .selectFrom('claim_lines')
        .select(sql.lit(1).as('one'))
        .whereRef('claim_lines.claim_id', '=', 'claims.id')
        .where('claim_lines.payee_kind', '=', payee.kind)
        .where('claim_lines.payee_id', '=', payee.id),
    );
    if (payee.kind === 'worker') return paysCaller;
    return eb.or([contract('contracts.prime_firm_id', payee.id), paysCaller]);
  };
}

/** Whether the caller sees every line of a claim it sees (else only the lines that pay it). */
export async function seesWholeDivision(
  db: import('../db/database.ts').Executor,
  caller: Caller,
  contractId: bigint,
): Promise<boolean> {
  if (seesEverything(caller) || caller.role === 'official' || caller.role === 'bank') return true;
  if (!isFirmCaller(caller)) return false;
  const contract = await db
    .selectFrom('contracts')
    .select('id')
    .where('id', '=', contractId)
    .where('prime_firm_id', '=', caller.firmId)
    .executeTakeFirst();
  return contract !== undefined;
}

/** The payee a caller is, when it sees only its own lines. */
export function payeeOf(caller: Caller): { kind: 'firm' | 'worker'; id: bigint } | undefined {
  if (isFirmCaller(caller)) return { kind: 'firm', id: caller.firmId };
  if (caller.role === 'worker') return { kind: 'worker', id: caller.workerId };
  return undefined;
}
