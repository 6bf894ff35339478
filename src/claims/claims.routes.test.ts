// Specifies the claims API in process, on both engines, over the demo world: a claim walked from submission
// through a line rejection, resubmission, approval, the buyer's payment and the bank's transfers to its
// verification and its pain.001 (valid against both XSDs); every obligation's due date checked against the rule
// table across Chuseok 2026, the October holidays and a rule change; the older prime-approval flow; scoping by
// role; and every bad input refused with its code and nothing written.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateAgainstXsd } from '../bank/instructions/xsd.test-helper.ts';
import { rowCounts } from '../db/row-counts.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp, type TestClient } from '../http/test-app.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';

/**
 * A clock whose day the test moves, while instants stay real: sessions stay alive across the months the test
 * walks through, and the domain, which asks for `today`, sees the day the test sets.
 */
class DayClock implements Clock {
  #day: CivilDate;
  constructor(day: string) {
    this.#day = civilDate(day);
  }
  now(): Date {
    return new Date();
  }
  today(): CivilDate {
    return this.#day;
  }
  set(day: string): void {
    this.#day = civilDate(day);
  }
}
const at = (day: string) => day;

// biome-ignore lint/suspicious/noExplicitAny: responses are read loosely and checked field by field.
type Json = any;

describeEachEngine('claims API', ({ handle }) => {
  // The demo world is loaded on 2026-06-01, so its five claims cover 2026-01 … 2026-05; the walk claims August.
  const clock = new DayClock('2026-06-01');
  let t: TestApp;
  let prime: TestClient;
  let official: TestClient;
  let subTile: TestClient;
  let supplierCement: TestClient;
  let supplierEquipment: TestClient;
  let bank: TestClient;
  const demo = {
    contractId: '',
    primeAccountId: '',
    tile: '',
    tileAccountId: '',
    interior: '',
    cement: '',
    workers: [] as Json[],
    unverifiedWorker: {} as Json,
  };

  beforeAll(async () => {
    t = await createTestApp(handle(), { demo: true, clock });
    prime = await t.as('prime');
    official = await t.as('official');
    subTile = await t.as('sub-tile');
    supplierCement = await t.as('supplier-cement');
    supplierEquipment = await t.as('supplier-equipment');
    bank = await t.as('bank-kb');
    const contracts = (await official.get('/api/v1/contracts')).json();
    demo.contractId = contracts.items[0].id;
    const subcontracts = (await prime.get(`/api/v1/contracts/${demo.contractId}/subcontracts`)).json().items;
    const tile = subcontracts.find((s: Json) => s.reference === 'SMC-0142-S1');
    demo.tile = tile.id;
    demo.tileAccountId = tile.payeeAccountId;
    demo.interior = subcontracts.find((s: Json) => s.reference === 'SMC-0142-S2').id;
    demo.cement = (await prime.get(`/api/v1/contracts/${demo.contractId}/supply-contracts`))
      .json()
      .items.find((s: Json) => s.reference === 'SMC-0142-M1').id;
    demo.primeAccountId = (await prime.get('/api/v1/payee-accounts')).json().items[0].id;
    const workers = (await prime.get(`/api/v1/contracts/${demo.contractId}/workers?limit=200`)).json().items;
    demo.workers = workers.slice(0, 2);
    demo.unverifiedWorker = workers.at(-1);
  });
  afterAll(() => t?.close());

  const august = (overrides: { tileWon?: string; totalWon?: string } = {}) => {
    const tileWon = overrides.tileWon ?? '240000000';
    const wages = demo.workers.reduce((sum: bigint, w: Json) => sum + BigInt(w.dailyWageWon) * 20n, 0n);
    const total = 300_000_000n + BigInt(tileWon) + 40_000_000n + wages;
    return {
      periodStart: '2026-08-01',
      periodEnd: '2026-08-31',
      totalWon: overrides.totalWon ?? String(total),
      lines: [
        { kind: 'own_share', payeeAccountId: demo.primeAccountId, amountWon: '300000000' },
        { kind: 'subcontract', subcontractId: demo.tile, amountWon: tileWon, deliveredOn: '2026-08-28' },
        { kind: 'supply', supplyContractId: demo.cement, amountWon: '40000000' },
        ...demo.workers.map((w: Json) => ({ kind: 'labour', workerEngagementId: w.id, daysWorked: 20 })),
      ],
    };
  };

  describe('a claim from submission to export', () => {
    let claimId = '';

    test('the prime submits; the same claim again is `exists`, a different one for the period a conflict', async () => {
      clock.set(at('2026-09-19'));
      const submitted = await prime.post(`/api/v1/contracts/${demo.contractId}/claims`, august());
      expect(submitted.statusCode).toBe(201);
      expect(submitted.json()).toMatchObject({
        result: 'submitted',
        claim: { status: 'submitted', version: 1 },
      });
      claimId = submitted.json().claim.id;
      // After the demo world's claims on the contract (five of its own, and any other demo steps add).
      expect(submitted.json().claim.sequence).toBeGreaterThan(5);
      const before = await rowCounts(handle().db);
      const again = await prime.post(`/api/v1/contracts/${demo.contractId}/claims`, august());
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ result: 'exists', claim: { id: claimId } });
      const changed = await prime.post(`/api/v1/contracts/${demo.contractId}/claims`, august({ tileWon: '1' }));
      expect(changed.statusCode).toBe(409);
      expect(changed.json().error.code).toBe('period_already_claimed');
      expect(await rowCounts(handle().db)).toEqual(before);
    });

    test('each party sees what it may: the subcontractor only its own line, an uninvolved supplier nothing', async () => {
      const asOfficial = (await official.get(`/api/v1/claims/${claimId}`)).json();
      expect(asOfficial.lines).toHaveLength(5);
      const asSub = (await subTile.get(`/api/v1/claims/${claimId}`)).json();
      expect(asSub.lines.map((l: Json) => l.kind)).toEqual(['subcontract']);
      expect((await supplierCement.get(`/api/v1/claims/${claimId}`)).json().lines.map((l: Json) => l.kind)).toEqual([
        'supply',
      ]);
      expect((await supplierEquipment.get(`/api/v1/claims/${claimId}`)).statusCode).toBe(404);
      const listed = (await supplierEquipment.get('/api/v1/claims?limit=200')).json().items.map((c: Json) => c.id);
      expect(listed).not.toContain(claimId);
    });

    test('a role that may not decide is refused before anything is read or written', async () => {
      const before = await rowCounts(handle().db);
      for (const client of [prime, subTile, bank]) {
        const refused = await client.post(`/api/v1/claims/${claimId}/approve`, {});
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error.code).toBe('forbidden');
      }
      expect((await t.anonymous().post(`/api/v1/claims/${claimId}/approve`, {})).statusCode).toBe(401);
      const unapproved = await official.post(`/api/v1/claims/${claimId}/payment`, {
        paidOn: '2026-09-19',
        amountWon: august().totalWon,
      });
      expect(unapproved.statusCode).toBe(409);
      expect(unapproved.json().error.code).toBe('claim_not_approved');
      expect(await rowCounts(handle().db)).toEqual(before);
    });

    test('the official rejects the tile line with a reason; the prime edits and resubmits; the history stays', async () => {
      const detail = (await official.get(`/api/v1/claims/${claimId}`)).json();
      const tileLine = detail.lines.find((l: Json) => l.kind === 'subcontract');
      const rejected = await official.post(`/api/v1/claims/${claimId}/reject`, {
        reasonCode: 'amount_incorrect',
        note: '타일 물량 재산정',
        lines: [{ lineId: tileLine.id, reasonCode: 'amount_incorrect', note: '시공 면적 과다' }],
      });
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json().claim.status).toBe('rejected');
      const resubmitted = await prime.request('PUT', `/api/v1/claims/${claimId}`, august({ tileWon: '220000000' }));
      expect(resubmitted.statusCode).toBe(200);
      expect(resubmitted.json()).toMatchObject({ result: 'resubmitted', claim: { status: 'submitted', version: 2 } });
      const earlier = (await official.get(`/api/v1/claims/${claimId}/versions/1/lines`)).json().items;
      expect(earlier.find((l: Json) => l.kind === 'subcontract')).toMatchObject({
        status: 'rejected',
        rejectionCode: 'amount_incorrect',
        amountWon: '240000000',
      });
      const transitions = (await official.get(`/api/v1/claims/${claimId}`)).json().transitions;
      expect(transitions.map((tr: Json) => [tr.action, tr.fromStatus, tr.toStatus, tr.actor])).toEqual([
        ['submit', null, 'submitted', 'user:prime'],
        ['reject', 'submitted', 'rejected', 'user:official'],
        ['resubmit', 'rejected', 'submitted', 'user:prime'],
      ]);
      expect(transitions[1].rejectedLines).toEqual([
        { lineId: tileLine.id, reasonCode: 'amount_incorrect', note: '시공 면적 과다' },
      ]);
    });

    test('before approving, the official sees that the previous claim was not all paid on time', async () => {
      const check = (await official.get(`/api/v1/claims/${claimId}/previous-claim-check`)).json();
      // The demo's latest paid claim still has an unpaid share (the cement supplier's, or wages still due).
      expect(check.previousClaim).toMatchObject({ status: 'paid' });
      expect(check.previousClaim.sequence).toBeLessThan(
        Number((await official.get(`/api/v1/claims/${claimId}`)).json().claim.sequence),
      );
      expect(check.summary.allPaidOnTime).toBe(false);
      expect(check.summary.overdue + check.summary.notYetDue).toBeGreaterThan(0);
    });

    test('approval and payment: each line becomes an obligation due by the rule table, holidays moved past', async () => {
      expect((await official.post(`/api/v1/claims/${claimId}/approve`, { note: '확인' })).json().claim.status).toBe(
        'approved',
      );
      const paid = await official.post(`/api/v1/claims/${claimId}/payment`, {
        paidOn: '2026-09-19',
        amountWon: august({ tileWon: '220000000' }).totalWon,
      });
      expect(paid.statusCode).toBe(200);
      expect(paid.json()).toMatchObject({
        result: 'paid',
        obligations: 5,
        claim: { status: 'paid', paidOn: '2026-09-19' },
      });
      const obligations = (await official.get(`/api/v1/obligations?claimId=${claimId}`)).json().items;
      expect(obligations.map((o: Json) => [o.kind, o.dueOn, o.dueBasis])).toEqual([
        ['own_share', '2026-09-19', 'on_payment'],
        // 09-19 + 15 = Sunday 10-04; Monday 10-05 is the substitute holiday for 개천절.
        ['subcontract', '2026-10-06', 'after_buyer_payment'],
        ['supply', '2026-10-06', 'after_buyer_payment'],
        // Submitted 09-19 + 5 = 09-24, the eve of Chuseok; the holidays and the weekend run to the 27th.
        ['labour', '2026-09-28', 'after_labour_claim'],
        ['labour', '2026-09-28', 'after_labour_claim'],
      ]);
      const ledger = (await official.get(`/api/v1/contracts/${demo.contractId}/ledger`)).json().accounts;
      expect(ledger.find((a: Json) => a.kind === 'buyer_funding')).toBeDefined();
    });

    test('the bank executes the transfers; the verification shows who was paid when, on time or not', async () => {
      clock.set(at('2026-10-07'));
      const obligations = (await official.get(`/api/v1/obligations?claimId=${claimId}`)).json().items;
      const tile = obligations.find((o: Json) => o.kind === 'subcontract');
      const others = obligations.filter((o: Json) => o.kind !== 'subcontract');
      const early = await bank.post(`/api/v1/claims/${claimId}/transfers`, {
        executedOn: '2026-09-25',
        transfers: others.map((o: Json) => ({ obligationId: o.id, amountWon: o.amountWon })),
      });
      expect(early.statusCode).toBe(200);
      expect(early.json().entries).toHaveLength(4);
      const late = await bank.post(`/api/v1/claims/${claimId}/transfers`, { executedOn: '2026-10-07' });
      expect(late.json().entries.map((e: Json) => e.obligationId)).toEqual([tile.id]);
      const verification = (await official.get(`/api/v1/claims/${claimId}/verification`)).json();
      expect(verification.summary).toMatchObject({ obligations: 5, paidOnTime: 4, paidLate: 1, allPaidOnTime: false });
      // 220,000,000 × 15.5 % × 1 day ÷ 365 = 93,424.6… → 93,424.
      expect(verification.obligations.find((o: Json) => o.kind === 'subcontract')).toMatchObject({
        judgement: 'paid_late',
        daysLate: 1,
        delayInterestWon: '93424',
        paidOn: '2026-10-07',
      });
      const asSub = (await subTile.get(`/api/v1/claims/${claimId}/verification`)).json();
      expect(asSub.obligations.map((o: Json) => o.kind)).toEqual(['subcontract']);
      const nothingLeft = await bank.post(`/api/v1/claims/${claimId}/transfers`, { executedOn: '2026-10-07' });
      expect(nothingLeft.json().error.code).toBe('nothing_to_transfer');
      expect((await t.admin().get('/api/v1/admin/ledger/check')).json()).toMatchObject({
        result: 'clean',
        violations: [],
      });
    });

    test('the pain.001 ties each transfer to its obligation and validates against both XSDs', async () => {
      const obligations = (await official.get(`/api/v1/obligations?claimId=${claimId}`)).json().items;
      for (const version of ['09', '03'] as const) {
        const response = await official.get(`/api/v1/claims/${claimId}/instructions?version=${version}`);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toContain('application/xml');
        const validation = validateAgainstXsd(response.body, `pain.001.001.${version}.xsd`);
        expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
        for (const o of obligations) expect(response.body).toContain(`<EndToEndId>HADO-O${o.id}</EndToEndId>`);
        expect(response.body).toContain(`<MsgId>HADO-C${claimId}-V2</MsgId>`);
        expect(response.body.match(/<PmtInf>/g)).toHaveLength(2); // progress and labour accounts
      }
      expect((await subTile.get(`/api/v1/claims/${claimId}/instructions`)).statusCode).toBe(403);
      const demoPaid = (await t.admin().get('/api/v1/claims?status=paid')).json().items;
      for (const claim of demoPaid) {
        const xml = (await t.admin().get(`/api/v1/claims/${claim.id}/instructions`)).body;
        const validation = validateAgainstXsd(xml, 'pain.001.001.09.xsd');
        expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
      }
    });

    test('a returned transfer is reversed, and the obligation is owed again', async () => {
      const late = (await official.get(`/api/v1/obligations?claimId=${claimId}`))
        .json()
        .items.find((o: Json) => o.kind === 'supply');
      const entries = await handle()
        .db.selectFrom('journal_lines')
        .select('entry_id')
        .where('obligation_id', '=', BigInt(late.id))
        .innerJoin('journal_entries', 'journal_entries.id', 'journal_lines.entry_id')
        .where('journal_entries.kind', '=', 'transfer_out')
        .executeTakeFirstOrThrow();
      const reversed = await bank.post(`/api/v1/ledger/entries/${entries.entry_id}/reverse`, {
        effectiveOn: '2026-10-07',
        reason: '수취계좌 오류 반환',
      });
      expect(reversed.statusCode).toBe(200);
      const again = await bank.post(`/api/v1/ledger/entries/${entries.entry_id}/reverse`, {
        effectiveOn: '2026-10-07',
        reason: 'x',
      });
      expect(again.json().error.code).toBe('already_reversed');
      const after = (await official.get(`/api/v1/obligations?claimId=${claimId}`))
        .json()
        .items.find((o: Json) => o.id === late.id);
      expect(after).toMatchObject({ paidWon: '0', judgement: 'overdue', paidOn: null });
      expect((await t.admin().get('/api/v1/admin/ledger/check')).json().result).toBe('clean');
    });
  });

  describe('bad input: a clear code, nothing written', () => {
    const september = (lines: Json[], totalWon: string) => ({
      periodStart: '2026-09-01',
      periodEnd: '2026-09-30',
      totalWon,
      lines,
    });
    const rows: { name: string; body: () => Json; status: number; code: string; field?: string }[] = [
      {
        name: 'lines that do not add up to the total',
        body: () => september([{ kind: 'own_share', payeeAccountId: demo.primeAccountId, amountWon: '100' }], '101'),
        status: 422,
        code: 'division_must_sum_to_total',
        field: 'totalWon',
      },
      {
        name: 'an unknown payee',
        body: () => september([{ kind: 'subcontract', subcontractId: '999999', amountWon: '100' }], '100'),
        status: 422,
        code: 'payee_not_registered',
        field: 'lines[0].subcontractId',
      },
      {
        name: 'a payee whose account is not verified',
        body: () =>
          september(
            [{ kind: 'labour', workerEngagementId: demo.unverifiedWorker.id, daysWorked: 1 }],
            demo.unverifiedWorker.dailyWageWon,
          ),
        status: 422,
        code: 'payee_account_unverified',
        field: 'lines[0].payeeAccountId',
      },
      {
        name: "wages to an account that is not the worker's own",
        body: () =>
          september(
            [
              {
                kind: 'labour',
                workerEngagementId: demo.workers[0].id,
                daysWorked: 1,
                payeeAccountId: demo.tileAccountId,
              },
            ],
            demo.workers[0].dailyWageWon,
          ),
        status: 422,
        code: 'labour_account_not_own',
        field: 'lines[0].payeeAccountId',
      },
      {
        name: 'more than remains on the subcontract',
        body: () =>
          september([{ kind: 'subcontract', subcontractId: demo.tile, amountWon: '2850000000' }], '2850000000'),
        status: 422,
        code: 'share_exceeds_remaining',
        field: 'lines[0].amountWon',
      },
      {
        name: 'a second claim over an already claimed period',
        body: () => ({
          ...september([{ kind: 'own_share', payeeAccountId: demo.primeAccountId, amountWon: '100' }], '100'),
          periodStart: '2026-08-15',
        }),
        status: 409,
        code: 'period_already_claimed',
        field: 'periodStart',
      },
      {
        name: 'a field the API does not know',
        body: () => ({
          ...september([{ kind: 'own_share', payeeAccountId: demo.primeAccountId, amountWon: '100' }], '100'),
          bonus: '1',
        }),
        status: 400,
        code: 'invalid_request',
      },
      {
        name: 'an amount with decimals',
        body: () => september([{ kind: 'own_share', payeeAccountId: demo.primeAccountId, amountWon: '100.5' }], '100'),
        status: 400,
        code: 'invalid_request',
      },
    ];
    for (const row of rows) {
      test(`${row.name} → ${row.status} ${row.code}`, async () => {
        clock.set(at('2026-10-07'));
        const before = await rowCounts(handle().db);
        const response = await prime.post(`/api/v1/contracts/${demo.contractId}/claims`, row.body());
        expect(response.statusCode).toBe(row.status);
        expect(response.json().error.code).toBe(row.code);
        if (row.field) expect(response.json().error.field).toBe(row.field);
        expect(response.json().error.message).toBeTruthy();
        expect(await rowCounts(handle().db)).toEqual(before);
      });
    }

    test("a claim on another prime's contract, and a decision by another buyer's official, are refused", async () => {
      const before = await rowCounts(handle().db);
      const bySub = await subTile.post(`/api/v1/contracts/${demo.contractId}/claims`, september([], '0'));
      expect(bySub.statusCode).toBe(403);
      const demoSubmitted = (await official.get('/api/v1/claims?status=submitted')).json().items[0];
      const byAuditor = await (await t.as('auditor')).post(`/api/v1/claims/${demoSubmitted.id}/approve`, {});
      expect(byAuditor.statusCode).toBe(403);
      expect(await rowCounts(handle().db)).toEqual(before);
    });
  });

  describe('the older flow: the prime releases the division after the buyer pays', () => {
    test('payment leaves the obligations held until the prime approves; only then can they be transferred', async () => {
      clock.set(at('2026-10-07'));
      const registered = await official.post('/api/v1/contracts', {
        primeBusinessNumber: (await prime.get('/api/v1/firms'))
          .json()
          .items.find((f: Json) => f.name === '(주)한강종합건설').businessNumber,
        contractNumber: 'SMC-2026-0199',
        title: '[데모] 구 방식 계약',
        site: '서울',
        amountWon: '1000000000',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        paymentFlow: 'prime_approval',
      });
      expect(registered.statusCode).toBe(201);
      const contractId = registered.json().record.id;
      expect(
        (
          await official.post(`/api/v1/contracts/${contractId}/dedicated-accounts`, {
            purpose: 'progress',
            bankCode: '004',
            accountNumber: '9012000901999',
            holderName: '(주)한강종합건설 (기성 전용)',
          })
        ).statusCode,
      ).toBe(201);
      const sub = await prime.post(`/api/v1/contracts/${contractId}/subcontracts`, {
        reference: 'OLD-S1',
        firm: {
          businessNumber: (await subTile.get('/api/v1/firms')).json().items.find((f: Json) => f.name === '(주)동방타일')
            .businessNumber,
          name: '(주)동방타일',
        },
        title: '타일',
        amountWon: '300000000',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      });
      expect(sub.statusCode).toBe(201);
      // The subcontract names no account of its own here: its share goes to the tile firm's verified account.
      const claim = await prime.post(`/api/v1/contracts/${contractId}/claims`, {
        periodStart: '2026-09-01',
        periodEnd: '2026-09-30',
        totalWon: '150000000',
        lines: [
          { kind: 'own_share', payeeAccountId: demo.primeAccountId, amountWon: '100000000' },
          {
            kind: 'subcontract',
            subcontractId: sub.json().record.id,
            payeeAccountId: demo.tileAccountId,
            amountWon: '50000000',
          },
        ],
      });
      expect(claim.statusCode).toBe(201);
      const claimId = claim.json().claim.id;
      expect(claim.json().claim.flow).toBe('prime_approval');
      await official.post(`/api/v1/claims/${claimId}/approve`, {});
      const paid = await official.post(`/api/v1/claims/${claimId}/payment`, {
        paidOn: '2026-10-07',
        amountWon: '150000000',
      });
      expect(paid.json()).toMatchObject({ result: 'awaiting_release', claim: { status: 'awaiting_release' } });
      const held = (await official.get(`/api/v1/obligations?claimId=${claimId}`)).json().items;
      expect(held.map((o: Json) => [o.status, o.judgement])).toEqual([
        ['held', 'held'],
        ['held', 'held'],
      ]);
      const tooEarly = await bank.post(`/api/v1/claims/${claimId}/transfers`, { executedOn: '2026-10-07' });
      expect(tooEarly.json().error.code).toBe('claim_not_paid');
      expect((await official.post(`/api/v1/claims/${claimId}/release`, {})).statusCode).toBe(403);
      const released = await prime.post(`/api/v1/claims/${claimId}/release`, {});
      expect(released.json().claim).toMatchObject({ status: 'paid', releasedOn: '2026-10-07' });
      const transfers = await bank.post(`/api/v1/claims/${claimId}/transfers`, { executedOn: '2026-10-07' });
      expect(transfers.json().entries).toHaveLength(2);
      const xml = (await official.get(`/api/v1/claims/${claimId}/instructions`)).body;
      const validation = validateAgainstXsd(xml, 'pain.001.001.09.xsd');
      expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
    });
  });

  describe('the rule table', () => {
    test('an administrator adds a version; a payment on and after its date is judged by it', async () => {
      const before = (await official.get('/api/v1/rules')).json().items;
      expect(before.find((r: Json) => r.rule === 'delay_interest_rate_ppm')).toMatchObject({
        value: '155000',
        effectiveFrom: '2015-07-01',
      });
      const forbidden = await official.post('/api/v1/rules', {
        rule: 'subcontract_payment_days',
        effectiveFrom: '2026-10-08',
        value: '10',
        source: 'x',
      });
      expect(forbidden.statusCode).toBe(403);
      const added = await t.admin().post('/api/v1/rules', {
        rule: 'subcontract_payment_days',
        effectiveFrom: '2026-10-08',
        value: '10',
        source: 'test amendment',
      });
      expect(added.statusCode).toBe(201);
      const again = await t.admin().post('/api/v1/rules', {
        rule: 'subcontract_payment_days',
        effectiveFrom: '2026-10-08',
        value: '10',
        source: 'test amendment',
      });
      expect(again.json().result).toBe('exists');
      const different = await t.admin().post('/api/v1/rules', {
        rule: 'subcontract_payment_days',
        effectiveFrom: '2026-10-08',
        value: '11',
        source: 'test amendment',
      });
      expect(different.statusCode).toBe(409);
      const outOfRange = await t.admin().post('/api/v1/rules', {
        rule: 'delay_interest_rate_ppm',
        effectiveFrom: '2026-10-08',
        value: '1000001',
        source: 'x',
      });
      expect(outOfRange.json().error.code).toBe('invalid_rule_value');

      clock.set(at('2026-10-08'));
      const wages = demo.workers.reduce((sum: bigint, w: Json) => sum + BigInt(w.dailyWageWon) * 20n, 0n);
      const submitted = await prime.post(`/api/v1/contracts/${demo.contractId}/claims`, {
        periodStart: '2026-09-01',
        periodEnd: '2026-09-30',
        totalWon: String(100_000_000n + 40_000_000n + wages),
        lines: [
          { kind: 'subcontract', subcontractId: demo.interior, amountWon: '100000000', deliveredOn: '2026-09-30' },
          { kind: 'supply', supplyContractId: demo.cement, amountWon: '40000000' },
          ...demo.workers.map((w: Json) => ({ kind: 'labour', workerEngagementId: w.id, daysWorked: 20 })),
        ],
      });
      expect(submitted.statusCode).toBe(201);
      const claimId = submitted.json().claim.id;
      await official.post(`/api/v1/claims/${claimId}/approve`, {});
      await official.post(`/api/v1/claims/${claimId}/payment`, {
        paidOn: '2026-10-08',
        amountWon: submitted.json().claim.totalWon,
      });
      const obligations = (await official.get(`/api/v1/obligations?claimId=${claimId}`)).json().items;
      expect(obligations.map((o: Json) => [o.kind, o.dueOn, o.ruleVersionId === added.json().record.id])).toEqual([
        // 10-08 + 10 = 10-18, a Sunday → Monday 10-19, under the new version.
        ['subcontract', '2026-10-19', true],
        // Supply keeps 15 days: 10-23.
        ['supply', '2026-10-23', false],
        ['labour', '2026-10-13', false],
        ['labour', '2026-10-13', false],
      ]);
    });
  });
});
