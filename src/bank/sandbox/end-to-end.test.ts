// Specifies the money flow end to end on the demo world: a claim paid → its pain.001 to the sandbox bank → the
// bank executes it and posts camt.054 notices over the signed channel → the obligations are paid in the ledger.
// A transfer to an unregistered account raises a diverted finding; a return undoes its payment; a transfer the
// bank rejects (insufficient funds) comes back as a pain.002 finding; the day's camt.053 and every message
// delivered again change nothing.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { userCaller } from '../../auth/sessions.ts';
import { endToEndIdOf, recordBuyerPayment } from '../../claims/index.ts';
import { describeEachEngine } from '../../db/test-engines.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { seoulDateOf } from '../../kernel/civil-date.ts';
import { systemClock } from '../../kernel/clock.ts';
import { won } from '../../kernel/money.ts';
import { checkLedger } from '../../ledger/index.ts';
import { submitClaimInstruction } from '../adapters/index.ts';
import { sandboxKeys } from '../bank-services.ts';
import { runDropFolderPass } from '../inbound/drop-folder.ts';
import { deliverInProcess, inProcessSandboxAdapter } from './sandbox-adapter.ts';
import { SandboxBank } from './sandbox-bank.ts';

process.env.HADO_BANK_KEY_SECRET ??= 'test-bank-key-master-0123456789abcdef';

describeEachEngine('sandbox bank end to end', ({ handle }) => {
  let hado: TestApp;
  let bank: SandboxBank;
  let claimId: bigint;
  const db = () => handle().db;

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: true });
    bank = new SandboxBank({
      db: db(),
      clock: systemClock,
      defaultBankCode: '004',
      executionDelayMs: 0,
      deliver: deliverInProcess(hado.app, sandboxKeys(hado.context)),
    });
    for (const account of await db().selectFrom('dedicated_accounts').selectAll().execute()) {
      await bank.openAccount({
        bankCode: account.bank_code,
        accountNumber: account.account_number,
        holderName: account.holder_name,
        // The labour account is empty at the bank: its transfers are refused (AM04).
        balanceWon: account.purpose === 'labour' ? 0n : 3_000_000_000n,
        reports: true,
      });
    }
    const approved = await db()
      .selectFrom('claims')
      .select(['id', 'total_won'])
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow();
    claimId = approved.id;
    const official = await db()
      .selectFrom('users')
      .select(['id as user_id', 'login', 'role', 'buyer_id', 'firm_id', 'bank_id'])
      .where('login', '=', 'official')
      .executeTakeFirstOrThrow();
    await recordBuyerPayment(db(), userCaller(official), systemClock, claimId, {
      paidOn: systemClock.today(),
      amountWon: won(approved.total_won),
    });
  });
  afterAll(() => hado.close());

  /**
   * Runs the bank until everything it has to say is delivered. A signature names its second, so a message sent
   * twice within one second is refused once as a replay and goes out again on the next pass, as in real life.
   */
  async function settle() {
    for (let pass = 0; pass < 10; pass += 1) {
      await bank.tick();
      const pending = await db()
        .selectFrom('sandbox_bank.outgoing')
        .select('id')
        .where('delivered_at', 'is', null)
        .execute();
      if (pending.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    throw new Error('the sandbox bank could not deliver its messages');
  }

  const obligations = () =>
    db()
      .selectFrom('obligations')
      .select(['id', 'kind', 'amount_won', 'paid_won', 'source_purpose'])
      .where('claim_id', '=', claimId)
      .orderBy('id')
      .execute();

  test('claim paid → pain.001 → sandbox → camt.054 → obligations paid; return, diversion, rejection', async () => {
    const before = await obligations();
    const returned = before.find((o) => o.kind === 'subcontract')!;
    const adapter = inProcessSandboxAdapter(bank, db(), ['004']);
    const submitted = await submitClaimInstruction(db(), adapter, {
      claimId,
      actor: { label: 'test' },
      now: new Date(),
    });
    expect(submitted).toMatchObject({ result: 'submitted', bank: { kind: 'accepted' } });
    expect(
      await submitClaimInstruction(db(), adapter, { claimId, actor: { label: 'test' }, now: new Date() }),
    ).toMatchObject({ result: 'exists' });
    expect(await bank.scheduleReturn(endToEndIdOf(returned.id), 0, 'AC04')).toBe(true);
    const progress = await db()
      .selectFrom('dedicated_accounts')
      .selectAll()
      .where('purpose', '=', 'progress')
      .executeTakeFirstOrThrow();
    await bank.counterTransfer({
      debtorBankCode: progress.bank_code,
      debtorAccount: progress.account_number,
      creditorBankCode: '090',
      creditorAccount: '3333011112222',
      creditorName: '아무개',
      amountWon: 7_000_000n,
    });

    await settle();
    const pending = await db()
      .selectFrom('sandbox_bank.outgoing')
      .select('id')
      .where('delivered_at', 'is', null)
      .execute();
    expect(pending).toEqual([]);

    const after = await obligations();
    for (const obligation of after) {
      if (obligation.source_purpose === 'labour' || obligation.id === returned.id) {
        expect(obligation.paid_won, `obligation ${obligation.id}`).toBe(0n);
      } else {
        expect(obligation.paid_won, `obligation ${obligation.id}`).toBe(obligation.amount_won);
      }
    }
    const states = await db()
      .selectFrom('bank_movements')
      .select(['state', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('state')
      .execute();
    const byState = Object.fromEntries(states.map((row) => [row.state, Number(row.count)]));
    const paidFromProgress = after.filter((o) => o.source_purpose !== 'labour').length;
    // A share assigned to a lender (the demo's advanced loan) is paid in two transfers: the lender's, then the rest.
    const assigned = await db()
      .selectFrom('loans')
      .innerJoin('obligations', 'obligations.claim_line_id', 'loans.claim_line_id')
      .select('loans.id')
      .where('obligations.claim_id', '=', claimId)
      .where('loans.status', '=', 'repaid')
      .execute();
    expect(byState).toEqual({ matched: paidFromProgress + assigned.length, returned: 1, diverted: 1 });

    const findings = await db().selectFrom('findings').select(['kind', 'severity', 'obligation_id']).execute();
    const kinds = findings.map((f) => f.kind).sort();
    const labour = after.filter((o) => o.source_purpose === 'labour').length;
    expect(kinds).toEqual(
      ['diverted', 'returned', ...Array.from({ length: labour }, () => 'transfer_rejected')].sort(),
    );
    expect(findings.find((f) => f.kind === 'diverted')!.severity).toBe('critical');
    expect(findings.find((f) => f.kind === 'returned')!.obligation_id).toBe(returned.id);
    expect((await checkLedger(db())).violations).toEqual([]);
  });

  test('the day’s camt.053 repeats the notices: nothing is booked twice', async () => {
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('bank_movements')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    const before = await count();
    const today = seoulDateOf(new Date());
    for (const account of await db().selectFrom('dedicated_accounts').selectAll().execute()) {
      await bank.closeDay(account.bank_code, account.account_number, today);
    }
    await settle();
    const statements = await db()
      .selectFrom('bank_messages')
      .select(['summary'])
      .where('family', '=', 'camt.053')
      .execute();
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const summary = statement.summary as { new: number; duplicate: number; movements: number };
      expect(summary.new).toBe(0);
      expect(summary.duplicate).toBe(summary.movements);
    }
    expect(await count()).toBe(before);
  });

  test('every message delivered again changes nothing', async () => {
    const snapshot = async () => ({
      movements: await db()
        .selectFrom('bank_movements')
        .select(['id', 'state', 'journal_entry_id'])
        .orderBy('id')
        .execute(),
      findings: await db().selectFrom('findings').select(['id']).execute(),
      paid: await obligations(),
      entries: await db().selectFrom('journal_entries').select('id').execute(),
    });
    const before = await snapshot();
    await db().updateTable('sandbox_bank.outgoing').set({ delivered_at: null, attempts: 0 }).execute();
    await settle();
    expect(await snapshot()).toEqual(before);
  });

  test('an unmatched payment waits in the queue; the official matches it by hand, recorded in the audit log', async () => {
    const returned = await db()
      .selectFrom('findings')
      .select('obligation_id')
      .where('kind', '=', 'returned')
      .executeTakeFirstOrThrow();
    const obligation = await db()
      .selectFrom('obligations')
      .innerJoin('payee_accounts', 'payee_accounts.id', 'obligations.payee_account_id')
      .select(['obligations.id', 'obligations.amount_won', 'payee_accounts.account_number', 'payee_accounts.bank_code'])
      .where('obligations.id', '=', returned.obligation_id!)
      .executeTakeFirstOrThrow();
    const progress = await db()
      .selectFrom('dedicated_accounts')
      .selectAll()
      .where('purpose', '=', 'progress')
      .executeTakeFirstOrThrow();
    // The prime pays the subcontractor again itself, without Hado's end-to-end id: registered payee, so not diverted.
    await bank.counterTransfer({
      debtorBankCode: progress.bank_code,
      debtorAccount: progress.account_number,
      creditorBankCode: obligation.bank_code,
      creditorAccount: obligation.account_number,
      creditorName: 'payee',
      amountWon: obligation.amount_won - 1n,
    });
    await settle();
    const official = await hado.as('official');
    const queue = await official.get('/api/v1/bank/exceptions');
    expect(queue.statusCode).toBe(200);
    const item = queue.json().items.find((row: { kind: string }) => row.kind === 'unmatched');
    expect(item.movement.counterpartyAccount).toBe(obligation.account_number);
    const outsider = await (await hado.as('sub-tile')).get('/api/v1/bank/exceptions');
    expect(outsider.statusCode).toBe(403);

    const resolved = await official.post(`/api/v1/bank/exceptions/${item.id}/resolve`, {
      decision: 'match',
      obligationId: String(obligation.id),
      note: '재송금 확인',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const again = await official.post(`/api/v1/bank/exceptions/${item.id}/resolve`, { decision: 'dismiss', note: 'x' });
    expect(again.statusCode).toBe(409);
    const paid = await db()
      .selectFrom('obligations')
      .select('paid_won')
      .where('id', '=', obligation.id)
      .executeTakeFirstOrThrow();
    expect(paid.paid_won).toBe(obligation.amount_won - 1n);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('action', '=', 'bank_exception.resolved')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('user:official');
    expect((await checkLedger(db())).violations).toEqual([]);
  });

  test('files dropped in the inbox are ingested for their bank and moved aside', async () => {
    const inbox = mkdtempSync(join(tmpdir(), 'hado-inbox-'));
    mkdirSync(join(inbox, '004'));
    const notice = await db()
      .selectFrom('sandbox_bank.outgoing')
      .select('xml')
      .where('kind', '=', 'camt.054')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    writeFileSync(join(inbox, '004', 'a-notice.xml'), notice.xml);
    writeFileSync(join(inbox, '004', 'b-broken.xml'), '<Document><unclosed>');
    writeFileSync(join(inbox, '004', 'c-writing.xml.part'), '<');
    const pass = await runDropFolderPass({ db: db(), inbox, clock: systemClock });
    expect(pass.map((entry) => [entry.file, entry.summary.result])).toEqual([
      ['a-notice.xml', 'exists'],
      ['b-broken.xml', 'refused'],
    ]);
    const day = seoulDateOf(new Date());
    expect(readdirSync(join(inbox, '004', 'processed', day))).toEqual(['a-notice.xml']);
    expect(readdirSync(join(inbox, '004', 'rejected', day)).sort()).toEqual(['b-broken.xml', 'b-broken.xml.reason']);
    expect(readdirSync(join(inbox, '004')).sort()).toEqual([
      '.processing',
      'c-writing.xml.part',
      'processed',
      'rejected',
    ]);
  });
});
