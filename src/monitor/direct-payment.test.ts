// Specifies direct payment by the buyer (Framework Act §35) end to end on both engines: a subcontract share the prime
// leaves unpaid becomes overdue, the monitor suggests direct payment, the official takes it (one transaction: the
// decision, a pain.001 from the buyer's paying account, the prime's claim reduced in the ledger, messages to the
// payee, the prime and the official), the sandbox bank executes it and reports it (camt.054), reconciliation marks
// the obligation paid by the buyer, the overdue finding resolves and the ledger checks clean. Declining records
// only the decision; deciding twice, an obligation already paid, an unverified account and a buyer without a paying
// account are refused and write nothing.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { validateAgainstXsd } from '../bank/instructions/xsd.test-helper.ts';
import { inProcessSandboxAdapter, type SandboxBank } from '../bank/sandbox/index.ts';
import type { ClaimsFixture } from '../claims/claims.test-fixture.ts';
import { endToEndIdOf } from '../claims/index.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock, systemClock } from '../kernel/clock.ts';
import { checkLedger, contractBalances } from '../ledger/index.ts';
import { buildDirectPaymentWorld, buyerAccount, tenAm } from './direct-payment.test-world.ts';
import { submitDirectPaymentInstruction } from './direct-payment-instruction.ts';
import { runSweep } from './sweep.ts';

process.env.HADO_BANK_KEY_SECRET ??= 'test-bank-key-master-0123456789abcdef';
process.env.HADO_SMS_QUIET_HOURS = 'off';

const _d = civilDate;
const settings = { sender: '15880142', quietHours: null };

describeEachEngine('direct payment by the buyer', ({ handle }) => {
  const clock = new ManualClock(tenAm('2026-03-05'));
  const db = () => handle().db;
  let hado: TestApp;
  let bank: SandboxBank;
  let fixture: ClaimsFixture;
  let claimId: bigint;
  const obligation = { subcontract: 0n, supply: 0n, labour: 0n, own_share: 0n };
  const suggestionOf = async (obligationId: bigint) =>
    db()
      .selectFrom('direct_payment_suggestions')
      .selectAll()
      .where('obligation_id', '=', obligationId)
      .executeTakeFirstOrThrow();
  const sweep = (date: string) => {
    clock.set(tenAm(date));
    return runSweep(db(), { now: clock.now(), today: clock.today(), settings });
  };
  const decide = (suggestionId: bigint, decision: 'take' | 'decline') =>
    hado.admin().post(`/api/v1/direct-payment-suggestions/${suggestionId}/decision`, {
      decision,
      reason: decision === 'take' ? '원도급사 지급 지연: 직접지급' : '원도급사가 지급 예정',
    });
  /** What a refused decision must leave as it was. */
  const writes = async () => ({
    entries: (await db().selectFrom('journal_entries').select('id').execute()).length,
    payments: (await db().selectFrom('direct_payments').select('id').execute()).length,
    messages: (await db().selectFrom('outbox_messages').select('id').execute()).length,
    decided: (
      await db().selectFrom('direct_payment_suggestions').select('id').where('state', '<>', 'pending').execute()
    ).length,
  });

  beforeAll(async () => {
    // The monitor runs on a moved clock; the sandbox bank signs its reports in real time.
    hado = await createTestApp(handle(), { demo: false, clock, realClock: systemClock });
    const world = await buildDirectPaymentWorld(db(), hado, clock, {
      buyerBalanceWon: 500_000_000n,
      phones: (f) => [
        [f.primeFirmId, '+821090000001'],
        [f.subFirmId, '+821090000002'],
      ],
      accountsOf: (f) => [f.subFirmId],
    });
    ({ fixture, bank, claimId } = world);
    Object.assign(obligation, world.obligation);
  }, 120_000);
  afterAll(() => hado?.close());

  test('ten days overdue, the monitor suggests direct payment of the subcontract and supply shares', async () => {
    await sweep('2026-03-26');
    await sweep('2026-04-05');
    for (const kind of ['subcontract', 'supply'] as const) {
      expect(await suggestionOf(obligation[kind])).toMatchObject({
        state: 'pending',
        outstanding_won: kind === 'subcontract' ? 2_000_000n : 1_000_000n,
      });
    }
    const overdue = await db()
      .selectFrom('findings')
      .select(['kind', 'state'])
      .where('obligation_id', '=', obligation.subcontract)
      .where('kind', '=', 'overdue')
      .executeTakeFirstOrThrow();
    expect(overdue.state).toBe('open');
  });

  test('refused and nothing written: no paying account for the buyer, then an unverified payee account', async () => {
    const suggestion = await suggestionOf(obligation.subcontract);
    const before = await writes();
    const noAccount = await decide(suggestion.id, 'take');
    expect([noAccount.statusCode, noAccount.json().error.code]).toEqual([422, 'buyer_account_missing']);
    expect(await writes()).toEqual(before);

    const registered = await hado.admin().request('PUT', `/api/v1/buyers/${fixture.buyerId}/payment-account`, {
      ...buyerAccount,
      holderName: '다른 이름',
    });
    expect([registered.statusCode, registered.json().error.code]).toEqual([422, 'account_holder_mismatch']);
    const ok = await hado.admin().request('PUT', `/api/v1/buyers/${fixture.buyerId}/payment-account`, buyerAccount);
    expect(ok.statusCode).toBe(200);

    const subAccount = await db()
      .selectFrom('subcontracts')
      .select('payee_account_id')
      .where('id', '=', fixture.subcontractId)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('payee_accounts')
      .set({ verification: 'unverified', verified_at: null })
      .where('id', '=', subAccount.payee_account_id)
      .execute();
    const afterAccount = await writes();
    const unverified = await decide(suggestion.id, 'take');
    expect([unverified.statusCode, unverified.json().error.code]).toEqual([422, 'payee_account_not_verified']);
    expect(await writes()).toEqual(afterAccount);
    await db()
      .updateTable('payee_accounts')
      .set({ verification: 'verified', verified_at: clock.now() })
      .where('id', '=', subAccount.payee_account_id)
      .execute();
  });

  test('take: the decision, the instruction, the prime claim reduced and the messages commit together', async () => {
    const suggestion = await suggestionOf(obligation.subcontract);
    const taken = await decide(suggestion.id, 'take');
    expect(taken.statusCode).toBe(200);
    const answer = taken.json();
    expect(answer).toMatchObject({
      state: 'taken',
      directPayment: {
        obligationId: String(obligation.subcontract),
        claimId: String(claimId),
        amountWon: '2000000',
        claimReducedByWon: '2000000',
        messages: 3,
      },
    });
    expect(answer.directPayment.endToEndId).toBe(`HADO-D${answer.directPayment.id}`);
    expect((await suggestionOf(obligation.subcontract)).state).toBe('taken');

    const messages = await db()
      .selectFrom('outbox_messages')
      .select(['kind', 'recipient_kind', 'locale', 'body'])
      .where('idempotency_key', 'like', `direct_payment:${answer.directPayment.id}:%`)
      .orderBy('id')
      .execute();
    expect(messages.map((m) => [m.kind, m.recipient_kind, m.locale])).toEqual([
      ['direct_payment_payee', 'firm', 'ko'],
      ['direct_payment_prime', 'firm', 'ko'],
      ['direct_payment_official', 'user', 'en'],
    ]);
    expect(messages[0]!.body).toContain('2,000,000원');
    expect(messages[1]!.body).toContain('1차 기성 청구액이 같은 금액만큼 줄어듭니다');
    expect(messages[2]!.body).toContain('₩2,000,000');

    // The prime's claim is reduced by the amount in the ledger; the obligation is not paid until the bank says so.
    const balances = await contractBalances(db(), fixture.contractId);
    const memo = (kind: string) => balances.find((b) => b.kind === kind)?.balanceWon ?? 0n;
    expect(memo('prime_deduction')).toBe(2_000_000n);
    expect(memo('buyer_direct')).toBe(2_000_000n);
    const owed = await db()
      .selectFrom('obligations')
      .select(['paid_won'])
      .where('id', '=', obligation.subcontract)
      .executeTakeFirstOrThrow();
    expect(owed.paid_won).toBe(0n);

    const again = await decide(suggestion.id, 'take');
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'suggestion_already_decided']);
    expect((await checkLedger(db())).violations).toEqual([]);
  });

  test('the bank executes the instruction, reconciliation marks the obligation paid by the buyer, the finding resolves', async () => {
    const payment = await db()
      .selectFrom('direct_payments')
      .selectAll()
      .where('obligation_id', '=', obligation.subcontract)
      .executeTakeFirstOrThrow();
    const xml = await hado.admin().get(`/api/v1/direct-payments/${payment.id}/instruction`);
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toContain(`<EndToEndId>HADO-D${payment.id}</EndToEndId>`);
    expect(xml.body).toContain(buyerAccount.accountNumber);
    expect(validateAgainstXsd(xml.body, 'pain.001.001.09.xsd')).toEqual({ valid: true });

    const adapter = inProcessSandboxAdapter(bank, db(), ['004']);
    const actor = { label: 'test' };
    expect(
      await submitDirectPaymentInstruction(db(), adapter, { directPaymentId: payment.id, actor, now: clock.now() }),
    ).toMatchObject({
      result: 'submitted',
      bank: { kind: 'accepted' },
    });
    expect(
      await submitDirectPaymentInstruction(db(), adapter, { directPaymentId: payment.id, actor, now: clock.now() }),
    ).toMatchObject({
      result: 'exists',
    });
    clock.set(tenAm('2026-04-06'));
    for (let pass = 0; pass < 10; pass += 1) {
      await bank.tick();
      const pending = await db()
        .selectFrom('sandbox_bank.outgoing')
        .select('id')
        .where('delivered_at', 'is', null)
        .execute();
      if (pending.length === 0) break;
      // A signature names its second: a message sent twice within one is refused once as a replay.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    const paid = await db()
      .selectFrom('direct_payments')
      .selectAll()
      .where('id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(paid).toMatchObject({ state: 'paid', paid_on: '2026-04-06' });
    const movement = await db()
      .selectFrom('bank_movements')
      .selectAll()
      .where('id', '=', paid.movement_id!)
      .executeTakeFirstOrThrow();
    expect(movement).toMatchObject({
      state: 'matched',
      obligation_id: obligation.subcontract,
      contract_id: fixture.contractId,
    });
    const queued = await db()
      .selectFrom('bank_exceptions')
      .select(['state', 'decision'])
      .where('movement_id', '=', movement.id)
      .execute();
    expect(queued).toEqual([{ state: 'resolved', decision: 'matched' }]);
    const settled = await db()
      .selectFrom('obligations')
      .select(['paid_won', 'paid_on'])
      .where('id', '=', obligation.subcontract)
      .executeTakeFirstOrThrow();
    expect(settled).toEqual({ paid_won: 2_000_000n, paid_on: '2026-04-06' });

    await sweep('2026-04-06');
    const findings = await db()
      .selectFrom('findings')
      .select(['kind', 'state'])
      .where('obligation_id', '=', obligation.subcontract)
      .where('kind', '=', 'overdue')
      .execute();
    expect(findings).toEqual([{ kind: 'overdue', state: 'resolved' }]);

    // The buyer funded the contract twice for this share: the dedicated account still holds it, owed back by the prime.
    const balances = await contractBalances(db(), fixture.contractId);
    const balance = (kind: string) =>
      balances.filter((b) => b.kind === kind).reduce((sum, b) => sum + b.balanceWon, 0n);
    expect(balance('buyer_funding')).toBe(10_000_000n);
    expect(balance('prime_deduction')).toBe(2_000_000n);
    const listed = await hado.admin().get(`/api/v1/direct-payments?claimId=${claimId}`);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        obligationId: String(obligation.subcontract),
        claimReducedByWon: '2000000',
        state: 'paid',
        paidOn: '2026-04-06',
      }),
    ]);
    expect(await checkLedger(db())).toMatchObject({ result: 'clean', violations: [] });
    expect(endToEndIdOf(obligation.subcontract)).not.toBe(movement.end_to_end_id);
  }, 60_000);

  test('decline records only the decision; an obligation paid meanwhile is refused', async () => {
    const before = await writes();
    const supply = await suggestionOf(obligation.supply);
    const declined = await decide(supply.id, 'decline');
    expect(declined.json()).toEqual({ state: 'declined' });
    expect(await writes()).toEqual({ ...before, decided: before.decided + 1 });

    // A suggestion still pending for an obligation that has since been paid in full.
    await db()
      .insertInto('direct_payment_suggestions')
      .values({
        contract_id: fixture.contractId,
        obligation_id: obligation.own_share,
        outstanding_won: 1_000_000n,
        days_overdue: 11,
        suggested_at: clock.now(),
      })
      .execute();
    const paidAlready = await suggestionOf(obligation.own_share);
    const snapshot = await writes();
    const refused = await decide(paidAlready.id, 'take');
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'obligation_already_paid']);
    expect(await writes()).toEqual(snapshot);
  });
});
