import { sql } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Executor } from '../db/database.ts';
import type { HadoEvent } from './event-bus.ts';

/** How a caller stands to one contract, as far as live events go. */
export type ContractRelation = {
  readonly buyerId: bigint;
  readonly primeFirmId: bigint;
  readonly bankIds: readonly bigint[];
};

/**
 * Whether a caller's stream carries an event. Contract-wide callers (the buyer's officials, the prime, admins and
 * auditors) see every event of their contracts; a bank sees movements on contracts it holds accounts for; a payee
 * (subcontractor, supplier, worker) sees only events about its own obligations and messages. Pure.
 */
export function eventVisibleTo(caller: Caller, event: HadoEvent, relation: ContractRelation | undefined): boolean {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
      return true;
    case 'official':
      return relation !== undefined && relation.buyerId === caller.buyerId;
    case 'prime':
      if (relation !== undefined && relation.primeFirmId === caller.firmId) return true;
      return event.payees.includes(`firm:${caller.firmId}`);
    case 'subcontractor':
    case 'supplier':
      return event.type !== 'movements' && event.payees.includes(`firm:${caller.firmId}`);
    case 'worker':
      return event.type !== 'movements' && event.payees.includes(`worker:${caller.workerId}`);
    case 'bank':
      return event.type === 'movements' && relation !== undefined && relation.bankIds.includes(caller.bankId);
    case 'public':
      return false;
  }
}

/** Which callers need the contract's relation to decide (the others decide from the event alone). */
export const needsRelation = (caller: Caller): boolean =>
  caller.role === 'official' || caller.role === 'prime' || caller.role === 'bank';

export async function loadContractRelation(db: Executor, contractId: bigint): Promise<ContractRelation | undefined> {
  const contract = await db
    .selectFrom('contracts')
    .select(['buyer_id', 'prime_firm_id'])
    .where('id', '=', contractId)
    .executeTakeFirst();
  if (!contract) return undefined;
  const banks = await db
    .selectFrom('dedicated_accounts')
    .innerJoin('banks', 'banks.code', 'dedicated_accounts.bank_code')
    .select(sql<bigint>`distinct banks.id`.as('bank_id'))
    .where('dedicated_accounts.contract_id', '=', contractId)
    .execute();
  return { buyerId: contract.buyer_id, primeFirmId: contract.prime_firm_id, bankIds: banks.map((row) => row.bank_id) };
}
