import type { Caller } from '../auth/caller.ts';
import type { Db } from '../db/database.ts';
import { withCheckDigit } from '../demo/demo-world.ts';
import type { CivilDate } from '../kernel/civil-date.ts';

/**
 * A small registry for claim and ledger tests, written straight into the database (the registry's own tests
 * cover its API): one contract with progress, labour and advance dedicated accounts, two subcontracts (the
 * second a tier-2 under the first), one supply contract and two workers, every account verified. Each call
 * makes a new contract with new parties, so tests and property runs never share state.
 */
export type ClaimsFixture = {
  readonly contractId: bigint;
  readonly buyerId: bigint;
  readonly primeFirmId: bigint;
  readonly primeAccountId: bigint;
  readonly subcontractId: bigint;
  readonly subFirmId: bigint;
  readonly tier2SubcontractId: bigint;
  readonly supplyContractId: bigint;
  readonly supplierFirmId: bigint;
  readonly engagementIds: readonly bigint[];
  readonly workerIds: readonly bigint[];
  readonly prime: Caller;
  readonly official: Caller;
  readonly otherOfficial: Caller;
  readonly subcontractor: Caller;
  readonly admin: Caller;
};

let serial = 0;

export async function createClaimsFixture(
  db: Db,
  options: { paymentFlow?: 'direct' | 'prime_approval'; startsOn?: CivilDate; amountWon?: bigint } = {},
): Promise<ClaimsFixture> {
  serial += 1;
  const tag = `${process.pid % 1000}${String(serial).padStart(3, '0')}${Math.floor(Math.random() * 100)}`.slice(0, 8);
  const businessNumber = (n: number) => withCheckDigit(`${n}${tag}`.padEnd(9, '0').slice(0, 9));
  const account = (n: number) => `${n}${tag}`.padEnd(13, '7').slice(0, 13);
  const buyer = await db
    .insertInto('buyers')
    .values({ agency_code: `T-${tag}`, name: `시험 발주기관 ${tag}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const otherBuyer = await db
    .insertInto('buyers')
    .values({ agency_code: `T-${tag}-X`, name: `다른 발주기관 ${tag}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const firm = async (n: number, name: string) =>
    await db
      .insertInto('firms')
      .values({ business_number: businessNumber(n), name: `${name} ${tag}` })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  const prime = await firm(1, '원도급');
  const sub = await firm(2, '하도급');
  const tier2 = await firm(3, '재하도급');
  const supplier = await firm(4, '자재');
  const payee = async (ownerKind: 'firm' | 'worker', ownerId: bigint, name: string, n: number) =>
    (
      await db
        .insertInto('payee_accounts')
        .values({
          owner_kind: ownerKind,
          owner_id: ownerId,
          bank_code: '004',
          account_number: account(n),
          holder_name: name,
          verification: 'verified',
          verified_at: new Date(),
          verified_by: 'bank',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const contract = await db
    .insertInto('contracts')
    .values({
      buyer_id: buyer.id,
      prime_firm_id: prime.id,
      contract_number: `T-${tag}`,
      title: '시험 공사',
      site: '서울',
      amount_won: options.amountWon ?? 10_000_000_000n,
      advance_won: 1_000_000_000n,
      starts_on: options.startsOn ?? '2025-01-01',
      ends_on: '2027-12-31',
      payment_flow: options.paymentFlow ?? 'direct',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, purpose] of (['progress', 'labour', 'advance'] as const).entries()) {
    await db
      .insertInto('dedicated_accounts')
      .values({
        contract_id: contract.id,
        purpose,
        bank_code: '004',
        account_number: account(50 + index),
        holder_name: `${prime.name} (${purpose})`,
      })
      .execute();
  }
  const primeAccountId = await payee('firm', prime.id, prime.name, 11);
  const subcontract = await db
    .insertInto('subcontracts')
    .values({
      contract_id: contract.id,
      reference: `S1-${tag}`,
      contractor_firm_id: prime.id,
      firm_id: sub.id,
      tier: 1,
      title: '타일',
      amount_won: 3_000_000_000n,
      starts_on: '2025-01-01',
      ends_on: '2027-12-31',
      payee_account_id: await payee('firm', sub.id, sub.name, 12),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tier2Subcontract = await db
    .insertInto('subcontracts')
    .values({
      contract_id: contract.id,
      reference: `S1-1-${tag}`,
      parent_subcontract_id: subcontract.id,
      contractor_firm_id: sub.id,
      firm_id: tier2.id,
      tier: 2,
      title: '석재',
      amount_won: 500_000_000n,
      starts_on: '2025-01-01',
      ends_on: '2027-12-31',
      payee_account_id: await payee('firm', tier2.id, tier2.name, 13),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const supply = await db
    .insertInto('supply_contracts')
    .values({
      contract_id: contract.id,
      reference: `M1-${tag}`,
      buyer_firm_id: prime.id,
      firm_id: supplier.id,
      kind: 'material',
      title: '레미콘',
      amount_won: 800_000_000n,
      payee_account_id: await payee('firm', supplier.id, supplier.name, 14),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const engagementIds: bigint[] = [];
  const workerIds: bigint[] = [];
  for (const [index, employer] of [sub.id, prime.id].entries()) {
    const name = `근로자${index} ${tag}`;
    const worker = await db
      .insertInto('workers')
      .values({ name, phone_e164: `+8210${index}${tag.slice(0, 7)}`, registered_by_firm_id: employer })
      .returning('id')
      .executeTakeFirstOrThrow();
    const engagement = await db
      .insertInto('worker_engagements')
      .values({
        contract_id: contract.id,
        worker_id: worker.id,
        employer_firm_id: employer,
        subcontract_id: index === 0 ? subcontract.id : null,
        trade: '보통인부',
        daily_wage_won: 200_000n + BigInt(index) * 50_000n,
        starts_on: '2025-01-01',
        payee_account_id: await payee('worker', worker.id, name, 20 + index),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    engagementIds.push(engagement.id);
    workerIds.push(worker.id);
  }
  return {
    contractId: contract.id,
    buyerId: buyer.id,
    primeFirmId: prime.id,
    primeAccountId,
    subcontractId: subcontract.id,
    subFirmId: sub.id,
    tier2SubcontractId: tier2Subcontract.id,
    supplyContractId: supply.id,
    supplierFirmId: supplier.id,
    engagementIds,
    workerIds,
    prime: { role: 'prime', userId: 0n, firmId: prime.id, label: `user:prime-${tag}` },
    official: { role: 'official', userId: 0n, buyerId: buyer.id, label: `user:official-${tag}` },
    otherOfficial: { role: 'official', userId: 0n, buyerId: otherBuyer.id, label: `user:other-${tag}` },
    subcontractor: { role: 'subcontractor', userId: 0n, firmId: sub.id, label: `user:sub-${tag}` },
    admin: { role: 'admin', userId: 0n, label: 'user:admin' },
  };
}
