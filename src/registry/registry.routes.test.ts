// Specifies the registry API: each role sees only its own records, duplicates follow the exists/conflict
// rule, and every bad input is refused with its code and field while nothing at all is written.
import { beforeAll, describe, expect, test } from 'vitest';
import { canonicalJson } from '../audit/canonical-json.ts';
import { rowCounts } from '../db/row-counts.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { withCheckDigit } from '../demo/demo-world.ts';
import { createTestApp, type TestApp, type TestClient } from '../http/test-app.ts';

describeEachEngine('registry API', ({ handle }) => {
  let hado: TestApp;
  let contractId: string;
  beforeAll(async () => {
    hado = await createTestApp(handle());
    const contracts = await (await hado.as('official')).get('/api/v1/contracts');
    contractId = contracts.json().items[0].id;
    // A second buyer with its own contract, prime and official: nobody of the first world may see it.
    const admin = hado.admin();
    const buyer = await admin.post('/api/v1/buyers', { agencyCode: 'OTHER-CITY', name: '다른시청' });
    await admin.post('/api/v1/firms', { businessNumber: withCheckDigit('601810001'), name: '다른건설(주)' });
    const other = await admin.post('/api/v1/contracts', {
      buyerId: buyer.json().record.id,
      primeBusinessNumber: withCheckDigit('601810001'),
      contractNumber: 'OTHER-1',
      title: '다른 공사',
      site: '부산',
      amountWon: '1000000000',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    expect(other.statusCode).toBe(201);
  }, 120_000);

  describe('who sees what', () => {
    const names = async (client: TestClient, url: string, key: string) =>
      ((await client.get(url)).json().items as Record<string, string>[]).map((item) => item[key]).sort();

    for (const row of [
      { login: 'official', contracts: ['SMC-2026-0142'] },
      { login: 'prime', contracts: ['SMC-2026-0142'] },
      { login: 'sub-tile', contracts: ['SMC-2026-0142'] },
      { login: 'supplier-cement', contracts: ['SMC-2026-0142'] },
      { login: 'bank-kb', contracts: ['SMC-2026-0142'] },
      { login: 'auditor', contracts: ['OTHER-1', 'SMC-2026-0142'] },
      { login: 'admin', contracts: ['OTHER-1', 'SMC-2026-0142'] },
    ]) {
      test(`${row.login} sees contracts ${row.contracts.join(', ')}`, async () => {
        expect(await names(await hado.as(row.login), '/api/v1/contracts', 'contractNumber')).toEqual(row.contracts);
      });
    }

    for (const row of [
      { login: 'prime', subcontracts: ['SMC-0142-S1', 'SMC-0142-S1-01', 'SMC-0142-S2', 'SMC-0142-S3'] },
      { login: 'official', subcontracts: ['SMC-0142-S1', 'SMC-0142-S1-01', 'SMC-0142-S2', 'SMC-0142-S3'] },
      { login: 'sub-tile', subcontracts: ['SMC-0142-S1', 'SMC-0142-S1-01'] },
      { login: 'sub-interior', subcontracts: ['SMC-0142-S2'] },
      { login: 'sub-stone', subcontracts: ['SMC-0142-S1-01'] },
    ]) {
      test(`${row.login} sees subcontracts ${row.subcontracts.join(', ')}`, async () => {
        const client = await hado.as(row.login);
        expect(await names(client, `/api/v1/contracts/${contractId}/subcontracts`, 'reference')).toEqual(
          row.subcontracts,
        );
      });
    }

    for (const row of [
      { login: 'prime', workers: 20 },
      { login: 'official', workers: 20 },
      { login: 'sub-tile', workers: 5 },
      { login: 'sub-electric', workers: 4 },
      { login: 'sub-stone', workers: 2 },
    ]) {
      test(`${row.login} sees ${row.workers} workers, phones masked`, async () => {
        const client = await hado.as(row.login);
        const items = (await client.get(`/api/v1/contracts/${contractId}/workers?limit=200`)).json().items;
        expect(items).toHaveLength(row.workers);
        for (const item of items) expect(item.phoneMasked).toMatch(/^010-\*\*\*\*-\d{4}$/);
      });
    }

    test('lists page by keyset: pages follow each other without gaps or repeats', async () => {
      const prime = await hado.as('prime');
      const all = (await prime.get(`/api/v1/contracts/${contractId}/workers?limit=200`)).json();
      const first = (await prime.get(`/api/v1/contracts/${contractId}/workers?limit=7`)).json();
      expect(first.items).toHaveLength(7);
      expect(first.nextAfter).toBe(first.items[6].id);
      const second = (
        await prime.get(`/api/v1/contracts/${contractId}/workers?limit=7&after=${first.nextAfter}`)
      ).json();
      expect([...first.items, ...second.items].map((item: { id: string }) => item.id)).toEqual(
        all.items.slice(0, 14).map((item: { id: string }) => item.id),
      );
      expect(all.nextAfter).toBeNull();
    });

    test('supply contracts: each supplier sees only its own', async () => {
      const cement = await hado.as('supplier-cement');
      expect(await names(cement, `/api/v1/contracts/${contractId}/supply-contracts`, 'reference')).toEqual([
        'SMC-0142-M1',
      ]);
    });

    test('firms: a subcontractor sees itself and its counterparties, not its siblings', async () => {
      const visible = await names(await hado.as('sub-interior'), '/api/v1/firms', 'name');
      expect(visible).toContain('세진인테리어(주)');
      expect(visible).toContain('(주)한강종합건설');
      expect(visible).not.toContain('(주)동방타일');
      expect(visible).not.toContain('다른건설(주)');
    });

    test('a firm that is not party to a contract gets 404 for it, not its data', async () => {
      const response = await (await hado.as('prime')).get('/api/v1/contracts/999999');
      expect(response.statusCode).toBe(404);
      const otherId = (await hado.admin().get('/api/v1/contracts'))
        .json()
        .items.find((c: { contractNumber: string }) => c.contractNumber === 'OTHER-1').id;
      expect((await (await hado.as('prime')).get(`/api/v1/contracts/${otherId}`)).statusCode).toBe(404);
      expect((await (await hado.as('official')).get(`/api/v1/contracts/${otherId}/workers`)).statusCode).toBe(404);
    });

    for (const row of [
      { login: 'prime', method: 'POST', url: '/api/v1/contracts' },
      { login: 'sub-tile', method: 'POST', url: '/api/v1/buyers' },
      { login: 'auditor', method: 'POST', url: '/api/v1/firms' },
      { login: 'bank-kb', method: 'POST', url: '/api/v1/firms' },
      { login: 'supplier-cement', method: 'GET', url: '/api/v1/contracts/1/dedicated-accounts' },
    ]) {
      test(`${row.login} may not ${row.method} ${row.url} (403)`, async () => {
        const before = await rowCounts(handle().db);
        const response = await (await hado.as(row.login)).request(
          row.method,
          row.url,
          row.method === 'POST' ? {} : undefined,
        );
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
        expect(await rowCounts(handle().db)).toEqual(before);
      });
    }

    test('without a session: 401 before any validation', async () => {
      const response = await hado.anonymous().post('/api/v1/contracts', { nonsense: true });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    });

    test('a cookie-authenticated write without the CSRF token is refused', async () => {
      const prime = await hado.as('prime');
      const response = await prime.request(
        'POST',
        '/api/v1/firms',
        { businessNumber: withCheckDigit('777810001'), name: 'x' },
        { 'x-csrf-token': 'wrong' },
      );
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('csrf_token_invalid');
    });
  });

  describe('duplicates', () => {
    const firm = () => ({ businessNumber: withCheckDigit('318820001'), name: '중복시험(주)' });
    test('the same registration again returns the existing record as exists (200)', async () => {
      const admin = hado.admin();
      const first = await admin.post('/api/v1/firms', firm());
      expect(first.statusCode).toBe(201);
      const before = await rowCounts(handle().db);
      const again = await admin.post('/api/v1/firms', firm());
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ result: 'exists', record: first.json().record });
      expect(await rowCounts(handle().db)).toEqual(before);
    });

    test('the same key with different content is a conflict (409) and writes nothing', async () => {
      const admin = hado.admin();
      const before = await rowCounts(handle().db);
      const response = await admin.post('/api/v1/firms', { ...firm(), name: '다른이름(주)' });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'conflict', field: 'businessNumber' });
      expect(await rowCounts(handle().db)).toEqual(before);
    });
  });

  describe('bad input is refused and changes nothing', () => {
    const worker = (overrides: Record<string, unknown>) => ({
      name: '시험근로자',
      phone: '010-9999-0001',
      trade: '보통인부',
      dailyWageWon: '170000',
      startsOn: '2026-06-01',
      account: { bankCode: '004', accountNumber: '99990000000001', holderName: '시험근로자' },
      ...overrides,
    });
    const contract = (overrides: Record<string, unknown>) => ({
      primeBusinessNumber: withCheckDigit('214871234'),
      contractNumber: 'BAD-1',
      title: '시험',
      site: '서울',
      amountWon: '1000000',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      ...overrides,
    });
    const rows: {
      name: string;
      login: string;
      url: (id: string) => string;
      body: unknown;
      status: number;
      code: string;
      field?: string;
    }[] = [
      {
        name: 'invalid business number',
        login: 'admin',
        url: () => '/api/v1/firms',
        body: { businessNumber: '120-81-47522', name: 'x' },
        status: 422,
        code: 'invalid_business_number',
        field: 'businessNumber',
      },
      {
        name: 'invalid phone',
        login: 'prime',
        url: (id) => `/api/v1/contracts/${id}/workers`,
        body: worker({ phone: '02-123-4567' }),
        status: 422,
        code: 'invalid_phone',
        field: 'phone',
      },
      {
        name: 'negative amount',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ amountWon: '-5' }),
        status: 400,
        code: 'invalid_request',
        field: 'amountWon',
      },
      {
        name: 'fractional won',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ amountWon: '1000.5' }),
        status: 400,
        code: 'invalid_request',
        field: 'amountWon',
      },
      {
        name: 'float text',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ amountWon: '1e9' }),
        status: 400,
        code: 'invalid_request',
        field: 'amountWon',
      },
      {
        name: 'amount as a JSON number',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ amountWon: 1000.5 }),
        status: 400,
        code: 'invalid_request',
        field: 'amountWon',
      },
      {
        name: 'zero amount',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ amountWon: '0' }),
        status: 422,
        code: 'invalid_amount',
        field: 'amountWon',
      },
      {
        name: 'impossible date',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ startsOn: '2026-02-30' }),
        status: 422,
        code: 'invalid_date',
        field: 'startsOn',
      },
      {
        name: 'end before start',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ endsOn: '2025-12-31' }),
        status: 422,
        code: 'invalid_period',
        field: 'endsOn',
      },
      {
        name: 'unknown prime',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ primeBusinessNumber: withCheckDigit('999999999') }),
        status: 422,
        code: 'unknown_firm',
        field: 'primeBusinessNumber',
      },
      {
        name: 'unknown field',
        login: 'official',
        url: () => '/api/v1/contracts',
        body: contract({ discount: '5' }),
        status: 400,
        code: 'invalid_request',
        field: 'discount',
      },
      {
        name: 'unknown subcontract',
        login: 'prime',
        url: (id) => `/api/v1/contracts/${id}/workers`,
        body: worker({ subcontractId: '99999' }),
        status: 422,
        code: 'unknown_subcontract',
        field: 'subcontractId',
      },
      {
        name: 'unknown bank code',
        login: 'prime',
        url: (id) => `/api/v1/contracts/${id}/workers`,
        body: worker({ account: { bankCode: '999', accountNumber: '99990000000001', holderName: '시험근로자' } }),
        status: 422,
        code: 'unknown_bank',
        field: 'account.bankCode',
      },
      {
        name: 'wage to an account in another name',
        login: 'prime',
        url: (id) => `/api/v1/contracts/${id}/workers`,
        body: worker({ account: { bankCode: '004', accountNumber: '99990000000001', holderName: '김반장' } }),
        status: 422,
        code: 'account_owner_mismatch',
        field: 'account.holderName',
      },
      {
        name: 'a worker registered under someone else’s employer',
        login: 'sub-tile',
        url: (id) => `/api/v1/contracts/${id}/workers`,
        body: worker({}),
        status: 403,
        code: 'not_party_to_contract',
      },
      {
        name: 'subcontracts beyond the contract amount',
        login: 'prime',
        url: (id) => `/api/v1/contracts/${id}/subcontracts`,
        body: {
          reference: 'BIG',
          firm: { businessNumber: withCheckDigit('318820099'), name: '큰업체' },
          title: 't',
          amountWon: '99000000000',
          startsOn: '2026-01-01',
          endsOn: '2026-12-31',
        },
        status: 422,
        code: 'subcontract_exceeds_contract',
        field: 'amountWon',
      },
    ];
    for (const row of rows) {
      test(`${row.name} → ${row.status} ${row.code}`, async () => {
        const client = row.login === 'admin' ? hado.admin() : await hado.as(row.login);
        const before = await rowCounts(handle().db);
        const response = await client.post(row.url(contractId), row.body);
        expect(response.statusCode).toBe(row.status);
        const error = response.json().error;
        expect(error.code).toBe(row.code);
        expect(typeof error.message).toBe('string');
        if (row.field) expect(error.field).toBe(row.field);
        expect(await rowCounts(handle().db)).toEqual(before);
      });
    }

    test('an oversized body is refused with 413 and nothing written', async () => {
      const before = await rowCounts(handle().db);
      const response = await hado
        .admin()
        .post('/api/v1/firms', { businessNumber: withCheckDigit('318820002'), name: 'x'.repeat(2 * 1024 * 1024) });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('body_too_large');
      expect(await rowCounts(handle().db)).toEqual(before);
    });

    test('English messages for an English caller', async () => {
      const response = await hado
        .admin()
        .request('POST', '/api/v1/firms', { businessNumber: '120-81-47522', name: 'x' }, { 'accept-language': 'en' });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.message).toBe('Invalid business registration number');
    });
  });

  describe('writes are audited', () => {
    test('a registration appends an audit row with who and what', async () => {
      const before = await handle()
        .db.selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<bigint>().as('n'))
        .executeTakeFirstOrThrow();
      const prime = await hado.as('prime');
      const response = await prime.post(`/api/v1/contracts/${contractId}/workers`, {
        name: '감사시험',
        phone: '010-8888-0001',
        trade: '보통인부',
        dailyWageWon: '170000',
        startsOn: '2026-06-01',
        account: { bankCode: '004', accountNumber: '88880000000001', holderName: '감사시험' },
      });
      expect(response.statusCode).toBe(201);
      const rows = await handle()
        .db.selectFrom('audit_log')
        .selectAll()
        .where('id', '>', BigInt(before.n))
        .orderBy('id')
        .execute();
      expect(rows.map((row) => row.action)).toEqual([
        'worker.registered',
        'payee_account.registered',
        'worker_engagement.registered',
      ]);
      expect(rows.every((row) => row.actor === 'user:prime')).toBe(true);
      // The audit log never holds a full phone number.
      expect(canonicalJson(rows)).not.toContain('+821088880001');
      expect(canonicalJson(rows)).not.toContain('88880000000001');
    });
  });
});
