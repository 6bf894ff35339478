import { type ExpressionBuilder, sql } from 'kysely';
import { type Caller, isFirmCaller, seesEverything } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';

/**
 * What each caller may see, as SQL conditions the queries carry: scoping happens in the database, so a
 * list can never leak a row that a later filter forgot.
 */

/** Contracts the caller is party to (a `where` on the `contracts` table). */
export function contractVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'contracts'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    if (caller.role === 'official') return eb('contracts.buyer_id', '=', caller.buyerId);
    if (isFirmCaller(caller)) {
      return eb.or([
        eb('contracts.prime_firm_id', '=', caller.firmId),
        eb.exists(
          eb
            .selectFrom('subcontracts')
            .select(sql.lit(1).as('one'))
            .whereRef('subcontracts.contract_id', '=', 'contracts.id')
            .where((inner) =>
              inner.or([
                inner('subcontracts.firm_id', '=', caller.firmId),
                inner('subcontracts.contractor_firm_id', '=', caller.firmId),
              ]),
            ),
        ),
        eb.exists(
          eb
            .selectFrom('supply_contracts')
            .select(sql.lit(1).as('one'))
            .whereRef('supply_contracts.contract_id', '=', 'contracts.id')
            .where('supply_contracts.firm_id', '=', caller.firmId),
        ),
      ]);
    }
    if (caller.role === 'bank') {
      return eb.exists(
        eb
          .selectFrom('dedicated_accounts')
          .innerJoin('banks', 'banks.code', 'dedicated_accounts.bank_code')
          .select(sql.lit(1).as('one'))
          .whereRef('dedicated_accounts.contract_id', '=', 'contracts.id')
          .where('banks.id', '=', caller.bankId),
      );
    }
    if (caller.role === 'worker') {
      return eb.exists(
        eb
          .selectFrom('worker_engagements')
          .select(sql.lit(1).as('one'))
          .whereRef('worker_engagements.contract_id', '=', 'contracts.id')
          .where('worker_engagements.worker_id', '=', caller.workerId),
      );
    }
    return eb.lit(false);
  };
}

/**
 * Subcontracts the caller may see: all of a visible contract for its buyer's officials and its prime; for
 * a subcontractor, the ones it holds or let (its own tier-2s), never its siblings'.
 */
export function subcontractVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'subcontracts'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    const ofVisibleContract = eb.exists(
      eb
        .selectFrom('contracts')
        .select(sql.lit(1).as('one'))
        .whereRef('contracts.id', '=', 'subcontracts.contract_id')
        .where((inner) => contractVisible(caller)(inner as never)),
    );
    if (caller.role === 'official' || caller.role === 'bank') return ofVisibleContract;
    if (isFirmCaller(caller)) {
      return eb.or([
        eb('subcontracts.firm_id', '=', caller.firmId),
        eb('subcontracts.contractor_firm_id', '=', caller.firmId),
        eb.exists(
          eb
            .selectFrom('contracts')
            .select(sql.lit(1).as('one'))
            .whereRef('contracts.id', '=', 'subcontracts.contract_id')
            .where('contracts.prime_firm_id', '=', caller.firmId),
        ),
      ]);
    }
    return eb.lit(false);
  };
}

/** Supply contracts: as subcontracts, with the supplier seeing only its own. */
export function supplyVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'supply_contracts'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    if (caller.role === 'official' || caller.role === 'bank') {
      return eb.exists(
        eb
          .selectFrom('contracts')
          .select(sql.lit(1).as('one'))
          .whereRef('contracts.id', '=', 'supply_contracts.contract_id')
          .where((inner) => contractVisible(caller)(inner as never)),
      );
    }
    if (isFirmCaller(caller)) {
      return eb.or([
        eb('supply_contracts.firm_id', '=', caller.firmId),
        eb('supply_contracts.buyer_firm_id', '=', caller.firmId),
        eb.exists(
          eb
            .selectFrom('contracts')
            .select(sql.lit(1).as('one'))
            .whereRef('contracts.id', '=', 'supply_contracts.contract_id')
            .where('contracts.prime_firm_id', '=', caller.firmId),
        ),
      ]);
    }
    return eb.lit(false);
  };
}

/**
 * Worker engagements: the employer and the contract's prime see their workers; officials see those on
 * their buyer's contracts; a worker sees only their own.
 */
export function engagementVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'worker_engagements'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    if (caller.role === 'worker') return eb('worker_engagements.worker_id', '=', caller.workerId);
    if (caller.role === 'official') {
      return eb.exists(
        eb
          .selectFrom('contracts')
          .select(sql.lit(1).as('one'))
          .whereRef('contracts.id', '=', 'worker_engagements.contract_id')
          .where('contracts.buyer_id', '=', caller.buyerId),
      );
    }
    if (isFirmCaller(caller)) {
      return eb.or([
        eb('worker_engagements.employer_firm_id', '=', caller.firmId),
        eb.exists(
          eb
            .selectFrom('contracts')
            .select(sql.lit(1).as('one'))
            .whereRef('contracts.id', '=', 'worker_engagements.contract_id')
            .where('contracts.prime_firm_id', '=', caller.firmId),
        ),
      ]);
    }
    return eb.lit(false);
  };
}

/** Firms: a firm sees itself and its counterparties; officials the firms on their buyer's contracts. */
export function firmVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'firms'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    const onVisibleContract = eb.or([
      eb.exists(
        eb
          .selectFrom('contracts')
          .select(sql.lit(1).as('one'))
          .whereRef('contracts.prime_firm_id', '=', 'firms.id')
          .where((inner) => contractVisible(caller)(inner as never)),
      ),
      eb.exists(
        eb
          .selectFrom('subcontracts')
          .select(sql.lit(1).as('one'))
          .where((inner) =>
            inner.or([
              inner('subcontracts.firm_id', '=', inner.ref('firms.id')),
              inner('subcontracts.contractor_firm_id', '=', inner.ref('firms.id')),
            ]),
          )
          .where((inner) => subcontractVisible(caller)(inner as never)),
      ),
      eb.exists(
        eb
          .selectFrom('supply_contracts')
          .select(sql.lit(1).as('one'))
          .whereRef('supply_contracts.firm_id', '=', 'firms.id')
          .where((inner) => supplyVisible(caller)(inner as never)),
      ),
    ]);
    if (isFirmCaller(caller)) return eb.or([eb('firms.id', '=', caller.firmId), onVisibleContract]);
    if (caller.role === 'official' || caller.role === 'bank') return onVisibleContract;
    return eb.lit(false);
  };
}
