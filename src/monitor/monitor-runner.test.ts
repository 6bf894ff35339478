// Specifies the event-driven monitor on both engines: once the buyer's payment commits, the database's event
// reaches the running monitor, whose sweep of that contract raises the findings and enqueues the messages — no
// one calls the sweep. Asserted with a generous timeout, never a speed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, type ClaimDraft, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { MonitorRunner } from './monitor-runner.ts';

describeEachEngine('monitor runner', ({ handle }) => {
  const clock = new ManualClock(new Date('2026-03-05T01:00:00Z'));
  let fixture: ClaimsFixture;
  let runner: MonitorRunner;

  beforeAll(async () => {
    fixture = await createClaimsFixture(handle().db);
    runner = new MonitorRunner({
      handle: handle(),
      clock,
      settings: { sender: '15880142', quietHours: null },
      sweepIntervalMs: 3_600_000,
      debounceMs: 20,
    });
    await runner.start();
  });
  afterAll(() => runner.stop());

  test("a buyer's payment becomes findings and messages by itself", async () => {
    const draft: ClaimDraft = {
      periodStart: civilDate('2026-02-01'),
      periodEnd: civilDate('2026-02-28'),
      totalWon: won(4_000_000n),
      lines: [{ kind: 'labour', workerEngagementId: fixture.engagementIds[0]!, daysWorked: 20 }],
    };
    const { claimId } = await submitClaim(handle().db, fixture.prime, clock, fixture.contractId, draft);
    await approveClaim(handle().db, fixture.official, clock, claimId, undefined);
    clock.set(new Date('2026-03-10T01:00:00Z'));
    await recordBuyerPayment(handle().db, fixture.official, clock, claimId, {
      paidOn: civilDate('2026-03-10'),
      amountWon: draft.totalWon,
    });
    const deadline = Date.now() + 20_000;
    let kinds: string[] = [];
    while (Date.now() < deadline) {
      kinds = (
        await handle().db.selectFrom('findings').select('kind').where('contract_id', '=', fixture.contractId).execute()
      ).map((row) => row.kind);
      if (kinds.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(kinds).toEqual(['due_today']);
    const messages = await handle()
      .db.selectFrom('outbox_messages')
      .select('kind')
      .where('contract_id', '=', fixture.contractId)
      .execute();
    expect(messages.map((m) => m.kind)).toContain('share_announced');
  });
});
