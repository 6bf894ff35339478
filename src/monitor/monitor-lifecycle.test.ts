// Specifies the monitor with a fake clock on both engines: one claim's obligations walk from upcoming to due
// today, overdue (with escalation to the official and, after the configured delay, a direct-payment suggestion),
// short-paid and paid late; each sweep's findings agree with the pure rules, each interest figure is the one
// computed by hand here, and each message goes once to the right person in their language.
import { beforeAll, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import {
  approveClaim,
  type ClaimDraft,
  executeClaimTransfers,
  recordBuyerPayment,
  submitClaim,
} from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { defaultQuietHours } from '../outbox/quiet-hours.ts';
import { loadRuleTable } from '../rules/index.ts';
import { findingsOf } from './classify-obligation.ts';
import { verdictsOf } from './interest.ts';
import { runSweep } from './sweep.ts';

const d = civilDate;
const settings = { sender: '15880142', quietHours: defaultQuietHours };
/** 10:00 in Seoul on a date: sweeps run in the day, outside quiet hours. */
const tenAm = (date: string) => new Date(`${date}T01:00:00Z`);

describeEachEngine('monitor lifecycle', ({ handle }) => {
  const clock = new ManualClock(tenAm('2026-03-05'));
  let fixture: ClaimsFixture;
  let claimId: bigint;
  const obligation: Record<'subcontract' | 'supply' | 'labour' | 'own_share', bigint> = {
    subcontract: 0n,
    supply: 0n,
    labour: 0n,
    own_share: 0n,
  };
  let officialId: bigint;

  const sweep = async (date: string) => {
    clock.set(tenAm(date));
    return runSweep(handle().db, { now: clock.now(), today: clock.today(), settings });
  };
  const openFindings = async () =>
    (
      await handle()
        .db.selectFrom('findings')
        .select(['kind', 'obligation_id', 'state', 'days_late', 'owner', 'severity'])
        .where('contract_id', '=', fixture.contractId)
        .where('state', '=', 'open')
        .execute()
    )
      .map((row) => `${row.kind}:${keyOf(row.obligation_id)}`)
      .sort();
  const keyOf = (id: bigint | null) => Object.entries(obligation).find(([, value]) => value === id)?.[0] ?? 'none';
  let seenMessages = new Set<string>();
  /** The messages enqueued since the last call: `template → recipient`, with the body. */
  const newMessages = async () => {
    const rows = await handle()
      .db.selectFrom('outbox_messages')
      .select(['idempotency_key', 'kind', 'recipient_kind', 'recipient_id', 'body', 'locale', 'urgent'])
      .where('contract_id', '=', fixture.contractId)
      .orderBy('id')
      .execute();
    const fresh = rows.filter((row) => !seenMessages.has(row.idempotency_key));
    seenMessages = new Set(rows.map((row) => row.idempotency_key));
    return fresh.map((row) => ({
      to: row.recipient_kind === 'user' ? 'official' : recipientName(row.recipient_kind, row.recipient_id!),
      kind: row.kind,
      body: row.body,
      urgent: row.urgent,
    }));
  };
  const recipientName = (kind: string, id: bigint) =>
    kind === 'worker'
      ? 'worker'
      : id === fixture.primeFirmId
        ? 'prime'
        : id === fixture.subFirmId
          ? 'sub'
          : id === fixture.supplierFirmId
            ? 'supplier'
            : `firm:${id}`;

  /** The pure rules' answer for every obligation on `today`, as `kind:obligation` strings. */
  const expectedByRules = async (today: CivilDate) => {
    const rows = await handle()
      .db.selectFrom('obligations')
      .selectAll()
      .where('contract_id', '=', fixture.contractId)
      .execute();
    const rules = await loadRuleTable(handle().db);
    const warningDays = Number(rules.versions.get('deadline_warning_days')![0]!.value);
    return rows
      .flatMap((row) =>
        findingsOf(
          {
            kind: row.kind,
            amountWon: row.amount_won,
            paidWon: row.paid_won,
            paidOn: row.paid_on === null ? null : d(row.paid_on),
            dueOn: d(row.due_on),
          },
          today,
          warningDays,
        ).map((kind) => `${kind}:${keyOf(row.id)}`),
      )
      .sort();
  };

  beforeAll(async () => {
    const db = handle().db;
    fixture = await createClaimsFixture(db);
    // Phones for the prime, the subcontractor and the supplier; the worker reads English; an official with a phone.
    for (const [id, phone] of [
      [fixture.primeFirmId, '+821090000001'],
      [fixture.subFirmId, '+821090000002'],
      [fixture.supplierFirmId, '+821090000003'],
    ] as const) {
      await db.updateTable('firms').set({ phone_e164: phone }).where('id', '=', id).execute();
    }
    await db.updateTable('workers').set({ locale: 'en' }).where('id', '=', fixture.workerIds[0]!).execute();
    officialId = (
      await db
        .insertInto('users')
        .values({
          login: `official-${fixture.contractId}`,
          password_hash: 'unused',
          role: 'official',
          display_name: '주무관',
          buyer_id: fixture.buyerId,
          phone_e164: '+821090000009',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

    // The labour claim goes in on Thursday 5 March; the buyer pays on Tuesday 10 March.
    const draft: ClaimDraft = {
      periodStart: d('2026-02-01'),
      periodEnd: d('2026-02-28'),
      totalWon: won(8_000_000n),
      lines: [
        { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n) },
        { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
        { kind: 'supply', supplyContractId: fixture.supplyContractId, amountWon: won(1_000_000n) },
        { kind: 'labour', workerEngagementId: fixture.engagementIds[0]!, daysWorked: 20 },
      ],
    };
    const submitted = await submitClaim(db, fixture.prime, clock, fixture.contractId, draft);
    claimId = submitted.claimId;
    await approveClaim(db, fixture.official, clock, claimId, undefined);
    clock.set(tenAm('2026-03-10'));
    await recordBuyerPayment(db, fixture.official, clock, claimId, {
      paidOn: d('2026-03-10'),
      amountWon: draft.totalWon,
    });
    const rows = await db
      .selectFrom('obligations')
      .select(['id', 'kind', 'due_on'])
      .where('claim_id', '=', claimId)
      .execute();
    for (const row of rows) obligation[row.kind as keyof typeof obligation] = row.id;
    // Due dates by the rules: 15 days after the buyer's payment; wages 5 days after the labour claim.
    expect(Object.fromEntries(rows.map((row) => [row.kind, row.due_on]))).toEqual({
      own_share: '2026-03-10',
      subcontract: '2026-03-25',
      supply: '2026-03-25',
      labour: '2026-03-10',
    });
  });

  test('10 March, the buyer pays: each payee is told its share; wages are due today', async () => {
    const result = await sweep('2026-03-10');
    expect(await openFindings()).toEqual(['due_today:labour']);
    expect(await openFindings()).toEqual(await expectedByRules(d('2026-03-10')));
    expect(result.open.due_today).toBe(1);
    const messages = await newMessages();
    expect(
      messages
        .filter((m) => m.kind === 'share_announced')
        .map((m) => m.to)
        .sort(),
    ).toEqual(['sub', 'supplier', 'worker']);
    expect(messages.find((m) => m.to === 'sub' && m.kind === 'share_announced')!.body).toBe(
      `[Hado] 발주기관이 T-${fixtureTag()} 기성금을 지급했습니다. 이 중 2,000,000원은 ${subName()} 몫이며 3월 25일까지 지급되어야 합니다.`,
    );
    expect(messages.find((m) => m.to === 'worker')!.body).toBe(
      `[Hado] The buyer paid T-${fixtureTag()}. ₩4,000,000 of this payment is yours, due by 10 Mar 2026.`,
    );
    expect(messages.find((m) => m.kind === 'due_today')).toMatchObject({ to: 'prime' });
  });

  test('a second sweep the same day raises nothing and sends nothing again', async () => {
    const result = await sweep('2026-03-10');
    expect(Object.values(result.raised).every((n) => n === 0)).toBe(true);
    expect(result.messages).toBe(0);
    expect(await newMessages()).toEqual([]);
  });

  test('11 March: unpaid wages are escalated to the official', async () => {
    await sweep('2026-03-11');
    expect(await openFindings()).toEqual(['unpaid_wage:labour']);
    expect(await openFindings()).toEqual(await expectedByRules(d('2026-03-11')));
    const messages = await newMessages();
    expect(messages.map((m) => `${m.kind}→${m.to}`).sort()).toEqual(['escalation_wage→official', 'wage_late→worker']);
    expect(messages.find((m) => m.to === 'official')!.urgent).toBe(true);
    expect(messages.find((m) => m.to === 'worker')!.body).toBe(
      '[Hado] Your wages of ₩4,000,000 due by 10 Mar 2026 are 1 days late. The buyer has been told.',
    );
  });

  test('22 March, three days before: the prime is warned of both shares; wages 12 days unpaid go to the official for direct payment', async () => {
    await sweep('2026-03-22');
    expect(await openFindings()).toEqual(['unpaid_wage:labour', 'upcoming:subcontract', 'upcoming:supply']);
    expect(await openFindings()).toEqual(await expectedByRules(d('2026-03-22')));
    const messages = await newMessages();
    expect(messages.map((m) => `${m.kind}→${m.to}`).sort()).toEqual([
      'deadline_warning→prime',
      'deadline_warning→prime',
      'direct_payment_suggested→official',
    ]);
    expect(messages.map((m) => m.body)).toContain(
      `[Hado] ${subName()}에 대한 2,000,000원 지급기한이 3월 25일입니다(3일 남음).`,
    );
  });

  test('25 March: due today; the warnings are resolved with the reason', async () => {
    await sweep('2026-03-25');
    expect(await openFindings()).toEqual(['due_today:subcontract', 'due_today:supply', 'unpaid_wage:labour']);
    expect(await openFindings()).toEqual(await expectedByRules(d('2026-03-25')));
    const resolved = await handle()
      .db.selectFrom('findings')
      .select(['kind', 'resolution', 'resolved_by'])
      .where('contract_id', '=', fixture.contractId)
      .where('kind', '=', 'upcoming')
      .execute();
    expect(resolved).toEqual([
      { kind: 'upcoming', resolution: 'the due date came', resolved_by: 'monitor' },
      { kind: 'upcoming', resolution: 'the due date came', resolved_by: 'monitor' },
    ]);
    expect((await newMessages()).map((m) => `${m.kind}→${m.to}`)).toEqual(['due_today→prime', 'due_today→prime']);
  });

  test('26 March: overdue; each payee is told, the official alerted', async () => {
    await sweep('2026-03-26');
    expect(await openFindings()).toEqual(['overdue:subcontract', 'overdue:supply', 'unpaid_wage:labour']);
    expect(await openFindings()).toEqual(await expectedByRules(d('2026-03-26')));
    const messages = (await newMessages()).map((m) => `${m.kind}→${m.to}`).sort();
    expect(messages).toEqual([
      'escalation_overdue→official',
      'escalation_overdue→official',
      'payment_late→sub',
      'payment_late→supplier',
    ]);
    const rows = await handle()
      .db.selectFrom('findings')
      .select(['kind', 'owner', 'severity', 'days_late'])
      .where('contract_id', '=', fixture.contractId)
      .where('kind', '=', 'overdue')
      .execute();
    for (const row of rows)
      expect(row).toEqual({ kind: 'overdue', owner: 'official', severity: 'critical', days_late: 1 });
  });

  test('27 March: half the supply share arrives; it is short-paid and still overdue', async () => {
    clock.set(tenAm('2026-03-27'));
    await executeClaimTransfers(handle().db, fixture.admin, clock, claimId, {
      executedOn: d('2026-03-27'),
      transfers: [{ obligationId: obligation.supply, amountWon: 500_000n }],
    });
    await sweep('2026-03-27');
    expect(await openFindings()).toEqual([
      'overdue:subcontract',
      'overdue:supply',
      'short_paid:supply',
      'unpaid_wage:labour',
    ]);
    expect(await openFindings()).toEqual(await expectedByRules(d('2026-03-27')));
    expect((await newMessages()).map((m) => m.body)).toEqual([
      `[Hado] ${supplierName()}, 3월 25일까지 받을 1,000,000원 중 500,000원만 입금되었습니다(부족 500,000원).`,
    ]);
  });

  test('5 April, past ten days overdue: the official is asked whether the buyer should pay directly', async () => {
    await sweep('2026-04-05');
    const suggestions = await handle()
      .db.selectFrom('direct_payment_suggestions')
      .select(['obligation_id', 'outstanding_won', 'days_overdue', 'state'])
      .where('contract_id', '=', fixture.contractId)
      .orderBy('obligation_id')
      .execute();
    expect(
      suggestions
        .map((s) => ({ ...s, obligation_id: keyOf(s.obligation_id) }))
        .sort((a, b) => a.obligation_id.localeCompare(b.obligation_id)),
    ).toEqual([
      { obligation_id: 'labour', outstanding_won: 4_000_000n, days_overdue: 12, state: 'pending' },
      { obligation_id: 'subcontract', outstanding_won: 2_000_000n, days_overdue: 11, state: 'pending' },
      { obligation_id: 'supply', outstanding_won: 500_000n, days_overdue: 11, state: 'pending' },
    ]);
    const messages = await newMessages();
    expect(messages.map((m) => `${m.kind}→${m.to}`)).toEqual([
      'direct_payment_suggested→official',
      'direct_payment_suggested→official',
    ]);
  });

  test('9 April, the subcontract is paid 15 days late: paid late with ₩12,739 interest, the payee told', async () => {
    clock.set(tenAm('2026-04-09'));
    await executeClaimTransfers(handle().db, fixture.admin, clock, claimId, {
      executedOn: d('2026-04-09'),
      transfers: [{ obligationId: obligation.subcontract, amountWon: 2_000_000n }],
    });
    await sweep('2026-04-09');
    expect(await openFindings()).toEqual([
      'overdue:supply',
      'paid_late:subcontract',
      'short_paid:supply',
      'unpaid_wage:labour',
    ]);
    expect(await openFindings()).toEqual(await expectedByRules(d('2026-04-09')));
    const late = await handle()
      .db.selectFrom('findings')
      .select(['days_late', 'amount_won'])
      .where('obligation_id', '=', obligation.subcontract)
      .where('kind', '=', 'paid_late')
      .executeTakeFirstOrThrow();
    expect(late).toEqual({ days_late: 15, amount_won: 2_000_000n });
    // By hand: 2,000,000 × 15.5 % × 15 days ÷ 365 = 12,739.73 → ₩12,739 (floored).
    // Supply, still open: 1,000,000 for 26–27 March (2 days; a payment's own day still counts the amount owed that
    // morning), then 500,000 from 28 March through 9 April (13 days): (2,000,000 + 6,500,000) × 0.155 ÷ 365 = 3,609.58.
    const rules = await loadRuleTable(handle().db);
    const rows = await handle().db.selectFrom('obligations').selectAll().where('claim_id', '=', claimId).execute();
    const verdicts = await verdictsOf(
      handle().db,
      rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        dueBasis: row.due_basis,
        amountWon: row.amount_won,
        dueOn: row.due_on,
        status: row.status,
      })),
      d('2026-04-09'),
      rules,
    );
    expect(verdicts.get(obligation.subcontract)!.delayInterestWon).toBe(12_739n);
    expect(verdicts.get(obligation.supply)!.delayInterestWon).toBe(3_609n);
    expect(verdicts.get(obligation.labour)!.delayInterestWon).toBe(0n); // wages bear no interest under §13(8)
    const messages = await newMessages();
    expect(messages.map((m) => `${m.kind}→${m.to}`).sort()).toEqual(['paid_late→sub', 'paid→sub']);
    expect(messages.find((m) => m.kind === 'paid_late')!.body).toBe(
      `[Hado] ${subName()}, 2,000,000원이 지급기한(3월 25일)보다 15일 늦게 지급되었습니다. 지연이자 12,739원을 청구할 수 있습니다.`,
    );
    const overdue = await handle()
      .db.selectFrom('findings')
      .select(['state', 'resolution'])
      .where('obligation_id', '=', obligation.subcontract)
      .where('kind', '=', 'overdue')
      .executeTakeFirstOrThrow();
    expect(overdue).toEqual({ state: 'resolved', resolution: 'paid in full on 2026-04-09' });
  });

  test('every finding transition is on record with who and why', async () => {
    const transitions = await handle()
      .db.selectFrom('finding_transitions')
      .select(['to_state', 'actor', 'reason'])
      .where('contract_id', '=', fixture.contractId)
      .execute();
    expect(transitions.length).toBe(6); // two warnings, three due-today (wages, subcontract, supply), one overdue
    for (const transition of transitions) expect(transition).toMatchObject({ to_state: 'resolved', actor: 'monitor' });
    expect(officialId).toBeGreaterThan(0n);
  });

  const fixtureTag = () => String(fixtureNumber).replace(/^T-/, '');
  let fixtureNumber = '';
  let subFirmName = '';
  let supplierFirmName = '';
  const subName = () => subFirmName;
  const supplierName = () => supplierFirmName;
  beforeAll(async () => {
    const db = handle().db;
    fixtureNumber = (
      await db
        .selectFrom('contracts')
        .select('contract_number')
        .where('id', '=', fixture.contractId)
        .executeTakeFirstOrThrow()
    ).contract_number;
    subFirmName = (
      await db.selectFrom('firms').select('name').where('id', '=', fixture.subFirmId).executeTakeFirstOrThrow()
    ).name;
    supplierFirmName = (
      await db.selectFrom('firms').select('name').where('id', '=', fixture.supplierFirmId).executeTakeFirstOrThrow()
    ).name;
  });
});
