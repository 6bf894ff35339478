// Specifies the demo's running clock on both engines, with the real clock moved by hand (no waiting): a demo day
// passes every HADO_DEMO_DAY_SECONDS, the clock is kept in the data so a restart continues where it stopped and
// commands run without the server see the demo's day, obligations move upcoming → due today → overdue as the
// demo days pass, and GET /api/v1/clock shows the demo date to anyone.
import { beforeAll, describe, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp } from '../http/test-app.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { AcceleratedClock, ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { demoDaySecondsFromEnv, saveDemoClock, startDemoClock, storedClock } from './stored-clock.ts';
import { runSweep } from './sweep.ts';

const settings = { sender: '15880142', quietHours: null };

describe('the accelerated clock', () => {
  for (const row of [
    { daySeconds: 300, realSeconds: 300, expected: '2026-03-11' },
    { daySeconds: 300, realSeconds: 299, expected: '2026-03-10' },
    { daySeconds: 60, realSeconds: 600, expected: '2026-03-20' },
    { daySeconds: 86_400, realSeconds: 3_600, expected: '2026-03-10' },
  ]) {
    test(`a ${row.daySeconds}-second day, ${row.realSeconds} real seconds after 10 March 00:00 Seoul → ${row.expected}`, () => {
      const real = new ManualClock(new Date('2030-01-01T00:00:00Z'));
      const clock = new AcceleratedClock(
        { demoAt: new Date('2026-03-09T15:00:00Z'), realAt: real.now() },
        86_400 / row.daySeconds,
        real,
      );
      expect(clock.today()).toBe('2026-03-10');
      real.advanceMs(row.realSeconds * 1_000);
      expect(clock.today()).toBe(row.expected);
    });
  }

  test('HADO_DEMO_DAY_SECONDS: five minutes by default, whole seconds up to a real day, anything else refused', () => {
    expect(demoDaySecondsFromEnv({})).toBe(300);
    expect(demoDaySecondsFromEnv({ HADO_DEMO_DAY_SECONDS: '86400' })).toBe(86_400);
    for (const text of ['0', '-5', '1.5', 'fast', '86401']) {
      expect(() => demoDaySecondsFromEnv({ HADO_DEMO_DAY_SECONDS: text })).toThrow(BadInputError);
    }
  });
});

describeEachEngine('the demo clock in the data', ({ handle }) => {
  const db = () => handle().db;
  const real = new ManualClock(new Date('2030-01-01T01:00:00Z'));

  test('it starts at real time, is saved, and after a restart continues where it stopped', async () => {
    const first = await startDemoClock(db(), { daySeconds: 300, real });
    expect(first.today()).toBe('2030-01-01');
    real.advanceMs(600_000); // ten real minutes: two demo days
    expect(first.today()).toBe('2030-01-03');
    await saveDemoClock(db(), first, 300);
    const stoppedAt = first.now();

    real.advanceMs(3_600_000); // the server is down for an hour: the demo stands still
    expect((await storedClock(db())).now()).toEqual(stoppedAt);
    const second = await startDemoClock(db(), { daySeconds: 300, real });
    expect(second.now()).toEqual(stoppedAt);
    real.advanceMs(300_000);
    expect(second.today()).toBe('2030-01-04');
  });
});

describeEachEngine('deadlines on the demo clock', ({ handle }) => {
  const db = () => handle().db;
  const real = new ManualClock(new Date('2031-06-01T00:00:00Z'));
  // The demo starts at 10:00 in Seoul on Tuesday 10 March 2026, a demo day every 300 real seconds.
  const clock = new AcceleratedClock({ demoAt: new Date('2026-03-10T01:00:00Z'), realAt: real.now() }, 288, real);
  let fixture: ClaimsFixture;
  let subcontractObligation: bigint;

  beforeAll(async () => {
    fixture = await createClaimsFixture(db());
    const paidOn = new ManualClock(new Date('2026-03-05T01:00:00Z'));
    const { claimId } = await submitClaim(db(), fixture.prime, paidOn, fixture.contractId, {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(3_000_000n),
      lines: [
        { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n) },
        { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
      ],
    });
    await approveClaim(db(), fixture.official, paidOn, claimId, undefined);
    // Paid on 5 March: the subcontract share is due 15 days later, on Friday 20 March.
    await recordBuyerPayment(db(), fixture.official, paidOn, claimId, {
      paidOn: civilDate('2026-03-05'),
      amountWon: won(3_000_000n),
    });
    const row = await db()
      .selectFrom('obligations')
      .select(['id', 'due_on'])
      .where('claim_id', '=', claimId)
      .where('kind', '=', 'subcontract')
      .executeTakeFirstOrThrow();
    expect(row.due_on).toBe('2026-03-20');
    subcontractObligation = row.id;
  });

  const openKinds = async () => {
    await runSweep(db(), { now: clock.now(), today: clock.today(), settings });
    const rows = await db()
      .selectFrom('findings')
      .select('kind')
      .where('obligation_id', '=', subcontractObligation)
      .where('state', '=', 'open')
      .execute();
    return rows.map((row) => row.kind).sort();
  };

  test('as demo days pass the share is upcoming, due today, then overdue', async () => {
    expect(await openKinds()).toEqual([]);
    real.advanceMs(7 * 300_000); // 17 March: three days before
    expect(clock.today()).toBe('2026-03-17');
    expect(await openKinds()).toEqual(['upcoming']);
    real.advanceMs(3 * 300_000); // 20 March
    expect(await openKinds()).toEqual(['due_today']);
    real.advanceMs(300_000); // 21 March
    expect(await openKinds()).toEqual(['overdue']);
  });

  test('GET /api/v1/clock shows the demo date to anyone, and moves with it', async () => {
    const hado = await createTestApp(handle(), { demo: false, clock });
    try {
      const first = (await hado.anonymous().get('/api/v1/clock')).json();
      expect(first).toMatchObject({ today: clock.today(), speed: 288, daySeconds: 300 });
      real.advanceMs(300_000);
      const next = (await hado.anonymous().get('/api/v1/clock')).json();
      expect(Date.parse(next.now) - Date.parse(first.now)).toBeGreaterThanOrEqual(86_400_000);
      expect(next.today > first.today).toBe(true);
    } finally {
      await hado.close();
    }
  });
});
