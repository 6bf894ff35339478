import {
  type BuildPain001Refusal,
  buildPain001,
  type Pain001Version,
  type PaymentInformation,
  pain001FileName,
  type Transfer,
} from '../bank/instructions/index.ts';
import type { Executor } from '../db/database.ts';
import type { ClaimLineKind, Purpose } from '../db/schema.ts';
import { lenderEndToEndIdOf, lenderTransfersFor } from '../finance/index.ts';
import { assert } from '../kernel/assert.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { type BusinessNumber, parseBusinessNumber } from '../kernel/identifiers.ts';

/**
 * The divided transfers of a paid claim as ISO 20022 pain.001 (DESIGN §2 step 4): one payment-information
 * block per dedicated account the division pays from, one transaction per obligation, each end-to-end id naming
 * its obligation so the bank's reports (camt.054, pain.002) tie back to it. An obligation assigned to a lender
 * (financing) is two transactions: `HADO-O<id>-L<loan>` to the lender's account first, `HADO-O<id>` for the rest. The document is deterministic: the
 * same claim gives the same message id and bytes, so a re-export can never make a bank pay twice.
 */

/** `HADO-O<obligation id>`: the end-to-end id of an obligation's transfer. */
export const endToEndIdOf = (obligationId: bigint): string => `HADO-O${obligationId}`;

/** The obligation an end-to-end id names, when it is one of Hado's. */
export function obligationIdOfEndToEndId(endToEndId: string): bigint | undefined {
  const match = /^HADO-O([1-9][0-9]{0,17})$/.exec(endToEndId.trim());
  return match ? BigInt(match[1]!) : undefined;
}

/** `HADO-C<claim id>-V<version>`: one message per claim version. */
export const messageIdOf = (claimId: bigint, version: number): string => `HADO-C${claimId}-V${version}`;

const remittanceByKind: Record<ClaimLineKind, string> = {
  own_share: '원도급 기성',
  subcontract: '하도급대금',
  supply: '자재·장비대금',
  labour: '노무비',
  advance: '선급금',
};

export type ClaimInstruction =
  | {
      readonly result: 'built';
      readonly xml: string;
      readonly fileName: string;
      readonly transactionCount: number;
      readonly controlSum: string;
    }
  | { readonly result: 'not_found' }
  | { readonly result: 'claim_not_paid' }
  | { readonly result: BuildPain001Refusal; readonly field: string };

/** Builds the pain.001 of one paid claim from the database. */
export async function claimInstruction(
  db: Executor,
  claimId: bigint,
  version: Pain001Version,
): Promise<ClaimInstruction> {
  const claim = await db
    .selectFrom('claims')
    .innerJoin('contracts', 'contracts.id', 'claims.contract_id')
    .innerJoin('buyers', 'buyers.id', 'contracts.buyer_id')
    .innerJoin('firms as prime', 'prime.id', 'contracts.prime_firm_id')
    .select([
      'claims.id',
      'claims.contract_id',
      'claims.sequence',
      'claims.version',
      'claims.status',
      'claims.released_on',
      'claims.released_at',
      'contracts.contract_number',
      'buyers.name as buyer_name',
      'prime.business_number as prime_business_number',
    ])
    .where('claims.id', '=', claimId)
    .executeTakeFirst();
  if (!claim) return { result: 'not_found' };
  if (claim.status !== 'paid' || claim.released_on === null || claim.released_at === null) {
    return { result: 'claim_not_paid' };
  }
  const [dedicated, obligations] = await Promise.all([
    db
      .selectFrom('dedicated_accounts')
      .select(['purpose', 'bank_code', 'account_number', 'holder_name'])
      .where('contract_id', '=', claim.contract_id)
      .execute(),
    db
      .selectFrom('obligations as o')
      .innerJoin('payee_accounts as pa', 'pa.id', 'o.payee_account_id')
      .leftJoin('firms as f', (join) => join.onRef('f.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'firm'))
      .leftJoin('workers as w', (join) => join.onRef('w.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'worker'))
      .select([
        'o.id',
        'o.kind',
        'o.payee_kind',
        'o.payee_id',
        'o.source_purpose',
        'o.amount_won',
        'pa.bank_code',
        'pa.account_number',
        'pa.holder_name',
        'f.name as firm_name',
        'f.business_number',
        'w.name as worker_name',
      ])
      .where('o.claim_id', '=', claimId)
      .orderBy('o.id')
      .execute(),
  ]);
  const accountByPurpose = new Map(dedicated.map((row) => [row.purpose, row]));
  // An assigned obligation pays its lender first (financing, issue 6): principal + interest to the requested
  // execution day to the lender's account under its own end-to-end id, the rest to the payee.
  const lenderParts = await lenderTransfersFor(
    db,
    obligations.map((obligation) => ({ id: obligation.id, amountWon: obligation.amount_won })),
    civilDate(claim.released_on),
  );
  const blocks = new Map<Purpose, Transfer[]>();
  const remittancePrefix = `${claim.contract_number} ${claim.sequence}차 기성`;
  for (const obligation of obligations) {
    const creditorBusinessNumber =
      obligation.payee_kind === 'firm' && obligation.business_number
        ? parseBusinessNumber(obligation.business_number)
        : undefined;
    const transfers = blocks.get(obligation.source_purpose) ?? [];
    const lender = lenderParts.get(obligation.id);
    if (lender) {
      transfers.push({
        endToEndId: lenderEndToEndIdOf(obligation.id, lender.loanId),
        amountMinor: lender.lenderWon,
        creditor: { name: lender.holderName },
        creditorAccount: lender.accountNumber,
        creditorAgent: { bankCode: lender.bankCode },
        remittance: `${remittancePrefix} ${remittanceByKind[obligation.kind]} 양도분(대출 ${lender.loanId})`,
      });
    }
    const payeeWon = obligation.amount_won - (lender?.lenderWon ?? 0n);
    if (payeeWon <= 0n) {
      blocks.set(obligation.source_purpose, transfers);
      continue;
    }
    transfers.push({
      endToEndId: endToEndIdOf(obligation.id),
      amountMinor: payeeWon,
      creditor: {
        // A worker is named by the name on their own account; the name may have been erased on request.
        name: obligation.firm_name ?? obligation.worker_name ?? obligation.holder_name,
        ...(creditorBusinessNumber ? { businessNumber: creditorBusinessNumber } : {}),
      },
      creditorAccount: obligation.account_number,
      creditorAgent: { bankCode: obligation.bank_code },
      remittance: `${remittancePrefix} ${remittanceByKind[obligation.kind]}`,
    });
    blocks.set(obligation.source_purpose, transfers);
  }
  const primeNumber = parseBusinessNumber(claim.prime_business_number) as BusinessNumber | undefined;
  const paymentInformation: PaymentInformation[] = [...blocks].map(([purpose, transfers]) => {
    const account = accountByPurpose.get(purpose);
    assert(account, 'a claim is validated against its dedicated accounts');
    return {
      paymentInformationId: `HADO-C${claim.id}-${purpose.toUpperCase()}`,
      requestedExecutionOn: civilDate(claim.released_on!),
      debtor: { name: account.holder_name, ...(primeNumber ? { businessNumber: primeNumber } : {}) },
      debtorAccount: account.account_number,
      debtorAgent: { bankCode: account.bank_code },
      transfers,
    };
  });
  const built = buildPain001(
    {
      messageId: messageIdOf(claim.id, claim.version),
      createdAt: claim.released_at,
      initiatingParty: { name: claim.buyer_name },
      paymentInformation,
    },
    version,
  );
  if (built.result !== 'built') return built;
  return {
    result: 'built',
    xml: built.xml,
    fileName: pain001FileName(String(claim.id), version),
    transactionCount: built.transactionCount,
    controlSum: built.controlSum,
  };
}

/** Every paid claim's id, in order: what `hado instructions export --all` writes. */
export async function paidClaimIds(db: Executor): Promise<bigint[]> {
  const rows = await db.selectFrom('claims').select('id').where('status', '=', 'paid').orderBy('id').execute();
  return rows.map((row) => row.id);
}
