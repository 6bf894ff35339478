// Specifies what happens to a direct payment by the buyer after the official took it, on both engines, with the
// sandbox bank: a transfer the bank rejects (pain.002 RJCT, AM04) undoes the decision — the direct payment is
// `rejected` with the bank's reason, the prime's claim reduction is reversed in the ledger, the suggestion is
// pending again, the finding names the contract and obligation, the officials are told — and the suggestion can be
// taken again and paid; a repeated rejection changes nothing. A direct payment that lands after the prime also paid
// raises an `overpaid` finding. `hado instructions export` writes the direct payments' pain.001 beside the claims'.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { validateAgainstXsd } from '../bank/instructions/xsd.test-helper.ts';
import { applyPaymentStatuses } from '../bank/reconcile/index.ts';
import { inProcessSandboxAdapter, type SandboxBank } from '../bank/sandbox/index.ts';
import type { ClaimsFixture } from '../claims/claims.test-fixture.ts';
import { executeClaimTransfers } from '../claims/index.ts';
import { exportInstructions } from '../claims/instructions-export.command.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock, systemClock } from '../kernel/clock.ts';
import { checkLedger, contractBalances } from '../ledger/index.ts';
import { buildDirectPaymentWorld, buyerAccount, tenAm } from './direct-payment.test-world.ts';
import { submitDirectPaymentInstruction } from './direct-payment-instruction.ts';
import { runSweep } from './sweep.ts';

process.env.HADO_BANK_KEY_SECRET ??= 'test-bank-key-master-0123456789abcdef';
process.env.HADO_SMS_QUIET_HOURS = 'off';

const d = civilDate;
const settings = { sender: '15880142', quietHours: null };

describeEachEngine('direct payment rejected, retaken, overpaid and exported', ({ handle }) => {
  const clock = new ManualClock(tenAm('2026-03-05'));
  const db = () => handle().db;
  let hado: TestApp;
  let bank: SandboxBank;
  let fixture: ClaimsFixture;
  let claimId: bigint;
  const obligation = { subcontract: 0n, supply: 0n, labour: 0n, own_share: 0n };
  const actor = { label: 'test' };
  const outDir = mkdtempSync(join(tmpdir(), 'hado-direct-export-'));
  const suggestionOf = (obligationId: bigint) =>
    db()
      .selectFrom('direct_payment_suggestions')
      .selectAll()
      .where('obligation_id', '=', obligationId)
      .executeTakeFirstOrThrow();
  const take = async (obligationId: bigint) => {
    const suggestion = await suggestionOf(obligationId);
    const taken = await hado
      .admin()
      .post(`/api/v1/direct-payment-suggestions/${suggestion.id}/decision`, { decision: 'take', reason: '지급 지연' });
    expect(taken.statusCode, taken.body).toBe(200);
    return BigInt(taken.json().directPayment.id);
  };
  const directPayment = (id: bigint) =>
    db().selectFrom('direct_payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const memo = async (kind: 'prime_deduction' | 'buyer_direct') =>
    (await contractBalances(db(), fixture.contractId))
      .filter((balance) => balance.kind === kind)
      .reduce((sum, balance) => sum + balance.balanceWon, 0n);
  /** Submits a direct payment's pain.001 to the sandbox bank and lets the bank execute and report it. */
  const execute = async (directPaymentId: bigint) => {
    const adapter = inProcessSandboxAdapter(bank, db(), ['004']);
    const submitted = await submitDirectPaymentInstruction(db(), adapter, { directPaymentId, actor, now: clock.now() });
    expect(submitted).toMatchObject({ result: 'submitted', bank: { kind: 'accepted' } });
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
  };

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false, clock, realClock: systemClock });
    // The buyer's paying account holds nothing yet: its bank will refuse the first transfer (AM04).
    const world = await buildDirectPaymentWorld(db(), hado, clock, {
      buyerBalanceWon: 0n,
      phones: (f) => [[f.primeFirmId, '+821090000001']],
      accountsOf: (f) => [f.subFirmId, f.supplierFirmId],
    });
    ({ fixture, bank, claimId } = world);
    Object.assign(obligation, world.obligation);
    const registered = await hado
      .admin()
      .request('PUT', `/api/v1/buyers/${fixture.buyerId}/payment-account`, buyerAccount);
    expect(registered.statusCode).toBe(200);
    // Ten days overdue: the monitor suggests direct payment of the subcontract and supply shares.
    for (const date of ['2026-03-26', '2026-04-05']) {
      clock.set(tenAm(date));
      await runSweep(db(), { now: clock.now(), today: clock.today(), settings });
    }
  }, 120_000);
  afterAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    await hado?.close();
  });

  let rejectedId = 0n;

  test('the bank rejects the transfer: the decision is undone, the finding names the contract, the official is told', async () => {
    rejectedId = await take(obligation.subcontract);
    expect(await memo('prime_deduction')).toBe(2_000_000n);
    const decided = await directPayment(rejectedId);
    clock.set(tenAm('2026-04-06'));
    await execute(rejectedId);

    const rejected = await directPayment(rejectedId);
    expect(rejected).toMatchObject({ state: 'rejected', rejection_reason: 'AM04', paid_on: null });
    const reversal = await db()
      .selectFrom('journal_entries')
      .selectAll()
      .where('id', '=', rejected.rejected_entry_id!)
      .executeTakeFirstOrThrow();
    expect(reversal).toMatchObject({
      kind: 'reversal',
      reverses_entry_id: decided.decided_entry_id,
      contract_id: fixture.contractId,
    });
    // The prime's claim is not reduced any more: it owes the share again.
    expect(await memo('prime_deduction')).toBe(0n);
    expect(await memo('buyer_direct')).toBe(0n);
    const owed = await db()
      .selectFrom('obligations')
      .select(['paid_won', 'paid_on'])
      .where('id', '=', obligation.subcontract)
      .executeTakeFirstOrThrow();
    expect(owed).toEqual({ paid_won: 0n, paid_on: null });
    expect(await suggestionOf(obligation.subcontract)).toMatchObject({
      state: 'pending',
      decided_by: null,
      decided_at: null,
    });

    const findings = await db().selectFrom('findings').selectAll().where('kind', '=', 'transfer_rejected').execute();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      contract_id: fixture.contractId,
      obligation_id: obligation.subcontract,
      amount_won: 2_000_000n,
      finding_key: `transfer_rejected:HADO-DP${rejectedId}:HADO-D${rejectedId}`,
    });
    expect(findings[0]!.detail).toMatchObject({ reasons: ['AM04'], directPaymentId: String(rejectedId) });

    const told = await db()
      .selectFrom('outbox_messages')
      .select(['kind', 'recipient_kind', 'locale', 'body', 'urgent'])
      .where('idempotency_key', 'like', `direct_payment_rejected:${rejectedId}:%`)
      .execute();
    expect(told.map((m) => [m.kind, m.recipient_kind, m.locale, m.urgent])).toEqual([
      ['direct_payment_rejected', 'user', 'en', true],
    ]);
    expect(told[0]!.body).toContain('₩2,000,000');
    expect(told[0]!.body).toContain('AM04');

    const listed = await hado.admin().get(`/api/v1/direct-payments?claimId=${claimId}`);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        id: String(rejectedId),
        state: 'rejected',
        claimReducedByWon: '0',
        rejectionReason: 'AM04',
      }),
    ]);
    expect(await checkLedger(db())).toMatchObject({ result: 'clean', violations: [] });
  }, 60_000);

  test('the same rejection reported again changes nothing', async () => {
    const entries = (await db().selectFrom('journal_entries').select('id').execute()).length;
    const messages = (await db().selectFrom('outbox_messages').select('id').execute()).length;
    await db()
      .transaction()
      .execute((tx) =>
        applyPaymentStatuses(tx, {
          statuses: [
            {
              level: 'group',
              status: 'RJCT',
              reasons: ['AC04'],
              additionalInformation: [],
              originalMessageId: `HADO-DP${rejectedId}`,
              originalPaymentInformationId: null,
              originalInstructionId: null,
              originalEndToEndId: null,
            },
          ],
          now: clock.now(),
          actor,
          settings,
        }),
      );
    expect((await db().selectFrom('journal_entries').select('id').execute()).length).toBe(entries);
    expect((await db().selectFrom('outbox_messages').select('id').execute()).length).toBe(messages);
    expect(await directPayment(rejectedId)).toMatchObject({ state: 'rejected', rejection_reason: 'AM04' });
    expect(await suggestionOf(obligation.subcontract)).toMatchObject({ state: 'pending' });
  });

  test('taken again once the account is funded: a new direct payment, paid, the claim reduced once', async () => {
    await bank.openAccount({ ...buyerAccount, balanceWon: 500_000_000n });
    const againId = await take(obligation.subcontract);
    expect(againId).not.toBe(rejectedId);
    expect(await memo('prime_deduction')).toBe(2_000_000n);
    clock.set(tenAm('2026-04-07'));
    await execute(againId);
    expect(await directPayment(againId)).toMatchObject({ state: 'paid', paid_on: '2026-04-07' });
    expect(await directPayment(rejectedId)).toMatchObject({ state: 'rejected' });
    const settled = await db()
      .selectFrom('obligations')
      .select(['paid_won', 'paid_on'])
      .where('id', '=', obligation.subcontract)
      .executeTakeFirstOrThrow();
    expect(settled).toEqual({ paid_won: 2_000_000n, paid_on: '2026-04-07' });
    expect(await memo('prime_deduction')).toBe(2_000_000n);
    expect(await checkLedger(db())).toMatchObject({ result: 'clean', violations: [] });
  }, 60_000);

  test('a direct payment landing after the prime also paid raises an overpaid finding', async () => {
    const supplyPaymentId = await take(obligation.supply);
    // The prime pays the supplier meanwhile, before the buyer's bank executes the direct payment.
    clock.set(tenAm('2026-04-08'));
    await executeClaimTransfers(db(), fixture.admin, clock, claimId, {
      executedOn: d('2026-04-08'),
      transfers: [{ obligationId: obligation.supply, amountWon: 1_000_000n }],
    });
    await execute(supplyPaymentId);
    const paid = await directPayment(supplyPaymentId);
    expect(paid.state).toBe('paid');
    const overpaid = await db()
      .selectFrom('findings')
      .selectAll()
      .where('kind', '=', 'overpaid')
      .where('obligation_id', '=', obligation.supply)
      .execute();
    expect(overpaid).toHaveLength(1);
    expect(overpaid[0]).toMatchObject({
      finding_key: `overpaid:movement:${paid.movement_id}`,
      contract_id: fixture.contractId,
      movement_id: paid.movement_id,
      amount_won: 1_000_000n,
    });
    expect(overpaid[0]!.detail).toEqual({ paidWon: '1000000', overpaidWon: '1000000' });
    expect(await checkLedger(db())).toMatchObject({ result: 'clean', violations: [] });
  }, 60_000);

  test('instructions export: --all-direct-payments writes the standing direct payments, valid, as the API serves them; --all only claims', async () => {
    const access = { kind: 'direct', handle: handle() } as const;
    const folder = join(outDir, 'all');
    const standing = (
      await db().selectFrom('direct_payments').select('id').where('state', '<>', 'rejected').orderBy('id').execute()
    ).map((row) => row.id);
    expect(standing).toHaveLength(2);
    // DESIGN §8: `--all` writes only `<claim id>` files.
    const claims = await exportInstructions(access, {
      target: { kind: 'all' },
      version: '09',
      out: join(outDir, 'claims'),
    });
    expect(claims).toMatchObject({ claims: 1, directPayments: 0 });
    expect(readdirSync(join(outDir, 'claims'))).toEqual([`${claimId}.pain.001.001.09.xml`]);
    const all = await exportInstructions(access, {
      target: { kind: 'all_direct_payments' },
      version: '09',
      out: folder,
    });
    expect(all).toMatchObject({ claims: 0, directPayments: 2 });
    expect(readdirSync(folder).sort()).toEqual(standing.map((id) => `HADO-DP${id}.pain.001.001.09.xml`).sort());
    for (const id of standing) {
      const xml = readFileSync(join(folder, `HADO-DP${id}.pain.001.001.09.xml`), 'utf8');
      const validation = validateAgainstXsd(xml, 'pain.001.001.09.xsd');
      expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
      expect(xml).toBe((await hado.admin().get(`/api/v1/direct-payments/${id}/instruction`)).body);
    }

    // One direct payment, the rejected one too (its instruction is a record), in version 03.
    const one = await exportInstructions(access, {
      target: { kind: 'direct_payment', id: rejectedId },
      version: '03',
      out: outDir,
    });
    expect(one.paths).toEqual([join(outDir, `HADO-DP${rejectedId}.pain.001.001.03.xml`)]);
    const xml03 = readFileSync(one.paths[0]!, 'utf8');
    const validation = validateAgainstXsd(xml03, 'pain.001.001.03.xsd');
    expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
    expect(xml03).toContain(`<EndToEndId>HADO-D${rejectedId}</EndToEndId>`);
    expect(xml03).toBe((await hado.admin().get(`/api/v1/direct-payments/${rejectedId}/instruction?version=03`)).body);

    await expect(
      exportInstructions(access, {
        target: { kind: 'direct_payment', id: 999_999n },
        version: '09',
        out: join(outDir, 'x.xml'),
      }),
    ).rejects.toBeInstanceOf(BadInputError);
  }, 60_000);
});
