// Specifies claim validation as a table of drafts and the named result each gets (the first offending field
// named), the states a claim moves through in both flows, and the judgement of an obligation on a given day.
import { describe, expect, test } from 'vitest';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import { type Won, won } from '../kernel/money.ts';
import { defaultRuleTable } from '../rules/index.ts';
import {
  type ClaimDraft,
  type ClaimFacts,
  type ClaimLineInput,
  claimContentHash,
  nextClaimStatus,
  validateClaim,
} from './claim.ts';
import { judgeObligation } from './obligations.ts';

const d = civilDate;
const w = (n: bigint): Won => won(n);

// Contract 1 (prime firm 10): subcontract 100 (firm 20) with tier-2 subcontract 101 (firm 21) under it; supply
// contract 200 (firm 30); worker engagements 300 (worker 40, employed by firm 20 under subcontract 100) and 301
// (worker 41, account unverified). Accounts: 1 prime, 2 sub, 3 tier-2, 4 supplier, 5 worker 40, 6 worker 41,
// 7 another firm's, 8 worker 40's second account, 9 the sub's unverified second account.
const facts: ClaimFacts = {
  today: d('2026-04-10'),
  contract: {
    id: 1n,
    primeFirmId: 10n,
    amountWon: 10_000_000_000n,
    advanceWon: 500_000_000n,
    startsOn: d('2026-01-01'),
    endsOn: d('2026-12-31'),
  },
  dedicatedPurposes: new Set(['progress', 'labour', 'advance']),
  subcontracts: new Map([
    [100n, { firmId: 20n, parentId: null, amountWon: 1_000_000_000n, payeeAccountId: 2n }],
    [101n, { firmId: 21n, parentId: 100n, amountWon: 300_000_000n, payeeAccountId: 3n }],
  ]),
  supplyContracts: new Map([[200n, { firmId: 30n, subcontractId: null, amountWon: 200_000_000n, payeeAccountId: 4n }]]),
  engagements: new Map([
    [300n, { workerId: 40n, employerFirmId: 20n, subcontractId: 100n, dailyWageWon: 250_000n, payeeAccountId: 5n }],
    [301n, { workerId: 41n, employerFirmId: 10n, subcontractId: null, dailyWageWon: 200_000n, payeeAccountId: 6n }],
  ]),
  payeeAccounts: new Map([
    [1n, { ownerKind: 'firm', ownerId: 10n, verified: true }],
    [2n, { ownerKind: 'firm', ownerId: 20n, verified: true }],
    [3n, { ownerKind: 'firm', ownerId: 21n, verified: true }],
    [4n, { ownerKind: 'firm', ownerId: 30n, verified: true }],
    [5n, { ownerKind: 'worker', ownerId: 40n, verified: true }],
    [6n, { ownerKind: 'worker', ownerId: 41n, verified: false }],
    [7n, { ownerKind: 'firm', ownerId: 99n, verified: true }],
    [8n, { ownerKind: 'worker', ownerId: 40n, verified: true }],
    [9n, { ownerKind: 'firm', ownerId: 20n, verified: false }],
  ]),
  earlierShares: [{ kind: 'subcontract', subcontractId: 100n, supplyContractId: null, amountWon: 700_000_000n }],
  otherPeriods: [{ start: d('2026-02-01'), end: d('2026-02-28') }],
};

const good: ClaimLineInput[] = [
  { kind: 'own_share', payeeAccountId: 1n, amountWon: w(500_000_000n) },
  { kind: 'subcontract', subcontractId: 100n, amountWon: w(200_000_000n), deliveredOn: d('2026-03-28') },
  { kind: 'supply', supplyContractId: 200n, amountWon: w(50_000_000n) },
  { kind: 'labour', workerEngagementId: 300n, daysWorked: 20 },
];
const goodTotal = 500_000_000n + 200_000_000n + 50_000_000n + 5_000_000n;

function draft(
  lines: ClaimLineInput[],
  totalWon?: bigint,
  period = { start: '2026-03-01', end: '2026-03-31' },
): ClaimDraft {
  const sum = lines.reduce(
    (total, line) =>
      total + (line.amountWon ?? 0n) + (line.kind === 'labour' ? 250_000n * BigInt(line.daysWorked ?? 0) : 0n),
    0n,
  );
  return { periodStart: d(period.start), periodEnd: d(period.end), totalWon: w(totalWon ?? sum), lines };
}

describe('validateClaim', () => {
  test('a valid division resolves every payee and account', () => {
    const result = validateClaim(draft(good, goodTotal), facts);
    expect(result.result).toBe('valid');
    if (result.result !== 'valid') return;
    expect(
      result.lines.map((line) => [line.kind, line.payeeKind, line.payeeId, line.payeeAccountId, line.amountWon]),
    ).toEqual([
      ['own_share', 'firm', 10n, 1n, 500_000_000n],
      ['subcontract', 'firm', 20n, 2n, 200_000_000n],
      ['supply', 'firm', 30n, 4n, 50_000_000n],
      ['labour', 'worker', 40n, 5n, 5_000_000n],
    ]);
    expect(result.lines[1]!.deliveredOn).toBe('2026-03-28');
    expect(result.lines[2]!.deliveredOn).toBe('2026-03-31'); // The period's end by default.
    expect(result.lines[3]).toMatchObject({ employerFirmId: 20n, daysWorked: 20, dailyWageWon: 250_000n });
  });

  const rows: { name: string; draft: ClaimDraft; result: string; field: string }[] = [
    {
      name: 'lines that do not sum to the total',
      draft: draft(good, goodTotal + 1n),
      result: 'division_must_sum_to_total',
      field: 'totalWon',
    },
    {
      name: 'an unknown subcontract',
      draft: draft([{ kind: 'subcontract', subcontractId: 999n, amountWon: w(1n) }]),
      result: 'payee_not_registered',
      field: 'lines[0].subcontractId',
    },
    {
      name: 'an unknown worker engagement',
      draft: draft([{ kind: 'labour', workerEngagementId: 999n, daysWorked: 1 }]),
      result: 'payee_not_registered',
      field: 'lines[0].workerEngagementId',
    },
    {
      name: "a subcontract share to an account that is not the subcontractor's",
      draft: draft([{ kind: 'subcontract', subcontractId: 100n, payeeAccountId: 7n, amountWon: w(1n) }]),
      result: 'payee_not_registered',
      field: 'lines[0].payeeAccountId',
    },
    {
      name: "a subcontract share to the subcontractor's other, unregistered account",
      draft: draft([{ kind: 'subcontract', subcontractId: 100n, payeeAccountId: 9n, amountWon: w(1n) }]),
      result: 'payee_not_registered',
      field: 'lines[0].payeeAccountId',
    },
    {
      name: 'own share to an unknown account',
      draft: draft([{ kind: 'own_share', payeeAccountId: 12345n, amountWon: w(1n) }]),
      result: 'payee_not_registered',
      field: 'lines[0].payeeAccountId',
    },
    {
      name: 'wages to an unverified account',
      draft: draft([{ kind: 'labour', workerEngagementId: 301n, daysWorked: 1, amountWon: w(200_000n) }], 200_000n),
      result: 'payee_account_unverified',
      field: 'lines[0].payeeAccountId',
    },
    {
      name: "wages to a firm's account",
      draft: draft([{ kind: 'labour', workerEngagementId: 300n, daysWorked: 1, payeeAccountId: 2n }]),
      result: 'labour_account_not_own',
      field: 'lines[0].payeeAccountId',
    },
    {
      name: "wages to another worker's account",
      draft: draft([{ kind: 'labour', workerEngagementId: 300n, daysWorked: 1, payeeAccountId: 6n }]),
      result: 'labour_account_not_own',
      field: 'lines[0].payeeAccountId',
    },
    {
      name: 'a labour amount that is not days × wage',
      draft: draft([{ kind: 'labour', workerEngagementId: 300n, daysWorked: 2, amountWon: w(400_000n) }], 400_000n),
      result: 'labour_amount_mismatch',
      field: 'lines[0].amountWon',
    },
    {
      name: 'a daily wage other than the registered one',
      draft: draft([{ kind: 'labour', workerEngagementId: 300n, daysWorked: 2, dailyWageWon: w(300_000n) }], 600_000n),
      result: 'labour_amount_mismatch',
      field: 'lines[0].dailyWageWon',
    },
    {
      name: 'more days worked than the period has',
      draft: draft([{ kind: 'labour', workerEngagementId: 300n, daysWorked: 11 }], undefined, {
        start: '2026-03-01',
        end: '2026-03-10',
      }),
      result: 'labour_days_exceed_period',
      field: 'lines[0].daysWorked',
    },
    {
      name: 'the same subcontract twice',
      draft: draft([
        { kind: 'subcontract', subcontractId: 100n, amountWon: w(1n) },
        { kind: 'subcontract', subcontractId: 100n, amountWon: w(2n) },
      ]),
      result: 'duplicate_line',
      field: 'lines[1]',
    },
    {
      name: 'a subcontract share beyond what remains after earlier claims',
      draft: draft([{ kind: 'subcontract', subcontractId: 100n, amountWon: w(300_000_001n) }]),
      result: 'share_exceeds_remaining',
      field: 'lines[0].amountWon',
    },
    {
      name: 'a tier-2 share that pushes its tier-1 parent over',
      draft: draft([
        { kind: 'subcontract', subcontractId: 100n, amountWon: w(250_000_000n) },
        { kind: 'subcontract', subcontractId: 101n, amountWon: w(50_000_001n) },
      ]),
      result: 'share_exceeds_remaining',
      field: 'lines[1].amountWon',
    },
    {
      name: "wages of a subcontractor's worker that push the subcontract over",
      draft: draft([
        { kind: 'subcontract', subcontractId: 100n, amountWon: w(299_999_999n) },
        { kind: 'labour', workerEngagementId: 300n, daysWorked: 1 },
      ]),
      result: 'share_exceeds_remaining',
      field: 'lines[1].amountWon',
    },
    {
      name: 'a supply share beyond its contract',
      draft: draft([{ kind: 'supply', supplyContractId: 200n, amountWon: w(200_000_001n) }]),
      result: 'share_exceeds_remaining',
      field: 'lines[0].amountWon',
    },
    {
      name: 'an advance beyond the contract’s advance',
      draft: draft([{ kind: 'advance', payeeAccountId: 1n, amountWon: w(500_000_001n) }]),
      result: 'share_exceeds_remaining',
      field: 'lines[0].amountWon',
    },
    {
      name: 'more than the whole contract',
      draft: draft([{ kind: 'own_share', payeeAccountId: 1n, amountWon: w(9_300_000_001n) }]),
      result: 'share_exceeds_remaining',
      field: 'lines[0].amountWon',
    },
    {
      name: 'a period overlapping an earlier claim',
      draft: draft(good, goodTotal, { start: '2026-02-15', end: '2026-03-15' }),
      result: 'period_already_claimed',
      field: 'periodStart',
    },
    {
      name: 'a period not yet over',
      draft: draft(good, goodTotal, { start: '2026-04-01', end: '2026-04-30' }),
      result: 'invalid_period',
      field: 'periodEnd',
    },
    {
      name: 'a delivery after the period',
      draft: draft([{ kind: 'subcontract', subcontractId: 100n, amountWon: w(1n), deliveredOn: d('2026-04-01') }]),
      result: 'invalid_date',
      field: 'lines[0].deliveredOn',
    },
    {
      name: 'a subcontract line without its subcontract',
      draft: draft([{ kind: 'subcontract', amountWon: w(1n) }]),
      result: 'invalid_request',
      field: 'lines[0].subcontractId',
    },
    {
      name: 'a share of zero',
      draft: draft([{ kind: 'own_share', payeeAccountId: 1n, amountWon: w(0n) }], 0n),
      result: 'invalid_request',
      field: 'lines[0].amountWon',
    },
  ];
  for (const row of rows) {
    test(`${row.name} → ${row.result} at ${row.field}`, () => {
      expect(validateClaim(row.draft, facts)).toMatchObject({ result: row.result, field: row.field });
    });
  }

  test('without a labour dedicated account, wages cannot be claimed', () => {
    const noLabour = { ...facts, dedicatedPurposes: new Set(['progress'] as const) };
    expect(validateClaim(draft(good, goodTotal), noLabour)).toMatchObject({
      result: 'dedicated_account_missing',
      field: 'lines[3].kind',
    });
  });

  test('the content hash is the same for the same draft and differs for any change', () => {
    expect(claimContentHash(draft(good, goodTotal))).toBe(claimContentHash(draft([...good], goodTotal)));
    expect(claimContentHash(draft(good, goodTotal))).not.toBe(
      claimContentHash(draft(good.slice(0, 3), goodTotal - 5_000_000n)),
    );
  });
});

describe('claim states', () => {
  for (const row of [
    { from: 'submitted', action: 'approve', flow: 'direct', to: 'approved' },
    { from: 'submitted', action: 'reject', flow: 'direct', to: 'rejected' },
    { from: 'rejected', action: 'resubmit', flow: 'direct', to: 'submitted' },
    { from: 'approved', action: 'record_payment', flow: 'direct', to: 'paid' },
    { from: 'approved', action: 'record_payment', flow: 'prime_approval', to: 'awaiting_release' },
    { from: 'awaiting_release', action: 'release', flow: 'prime_approval', to: 'paid' },
    { from: 'submitted', action: 'record_payment', flow: 'direct', to: 'claim_not_approved' },
    { from: 'rejected', action: 'record_payment', flow: 'direct', to: 'claim_not_approved' },
    { from: 'paid', action: 'record_payment', flow: 'direct', to: 'claim_not_approved' },
    { from: 'approved', action: 'approve', flow: 'direct', to: 'claim_not_submitted' },
    { from: 'paid', action: 'reject', flow: 'direct', to: 'claim_not_submitted' },
    { from: 'submitted', action: 'resubmit', flow: 'direct', to: 'claim_not_rejected' },
    { from: 'paid', action: 'release', flow: 'direct', to: 'claim_not_awaiting_release' },
  ] as const) {
    test(`${row.from} --${row.action} (${row.flow})--> ${row.to}`, () => {
      const next = nextClaimStatus(row.from, row.action, row.flow);
      expect(next.result === 'next' ? next.status : next.result).toBe(row.to);
    });
  }
});

describe('judgeObligation', () => {
  const dueOn: CivilDate = d('2026-03-17');
  const amount = 100_000_000n;
  for (const row of [
    {
      name: 'unpaid before the due date',
      movements: [],
      today: '2026-03-10',
      judgement: 'not_yet_due',
      daysLate: 0,
      interest: 0n,
    },
    {
      name: 'unpaid on the due date',
      movements: [],
      today: '2026-03-17',
      judgement: 'not_yet_due',
      daysLate: 0,
      interest: 0n,
    },
    // 30 days late on 100,000,000 at 15.5 %: 1,273,972.
    {
      name: 'unpaid after the due date',
      movements: [],
      today: '2026-04-16',
      judgement: 'overdue',
      daysLate: 30,
      interest: 1_273_972n,
    },
    {
      name: 'paid on the due date',
      movements: [{ on: '2026-03-17', amountWon: amount }],
      today: '2026-05-01',
      judgement: 'paid_on_time',
      daysLate: 0,
      interest: 0n,
    },
    {
      name: 'paid a day late',
      movements: [{ on: '2026-03-18', amountWon: amount }],
      today: '2026-05-01',
      judgement: 'paid_late',
      daysLate: 1,
      interest: 42_465n,
    },
    // Half paid on time, half 30 days late: interest on 50,000,000 for 30 days = 636,986.
    {
      name: 'half on time, half late',
      movements: [
        { on: '2026-03-16', amountWon: amount / 2n },
        { on: '2026-04-16', amountWon: amount / 2n },
      ],
      today: '2026-05-01',
      judgement: 'paid_late',
      daysLate: 30,
      interest: 636_986n,
    },
    {
      name: 'paid, returned, still owed',
      movements: [
        { on: '2026-03-16', amountWon: amount },
        { on: '2026-03-20', amountWon: -amount },
      ],
      today: '2026-03-27',
      judgement: 'overdue',
      daysLate: 10,
      // Outstanding from the 21st through the 27th: 7 days → 297,260.
      interest: 297_260n,
    },
  ]) {
    test(`${row.name} → ${row.judgement}, ${row.daysLate} days, ₩${row.interest}`, () => {
      const verdict = judgeObligation(
        {
          amountWon: amount,
          dueOn,
          status: 'open',
          movements: row.movements.map((m) => ({ on: d(m.on), amountWon: m.amountWon })),
        },
        d(row.today),
        defaultRuleTable,
      );
      expect(verdict).toMatchObject({
        judgement: row.judgement,
        daysLate: row.daysLate,
        delayInterestWon: row.interest,
      });
    });
  }

  test('held until the prime releases, then overdue once the date passes', () => {
    const held = { amountWon: amount, dueOn, status: 'held' as const, movements: [] };
    expect(judgeObligation(held, d('2026-03-10'), defaultRuleTable).judgement).toBe('held');
    expect(judgeObligation(held, d('2026-03-18'), defaultRuleTable).judgement).toBe('overdue');
  });

  test("the prime's own share, due on payment, is never late and earns no interest", () => {
    const own = { amountWon: amount, dueOn, status: 'open' as const, statutory: false };
    expect(judgeObligation({ ...own, movements: [] }, d('2026-04-30'), defaultRuleTable)).toMatchObject({
      judgement: 'not_yet_due',
      delayInterestWon: 0n,
    });
    expect(
      judgeObligation(
        { ...own, movements: [{ on: d('2026-04-01'), amountWon: amount }] },
        d('2026-04-30'),
        defaultRuleTable,
      ),
    ).toMatchObject({ judgement: 'paid_on_time', daysLate: 0, delayInterestWon: 0n });
  });

  test('an overpayment is reported beside the judgement', () => {
    const verdict = judgeObligation(
      { amountWon: amount, dueOn, status: 'open', movements: [{ on: d('2026-03-10'), amountWon: amount + 5n }] },
      d('2026-03-20'),
      defaultRuleTable,
    );
    expect(verdict).toMatchObject({ judgement: 'paid_on_time', overpaidWon: 5n, outstandingWon: 0n });
  });
});
