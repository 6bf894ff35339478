import { auditedWrite } from '../audit/audited-write.ts';
import { userCaller } from '../auth/sessions.ts';
import {
  approveClaim,
  type ClaimDraft,
  type ClaimLineInput,
  recordBuyerPayment,
  rejectClaim,
  resubmitClaim,
  submitClaim,
} from '../claims/index.ts';
import type { AppContext } from '../http/app-context.ts';
import type { App } from '../http/server.ts';
import { assert } from '../kernel/assert.ts';
import { addDays, type CivilDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { demoPrime, demoSubcontractors, demoSuppliers, demoTier2 } from './demo-people.ts';

/**
 * The demo world's claims: five monthly progress claims on the subway contract, one in every state — paid on
 * time, rejected and resubmitted then paid with one share late, paid with a supplier still unpaid (overdue),
 * approved, and submitted — with their obligations and ledger, so a newcomer sees the whole flow and
 * `hado instructions export --all` has paid claims. Claims are submitted, decided and paid by the demo's prime
 * and official through the same audited domain functions the API calls (the server admits signed-in users
 * only once the demo world is loaded); the banks' transfers go through the API. Each step happens on its day
 * of the demo's history; instants stay the real ones, so the audit log keeps its order.
 */
export async function loadDemoClaims(app: App, context: AppContext, contractId: string): Promise<void> {
  const db = context.handle.db;
  const today = context.clock.today();
  const onDay = (offsetDays: number): Clock => ({
    now: () => context.clock.now(),
    today: () => addDays(today, offsetDays),
  });
  const day = (offsetDays: number): CivilDate => addDays(today, offsetDays);
  const contract = BigInt(contractId);

  // The prime's own account, for its own share: registered in its name and checked with the (sandbox) bank.
  const primeFirm = await db
    .selectFrom('contracts')
    .select('prime_firm_id')
    .where('id', '=', contract)
    .executeTakeFirstOrThrow();
  const primeAccount = await auditedWrite(db, { label: 'system' }, context.clock.now(), async (tx) => {
    const row = await tx
      .insertInto('payee_accounts')
      .values({
        owner_kind: 'firm',
        owner_id: primeFirm.prime_firm_id,
        bank_code: demoPrime.bankCode,
        account_number: demoPrime.accountNumber,
        holder_name: demoPrime.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      outcome: row.id,
      audit: [{ action: 'payee_account.registered', entity: 'payee_account', entityId: row.id, contractId: contract }],
    };
  });
  await api(app, context, 'POST', `/api/v1/payee-accounts/${primeAccount}/verify`, {});

  const subcontracts = await db
    .selectFrom('subcontracts')
    .innerJoin('firms', 'firms.id', 'subcontracts.firm_id')
    .select(['subcontracts.id', 'firms.name'])
    .where('subcontracts.contract_id', '=', contract)
    .execute();
  const subcontract = (name: string) => subcontracts.find((row) => row.name === name)!.id;
  const supplies = await db
    .selectFrom('supply_contracts')
    .innerJoin('firms', 'firms.id', 'supply_contracts.firm_id')
    .select(['supply_contracts.id', 'firms.name'])
    .where('supply_contracts.contract_id', '=', contract)
    .execute();
  const supply = (name: string) => supplies.find((row) => row.name === name)!.id;
  // Workers with a verified own account; the one left unverified is not claimed for.
  const workers = await db
    .selectFrom('worker_engagements')
    .innerJoin('payee_accounts', 'payee_accounts.id', 'worker_engagements.payee_account_id')
    .select(['worker_engagements.id'])
    .where('worker_engagements.contract_id', '=', contract)
    .where('payee_accounts.verification', '=', 'verified')
    .orderBy('worker_engagements.id')
    .execute();

  const users = await db
    .selectFrom('users')
    .select(['id as user_id', 'login', 'role', 'buyer_id', 'firm_id', 'bank_id'])
    .where('login', 'in', ['prime', 'official'])
    .execute();
  const prime = userCaller(users.find((user) => user.login === 'prime')!);
  const official = userCaller(users.find((user) => user.login === 'official')!);

  const [tile, interior, electric] = demoSubcontractors.map((sub) => subcontract(sub.name));
  const stone = subcontract(demoTier2.name);
  const [cement, equipment] = demoSuppliers.map((supplier) => supply(supplier.name));
  assert(tile && interior && electric && cement && equipment, 'the demo registry is loaded');

  const draftFor = (start: number, shares: { interiorWon?: bigint } = {}): ClaimDraft => {
    const periodStart = day(start);
    const periodEnd = day(start + 29);
    const lines: ClaimLineInput[] = [
      { kind: 'own_share', payeeAccountId: primeAccount, amountWon: won(300_000_000n) },
      { kind: 'subcontract', subcontractId: tile, amountWon: won(240_000_000n), deliveredOn: addDays(periodEnd, -2) },
      { kind: 'subcontract', subcontractId: interior, amountWon: won(shares.interiorWon ?? 260_000_000n) },
      { kind: 'subcontract', subcontractId: electric, amountWon: won(150_000_000n) },
      { kind: 'subcontract', subcontractId: stone, amountWon: won(50_000_000n) },
      { kind: 'supply', supplyContractId: cement, amountWon: won(40_000_000n) },
      { kind: 'supply', supplyContractId: equipment, amountWon: won(20_000_000n) },
      ...workers.map((worker, index) => ({
        kind: 'labour' as const,
        workerEngagementId: worker.id,
        daysWorked: 18 + (index % 5),
      })),
    ];
    return { periodStart, periodEnd, totalWon: won(0n), lines };
  };
  // The total is what the lines add up to: the wages come from the registered daily wages.
  const withTotal = async (draft: ClaimDraft): Promise<ClaimDraft> => {
    const wages = await db
      .selectFrom('worker_engagements')
      .select(['id', 'daily_wage_won'])
      .where('contract_id', '=', contract)
      .execute();
    const wageOf = new Map(wages.map((row) => [row.id, row.daily_wage_won]));
    let total = 0n;
    for (const line of draft.lines) {
      total += line.amountWon ?? wageOf.get(line.workerEngagementId!)! * BigInt(line.daysWorked!);
    }
    return { ...draft, totalWon: won(total) };
  };

  const submit = async (draft: ClaimDraft, on: number) => {
    const outcome = await submitClaim(db, prime, onDay(on), contract, await withTotal(draft));
    return outcome.claimId;
  };
  const transfer = (
    claimId: bigint,
    executedOn: CivilDate,
    transfers?: { obligationId: bigint; amountWon: bigint }[],
  ) =>
    api(app, context, 'POST', `/api/v1/claims/${claimId}/transfers`, {
      executedOn,
      ...(transfers
        ? {
            transfers: transfers.map((t) => ({ obligationId: String(t.obligationId), amountWon: String(t.amountWon) })),
          }
        : {}),
    });
  const obligationsOf = (claimId: bigint) =>
    db
      .selectFrom('obligations')
      .select(['id', 'kind', 'amount_won', 'claim_line_id'])
      .where('claim_id', '=', claimId)
      .orderBy('id')
      .execute();
  const lineFor = async (claimId: bigint, kind: string, reference: bigint) => {
    const row = await db
      .selectFrom('claim_lines')
      .innerJoin('claims', (join) =>
        join.onRef('claims.id', '=', 'claim_lines.claim_id').onRef('claims.version', '=', 'claim_lines.claim_version'),
      )
      .select('claim_lines.id')
      .where('claim_lines.claim_id', '=', claimId)
      .where(kind === 'supply' ? 'claim_lines.supply_contract_id' : 'claim_lines.subcontract_id', '=', reference)
      .executeTakeFirstOrThrow();
    return row.id;
  };

  // 1차 기성: approved, paid, every share transferred on time.
  const first = await submit(draftFor(-150), -118);
  await approveClaim(db, official, onDay(-117), first, '현장 확인 완료');
  await recordBuyerPayment(db, official, onDay(-115), first, { paidOn: day(-115), amountWon: await totalOf(first) });
  await transfer(first, day(-115));

  // 2차 기성: one line rejected (the interior share was over-measured), resubmitted, paid; the tile share late.
  const second = await submit(draftFor(-120), -88);
  await rejectClaim(db, official, onDay(-87), second, {
    reasonCode: 'amount_incorrect',
    note: '수장공사 기성률 재확인 필요',
    lines: [
      {
        lineId: await lineFor(second, 'subcontract', interior),
        reasonCode: 'amount_incorrect',
        note: '물량 과다 산정',
      },
    ],
  });
  await resubmitClaim(db, prime, onDay(-85), second, await withTotal(draftFor(-120, { interiorWon: 230_000_000n })));
  await approveClaim(db, official, onDay(-84), second, undefined);
  await recordBuyerPayment(db, official, onDay(-83), second, { paidOn: day(-83), amountWon: await totalOf(second) });
  const secondObligations = await obligationsOf(second);
  const tileLine = await lineFor(second, 'subcontract', tile);
  const tileObligation = secondObligations.find((o) => o.claim_line_id === tileLine)!;
  await transfer(
    second,
    day(-83),
    secondObligations
      .filter((o) => o.id !== tileObligation.id)
      .map((o) => ({ obligationId: o.id, amountWon: o.amount_won })),
  );
  await transfer(second, day(-55), [{ obligationId: tileObligation.id, amountWon: tileObligation.amount_won }]);

  // 3차 기성: paid; every share transferred except the cement supplier's, which is now overdue.
  const third = await submit(draftFor(-90), -58);
  await approveClaim(db, official, onDay(-57), third, undefined);
  await recordBuyerPayment(db, official, onDay(-55), third, { paidOn: day(-55), amountWon: await totalOf(third) });
  const cementLine = await lineFor(third, 'supply', cement);
  const thirdObligations = await obligationsOf(third);
  await transfer(
    third,
    day(-55),
    thirdObligations
      .filter((o) => o.claim_line_id !== cementLine)
      .map((o) => ({ obligationId: o.id, amountWon: o.amount_won })),
  );

  // 4차 기성: approved, the buyer's payment not yet made.
  const fourth = await submit(draftFor(-60), -28);
  await approveClaim(db, official, onDay(-25), fourth, undefined);

  // 5차 기성: submitted, waiting for the official.
  await submit(draftFor(-30), -1);

  async function totalOf(claimId: bigint) {
    const row = await db.selectFrom('claims').select('total_won').where('id', '=', claimId).executeTakeFirstOrThrow();
    return won(row.total_won);
  }
}

async function api(app: App, context: AppContext, method: 'POST' | 'GET', url: string, body?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${context.adminToken}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  if (response.statusCode >= 300)
    throw new Error(`demo claims: ${method} ${url} → ${response.statusCode} ${response.body}`);
  return response.json() as unknown;
}
