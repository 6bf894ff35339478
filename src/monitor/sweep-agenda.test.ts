// Specifies that the incremental sweep (only the obligations on the monitor's agenda) keeps exactly the findings
// the pure rules give, on both engines: over random worlds of obligations (every kind, partly and fully paid,
// early and late) and random sequences of sweep days with payments recorded between them, after every sweep
// the open findings are those `findingsOf` names for each obligation on that day, and a direct payment has been
// suggested for exactly the obligations some sweep saw unpaid ten days past due.
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { addDays, type CivilDate, civilDate, daysBetween } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { defaultQuietHours } from '../outbox/quiet-hours.ts';
import { findingsOf, type MonitoredObligation } from './classify-obligation.ts';
import { defaultMonitorPolicy, runSweep } from './sweep.ts';

const settings = { sender: '15880142', quietHours: defaultQuietHours };
const start = civilDate('2026-03-10');
const warningDays = 3;
const kinds = ['own_share', 'subcontract', 'supply', 'labour', 'advance'] as const;

type Generated = {
  readonly kind: (typeof kinds)[number];
  readonly amountWon: number;
  readonly dueOffset: number;
  /** Paid before the first sweep: nothing, part, or all (on the day `paidOffset` from the start). */
  readonly initially: 'unpaid' | 'part' | 'full';
  readonly paidOffset: number;
};
type Step = {
  /** Days after the previous sweep (0: the same day again). */
  readonly gap: number;
  /** Payments recorded before this sweep: which obligation (index modulo the world), part or all of the rest. */
  readonly payments: readonly { readonly index: number; readonly full: boolean }[];
};

const obligationArb = fc.record({
  kind: fc.constantFrom(...kinds),
  amountWon: fc.integer({ min: 2, max: 5_000_000 }),
  dueOffset: fc.integer({ min: -20, max: 25 }),
  initially: fc.constantFrom('unpaid', 'unpaid', 'part', 'full'),
  paidOffset: fc.integer({ min: -25, max: 0 }),
}) as fc.Arbitrary<Generated>;
const stepArb: fc.Arbitrary<Step> = fc.record({
  gap: fc.integer({ min: 0, max: 8 }),
  payments: fc.array(fc.record({ index: fc.nat(), full: fc.boolean() }), { maxLength: 3 }),
});

describeEachEngine('incremental sweep equals the pure rules', ({ handle }) => {
  let fixture: ClaimsFixture;
  let template: { claimLineId: bigint; obligationId: bigint };
  let lineNo = 1_000;

  beforeAll(async () => {
    const db = handle().db;
    const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
    fixture = await createClaimsFixture(db);
    const { claimId } = await submitClaim(db, fixture.prime, clock, fixture.contractId, {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(3_000_000n),
      lines: [
        { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n) },
        { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
      ],
    });
    await approveClaim(db, fixture.official, clock, claimId, undefined);
    await recordBuyerPayment(db, fixture.official, clock, claimId, { paidOn: start, amountWon: won(3_000_000n) });
    const row = await db
      .selectFrom('obligations')
      .select(['id', 'claim_line_id'])
      .where('claim_id', '=', claimId)
      .where('kind', '=', 'subcontract')
      .executeTakeFirstOrThrow();
    template = { claimLineId: row.claim_line_id, obligationId: row.id };
  });

  /** One world: the generated obligations, cloned from the claim's subcontract line and obligation. */
  const createWorld = async (world: readonly Generated[]): Promise<bigint[]> => {
    const db = handle().db;
    const ids: bigint[] = [];
    for (const o of world) {
      lineNo += 1;
      const paidWon = o.initially === 'full' ? o.amountWon : o.initially === 'part' ? Math.floor(o.amountWon / 2) : 0;
      const paidOn = o.initially === 'full' ? addDays(start, o.paidOffset) : null;
      const { rows } = await sql<{ id: bigint }>`
        with line as (
          insert into claim_lines (contract_id, claim_id, claim_version, line_no, kind, subcontract_id,
            payee_kind, payee_id, payee_account_id, amount_won, delivered_on, status)
          select contract_id, claim_id, claim_version, ${lineNo}, kind, subcontract_id, payee_kind, payee_id,
            payee_account_id, ${o.amountWon}, delivered_on, status
          from claim_lines where id = ${template.claimLineId}
          returning id)
        insert into obligations (contract_id, claim_id, claim_line_id, kind, payee_kind, payee_id, payee_account_id,
          source_purpose, amount_won, paid_won, paid_on, due_on, due_basis, rule_version_id, status)
        select t.contract_id, t.claim_id, line.id, ${o.kind}, t.payee_kind, t.payee_id, t.payee_account_id,
          t.source_purpose, ${o.amountWon}, ${paidWon}, ${paidOn}::date, ${addDays(start, o.dueOffset)}::date,
          t.due_basis, t.rule_version_id, t.status
        from obligations t, line where t.id = ${template.obligationId}
        returning id`.execute(db);
      ids.push(rows[0]!.id);
    }
    return ids;
  };

  const removeWorld = async (ids: readonly bigint[]) => {
    const db = handle().db;
    await sql`delete from direct_payment_suggestions where obligation_id = any(${ids}::bigint[])`.execute(db);
    await sql`delete from finding_transitions where finding_id in (
      select id from findings where obligation_id = any(${ids}::bigint[]))`.execute(db);
    await sql`delete from findings where obligation_id = any(${ids}::bigint[])`.execute(db);
    await sql`delete from obligation_notices where obligation_id = any(${ids}::bigint[])`.execute(db);
    await sql`delete from monitor_agenda where obligation_id = any(${ids}::bigint[])`.execute(db);
    const { rows } = await sql<{ claim_line_id: bigint }>`
      delete from obligations where id = any(${ids}::bigint[]) returning claim_line_id`.execute(db);
    await sql`delete from claim_lines where id = any(${rows.map((row) => row.claim_line_id)}::bigint[])`.execute(db);
  };

  const stateOf = async (ids: readonly bigint[]) => {
    const rows = await handle()
      .db.selectFrom('obligations')
      .select(['id', 'kind', 'amount_won', 'paid_won', 'paid_on', 'due_on'])
      .where('id', 'in', ids)
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          kind: row.kind,
          amountWon: row.amount_won,
          paidWon: row.paid_won,
          paidOn: row.paid_on === null ? null : civilDate(row.paid_on),
          dueOn: civilDate(row.due_on),
        } satisfies MonitoredObligation,
      ]),
    );
  };

  test('after every sweep, open findings and suggestions are what the rules say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(obligationArb, { minLength: 1, maxLength: 12 }),
        fc.array(stepArb, { minLength: 1, maxLength: 7 }),
        async (world, steps) => {
          const db = handle().db;
          const ids = await createWorld(world);
          try {
            const suggested = new Set<bigint>();
            let today: CivilDate = addDays(start, -5);
            for (const step of steps) {
              today = addDays(today, step.gap);
              for (const payment of step.payments) {
                const id = ids[payment.index % ids.length]!;
                // Half of what is left, or all of it, paid today (as reconciliation would record it).
                await sql`
                  update obligations set
                    paid_won = case when ${payment.full} then amount_won else paid_won + (amount_won - paid_won) / 2 end,
                    paid_on = case when ${payment.full} or paid_won + (amount_won - paid_won) / 2 >= amount_won
                      then coalesce(paid_on, ${today}::date) end
                  where id = ${id} and paid_on is null`.execute(db);
              }
              await runSweep(db, {
                now: new Date(`${today}T01:00:00Z`),
                today,
                settings,
                contractId: fixture.contractId,
              });
              const state = await stateOf(ids);
              const expected = ids
                .flatMap((id) => findingsOf(state.get(id)!, today, warningDays).map((kind) => `${kind}:${id}`))
                .sort();
              const open = (
                await db
                  .selectFrom('findings')
                  .select(['kind', 'obligation_id'])
                  .where('obligation_id', 'in', ids)
                  .where('state', '=', 'open')
                  .execute()
              )
                .map((row) => `${row.kind}:${row.obligation_id}`)
                .sort();
              expect(open, `open findings on ${today}`).toEqual(expected);

              for (const id of ids) {
                const o = state.get(id)!;
                const overdueFor = daysBetween(o.dueOn, today);
                if (
                  o.kind !== 'own_share' &&
                  o.paidOn === null &&
                  overdueFor >= defaultMonitorPolicy.directPaymentAfterDays
                )
                  suggested.add(id);
              }
              const suggestions = (
                await db
                  .selectFrom('direct_payment_suggestions')
                  .select('obligation_id')
                  .where('obligation_id', 'in', ids)
                  .execute()
              )
                .map((row) => String(row.obligation_id))
                .sort();
              expect(suggestions, `suggestions on ${today}`).toEqual([...suggested].map(String).sort());
            }
          } finally {
            await removeWorld(ids);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
