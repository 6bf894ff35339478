// Specifies the payee portal and the claim form's facts, in process, on both engines, over the demo world: a
// subcontractor sees only its own obligations with what was paid and the bank's reference; it confirms receipt of
// a paid share once (again: exists, nothing written), never of an unpaid one or of another firm's; other roles
// may not; and the browser's claim check (web/src/claim-check.ts, the server's validateClaim over the API's facts)
// gives the API's own verdict on good and bad drafts.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ClaimBody, ClaimFactsJson } from '../../web/src/api/claim-types.ts';
import { checkClaimBody, factsFromJson } from '../../web/src/claim-check.ts';
import { rowCounts } from '../db/row-counts.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp, type TestClient } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import type { Clock } from '../kernel/clock.ts';

// biome-ignore lint/suspicious/noExplicitAny: responses are read loosely and checked field by field.
type Json = any;

const fixedDay: Clock = { now: () => new Date(), today: () => civilDate('2026-06-01') };

describeEachEngine('payee portal and claim form facts', ({ handle }) => {
  let t: TestApp;
  let prime: TestClient;
  let subTile: TestClient;
  let supplierCement: TestClient;
  let official: TestClient;
  let contractId = '';

  beforeAll(async () => {
    t = await createTestApp(handle(), { demo: true, clock: fixedDay });
    prime = await t.as('prime');
    subTile = await t.as('sub-tile');
    supplierCement = await t.as('supplier-cement');
    official = await t.as('official');
    contractId = (await official.get('/api/v1/contracts')).json().items[0].id;
  });

  afterAll(async () => {
    await t?.close();
  });

  test('a subcontractor sees only its own obligations, with payments and references', async () => {
    const response = await subTile.get('/api/v1/payee/obligations');
    expect(response.statusCode).toBe(200);
    const items: Json[] = response.json().items;
    // The demo paid at least three claims with a tile share, one of them late.
    expect(items.length).toBeGreaterThanOrEqual(3);
    const firm = (await subTile.get('/api/v1/auth/me')).json().firmId;
    const all = (await official.get(`/api/v1/obligations?contractId=${contractId}&limit=200`)).json().items;
    const tileIds = all.filter((o: Json) => o.payeeKind === 'firm' && o.payeeId === firm).map((o: Json) => o.id);
    expect(items.map((item) => item.id).sort()).toEqual(tileIds.sort());
    for (const item of items) {
      expect(item.endToEndId).toBe(`HADO-O${item.id}`);
      expect(item.receiptConfirmedOn).toBeNull();
      expect(BigInt(item.paidWon) + BigInt(item.outstandingWon)).toBeGreaterThanOrEqual(BigInt(item.amountWon));
    }
    expect(items.filter((item) => item.judgement === 'paid_late').length).toBeGreaterThanOrEqual(1);
  });

  test('receipt of a paid share is confirmed once; again: exists, nothing written', async () => {
    const paid = (await subTile.get('/api/v1/payee/obligations')).json().items.find((o: Json) => o.paidOn !== null);
    const counted = async () => {
      const counts = await rowCounts(handle().db);
      return { audit: counts['public.audit_log'], receipts: counts['public.receipt_confirmations'] };
    };
    const before = await counted();
    const first = await subTile.post(`/api/v1/obligations/${paid.id}/receipt-confirmation`, {});
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      result: 'confirmed',
      confirmation: { obligationId: paid.id, confirmedOn: '2026-06-01' },
    });
    const afterFirst = await counted();
    expect(afterFirst).toEqual({ audit: before.audit! + 1, receipts: before.receipts! + 1 });
    const again = await subTile.post(`/api/v1/obligations/${paid.id}/receipt-confirmation`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'exists', confirmation: first.json().confirmation });
    expect(await counted()).toEqual(afterFirst);
    const listed = (await subTile.get('/api/v1/payee/obligations')).json().items.find((o: Json) => o.id === paid.id);
    expect(listed.receiptConfirmedOn).toBe('2026-06-01');
  });

  test('an unpaid share, another firm’s share and other roles are refused', async () => {
    // The demo's third claim left the cement supplier's share unpaid.
    const cement: Json[] = (await supplierCement.get('/api/v1/payee/obligations')).json().items;
    const unpaid = cement.find((o) => o.paidOn === null && o.outstandingWon !== '0');
    expect(unpaid).toBeDefined();
    const refused = await supplierCement.post(`/api/v1/obligations/${unpaid.id}/receipt-confirmation`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('obligation_not_paid');

    const paidCement = cement.find((o) => o.paidOn !== null)!;
    const foreign = await subTile.post(`/api/v1/obligations/${paidCement.id}/receipt-confirmation`, {});
    expect(foreign.statusCode).toBe(404);
    expect((await prime.post(`/api/v1/obligations/${paidCement.id}/receipt-confirmation`, {})).statusCode).toBe(403);
    expect((await official.get('/api/v1/payee/obligations')).statusCode).toBe(403);
    expect((await t.anonymous().post(`/api/v1/obligations/${paidCement.id}/receipt-confirmation`, {})).statusCode).toBe(
      401,
    );
    const none = await supplierCement.post('/api/v1/obligations/999999/receipt-confirmation', {});
    expect(none.statusCode).toBe(404);
    const stillUnconfirmed = (await supplierCement.get('/api/v1/payee/obligations')).json().items;
    expect(stillUnconfirmed.every((o: Json) => o.receiptConfirmedOn === null)).toBe(true);
  });

  test("the browser's claim check gives the API's verdict", async () => {
    const factsResponse = await prime.get(`/api/v1/contracts/${contractId}/claim-facts`);
    expect(factsResponse.statusCode).toBe(200);
    const factsJson: ClaimFactsJson = factsResponse.json();
    const facts = factsFromJson(factsJson);
    expect(factsJson.otherPeriods).toContainEqual({ start: '2026-05-02', end: '2026-05-31' });
    const subcontracts = (await prime.get(`/api/v1/contracts/${contractId}/subcontracts`)).json().items;
    const tile = subcontracts.find((s: Json) => s.reference === 'SMC-0142-S1');
    const workers = (await prime.get(`/api/v1/contracts/${contractId}/workers?limit=200`)).json().items;
    const worker = workers[0];
    const tileRemaining = BigInt(tile.amountWon) - 3n * 240_000_000n - 2n * 240_000_000n;
    const base = (lines: ClaimBody['lines'], totalWon: bigint, periodStart = '2026-06-01'): ClaimBody => ({
      periodStart,
      // The demo's claims cover every month up to 2026-05-31 and a period is claimed once it has ended.
      periodEnd: '2026-06-01',
      totalWon: String(totalWon),
      lines,
    });
    const wage = BigInt(worker.dailyWageWon);
    const drafts: { name: string; body: ClaimBody; code: string }[] = [
      {
        name: 'lines do not sum to the total',
        body: base(
          [
            { kind: 'subcontract', subcontractId: tile.id, amountWon: '1000000' },
            { kind: 'labour', workerEngagementId: worker.id, daysWorked: 1 },
          ],
          1_000_001n + wage,
        ),
        code: 'division_must_sum_to_total',
      },
      {
        name: 'a share above what remains on the subcontract',
        body: base(
          [{ kind: 'subcontract', subcontractId: tile.id, amountWon: String(tileRemaining + 1n) }],
          tileRemaining + 1n,
        ),
        code: 'share_exceeds_remaining',
      },
      {
        name: 'a period already claimed',
        body: base([{ kind: 'subcontract', subcontractId: tile.id, amountWon: '1000000' }], 1_000_000n, '2026-05-01'),
        code: 'period_already_claimed',
      },
    ];
    for (const draft of drafts) {
      const local = checkClaimBody(draft.body, facts);
      expect(local.result, draft.name).toBe(draft.code);
      const remote = await prime.post(`/api/v1/contracts/${contractId}/claims`, draft.body);
      expect(remote.json().error.code, draft.name).toBe(draft.code);
      expect(remote.json().error.field, draft.name).toBe('field' in local ? local.field : undefined);
    }
    const good = base(
      [
        { kind: 'subcontract', subcontractId: tile.id, amountWon: '1000000' },
        { kind: 'labour', workerEngagementId: worker.id, daysWorked: 1 },
      ],
      1_000_000n + wage,
    );
    expect(checkClaimBody(good, facts).result).toBe('valid');
    const submitted = await prime.post(`/api/v1/contracts/${contractId}/claims`, good);
    expect(submitted.statusCode).toBe(201);
    // Its period is now taken: fresh facts say so, as the API does.
    const fresh = factsFromJson((await prime.get(`/api/v1/contracts/${contractId}/claim-facts`)).json());
    expect(checkClaimBody(good, fresh).result).toBe('period_already_claimed');
  });

  test('claim facts are the prime’s alone', async () => {
    expect((await subTile.get(`/api/v1/contracts/${contractId}/claim-facts`)).statusCode).toBe(403);
    expect((await official.get(`/api/v1/contracts/${contractId}/claim-facts`)).statusCode).toBe(403);
    expect((await prime.get('/api/v1/contracts/999999/claim-facts')).statusCode).toBe(404);
    expect((await t.anonymous().get(`/api/v1/contracts/${contractId}/claim-facts`)).statusCode).toBe(401);
  });
});
