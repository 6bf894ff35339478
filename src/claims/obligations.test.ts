// Specifies the obligations a buyer's payment creates: each line's due date from the dated rule table (a
// Korean holiday and a rule change among them), and the ledger entries of the payment and of each transfer,
// which always balance and record any excess as an overpayment.
import { describe, expect, test } from 'vitest';
import { civilDate } from '../kernel/civil-date.ts';
import { assertBalanced } from '../ledger/index.ts';
import { defaultRuleVersions, ruleTable } from '../rules/index.ts';
import { buyerPaymentEntries, obligationsOf, type PaidLine, transferEntry } from './obligations.ts';

const d = civilDate;
const line = (fields: Partial<PaidLine> & Pick<PaidLine, 'kind'>): PaidLine => ({
  lineId: 1n,
  subcontractId: null,
  payeeKind: 'firm',
  payeeId: 1n,
  payeeAccountId: 1n,
  amountWon: 1_000_000n,
  deliveredOn: null,
  ...fields,
});
const table = ruleTable([
  ...defaultRuleVersions,
  { id: 99n, rule: 'subcontract_payment_days', effectiveFrom: d('2026-10-01'), value: 10n, source: 'test amendment' },
]);

describe('obligationsOf', () => {
  for (const row of [
    {
      name: 'subcontract, paid before Chuseok',
      kind: 'subcontract',
      paidOn: '2026-09-10',
      submitted: '2026-09-01',
      delivered: '2026-08-31',
      dueOn: '2026-09-28',
      basis: 'after_buyer_payment',
    },
    {
      name: 'subcontract, the day before the rule change: 15 days',
      kind: 'subcontract',
      paidOn: '2026-09-30',
      submitted: '2026-09-20',
      delivered: '2026-09-25',
      dueOn: '2026-10-15',
      basis: 'after_buyer_payment',
    },
    {
      name: 'subcontract, on the rule change: 10 days',
      kind: 'subcontract',
      paidOn: '2026-10-01',
      submitted: '2026-09-20',
      delivered: '2026-09-25',
      dueOn: '2026-10-12',
      basis: 'after_buyer_payment',
    },
    {
      name: 'subcontract, the outer limit from an old delivery',
      kind: 'subcontract',
      paidOn: '2026-03-02',
      submitted: '2026-02-20',
      delivered: '2026-01-10',
      dueOn: '2026-03-11',
      basis: 'delivery_outer_limit',
    },
    {
      name: 'supply stays at 15 days after the change',
      kind: 'supply',
      paidOn: '2026-10-01',
      submitted: '2026-09-20',
      delivered: '2026-09-25',
      dueOn: '2026-10-16',
      basis: 'after_buyer_payment',
    },
    {
      name: 'labour, 5 days from the claim, past Chuseok',
      kind: 'labour',
      paidOn: '2026-09-22',
      submitted: '2026-09-21',
      delivered: null,
      dueOn: '2026-09-28',
      basis: 'after_labour_claim',
    },
    {
      name: 'own share on the payment day',
      kind: 'own_share',
      paidOn: '2026-09-22',
      submitted: '2026-09-21',
      delivered: null,
      dueOn: '2026-09-22',
      basis: 'on_payment',
    },
  ] as const) {
    test(`${row.name} → ${row.dueOn}`, () => {
      const result = obligationsOf(
        [line({ kind: row.kind, deliveredOn: row.delivered === null ? null : d(row.delivered) })],
        { buyerPaidOn: d(row.paidOn), labourClaimSubmittedOn: d(row.submitted) },
        table,
      );
      expect(result.result).toBe('obligations');
      if (result.result !== 'obligations') return;
      expect(result.obligations[0]).toMatchObject({ dueOn: row.dueOn, dueBasis: row.basis });
    });
  }

  test('the rule version that decided each date is kept', () => {
    const result = obligationsOf(
      [line({ kind: 'subcontract', deliveredOn: d('2026-09-25') })],
      { buyerPaidOn: d('2026-10-01'), labourClaimSubmittedOn: d('2026-09-20') },
      table,
    );
    expect(result.result === 'obligations' && result.obligations[0]!.rule?.id).toBe(99n);
  });

  test('a payment before the table starts has no rule', () => {
    expect(
      obligationsOf(
        [line({ kind: 'labour' })],
        { buyerPaidOn: d('2015-06-01'), labourClaimSubmittedOn: d('2015-05-30') },
        table,
      ),
    ).toMatchObject({ result: 'no_rule_in_force', rule: 'labour_payment_days' });
  });
});

describe('ledger entries of a claim', () => {
  const obligations = [
    { id: 1n, payeeAccountId: 10n, sourcePurpose: 'progress' as const, amountWon: 700n },
    { id: 2n, payeeAccountId: 11n, sourcePurpose: 'progress' as const, amountWon: 200n },
    { id: 3n, payeeAccountId: 12n, sourcePurpose: 'labour' as const, amountWon: 100n },
  ];
  test("the buyer's payment fills each dedicated account and makes each share payable", () => {
    const [cash, memo] = buyerPaymentEntries(
      { contractId: 1n, claimId: 1n, paidOn: d('2026-03-02'), memo: 'x' },
      obligations,
    );
    for (const entry of [cash!, memo!]) assertBalanced(entry);
    expect(cash!.lines.map((l) => [l.account, l.side, l.amountWon])).toEqual([
      [{ kind: 'dedicated', purpose: 'progress' }, 'debit', 900n],
      [{ kind: 'dedicated', purpose: 'labour' }, 'debit', 100n],
      [{ kind: 'buyer_funding' }, 'credit', 1000n],
    ]);
    expect(memo!.lines.filter((l) => l.account.kind === 'payable').map((l) => l.obligationId)).toEqual([1n, 2n, 3n]);
  });

  const obligation = {
    id: 1n,
    contractId: 1n,
    claimId: 1n,
    payeeAccountId: 10n,
    sourcePurpose: 'progress' as const,
    amountWon: 700n,
    paidWon: 0n,
  };
  for (const row of [
    { paidWon: 0n, already: 0n, amountWon: 700n, excess: 0n },
    { paidWon: 0n, already: 0n, amountWon: 300n, excess: 0n },
    { paidWon: 500n, already: 0n, amountWon: 300n, excess: 100n },
    { paidWon: 700n, already: 0n, amountWon: 50n, excess: 50n },
    { paidWon: 800n, already: 0n, amountWon: 50n, excess: 50n },
    { paidWon: 400n, already: 200n, amountWon: 200n, excess: 100n },
  ]) {
    test(`paid ${row.paidWon} (+${row.already} in the batch), transfer ${row.amountWon} → excess ${row.excess}`, () => {
      const entry = transferEntry(
        { obligation: { ...obligation, paidWon: row.paidWon }, amountWon: row.amountWon, paidOn: d('2026-03-05') },
        row.already,
      );
      assertBalanced(entry);
      expect((entry.overpayments ?? []).reduce((sum, o) => sum + o.amountWon, 0n)).toBe(row.excess);
      expect(entry.lines.every((l) => l.obligationId === 1n)).toBe(true);
    });
  }
});
