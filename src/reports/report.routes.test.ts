// Specifies non-payment reports through the HTTP API on both engines: a report walked from intake to resolution
// with the SMS each step writes to the outbox and its link to an overdue finding Hado had raised first; reports
// from outside Hado and imported counts; the statistics, their exports and the public aggregate; and bad input
// (someone else's contract, a flood from one phone, oversized text, attachments that are not documents) refused
// with a clear error and nothing written.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { rowCounts } from '../db/row-counts.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { demoPrime } from '../demo/demo-people.ts';
import { withCheckDigit } from '../demo/demo-world.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { addDays, type CivilDate } from '../kernel/civil-date.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n');

describeEachEngine('non-payment reports', ({ handle }) => {
  let hado: TestApp;
  let contractId: bigint;
  let obligationId: bigint;
  let findingId: bigint;
  let dueOn: CivilDate;

  beforeAll(async () => {
    hado = await createTestApp(handle());
    const db = handle().db;
    const today = hado.context.clock.today();
    // The buyer's official gave a phone: new reports are routed to them by SMS too.
    await db.updateTable('users').set({ phone_e164: '+821099990001' }).where('login', '=', 'official').execute();
    // A supply share to the equipment supplier, due ten days ago and unpaid; the monitor flagged it two days ago.
    const supply = await db
      .selectFrom('supply_contracts')
      .innerJoin('users', 'users.firm_id', 'supply_contracts.firm_id')
      .select([
        'supply_contracts.id',
        'supply_contracts.contract_id',
        'supply_contracts.firm_id',
        'supply_contracts.payee_account_id',
      ])
      .where('users.login', '=', 'supplier-equipment')
      .executeTakeFirstOrThrow();
    contractId = supply.contract_id;
    dueOn = addDays(today, -10);
    const rule = await db
      .selectFrom('rule_versions')
      .select('id')
      .where('rule', '=', 'supply_payment_days')
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{ obligation_id: bigint }>`
      with claim as (
        insert into claims (contract_id, sequence, period_start, period_end, status, flow, total_won, content_hash,
          submitted_on, submitted_at)
        values (${contractId}, 90, '2016-01-01', '2016-01-31', 'approved', 'direct', 7000000, ${'a'.repeat(64)},
          ${addDays(today, -40)}, now())
        returning id
      ), line as (
        insert into claim_lines (contract_id, claim_id, claim_version, line_no, kind, supply_contract_id, payee_kind,
          payee_id, payee_account_id, amount_won)
        select ${contractId}, claim.id, 1, 1, 'supply', ${supply.id}, 'firm', ${supply.firm_id}, ${supply.payee_account_id},
          7000000 from claim
        returning id, claim_id
      )
      insert into obligations (contract_id, claim_id, claim_line_id, kind, payee_kind, payee_id, payee_account_id,
        source_purpose, amount_won, due_on, due_basis, rule_version_id, status)
      select ${contractId}, line.claim_id, line.id, 'supply', 'firm', ${supply.firm_id}, ${supply.payee_account_id},
        'progress', 7000000, ${dueOn}, 'after_buyer_payment', ${rule.id}, 'open' from line
      returning id as obligation_id`.execute(db);
    obligationId = rows[0]!.obligation_id;
    const finding = await db
      .insertInto('findings')
      .values({
        finding_key: `report-test:overdue:obligation:${obligationId}`,
        kind: 'overdue',
        severity: 'critical',
        contract_id: contractId,
        obligation_id: obligationId,
        owner: 'official',
        payee_kind: 'firm',
        payee_id: supply.firm_id,
        due_on: dueOn,
        days_late: 10,
        raised_at: new Date(Date.now() - 2 * 86_400_000),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    findingId = finding.id;
  }, 180_000);

  const outboxOf = (key: string) =>
    handle().db.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', key).executeTakeFirst();

  test('a report walks from intake to resolution, told by SMS at each step, linked to the overdue finding', async () => {
    const supplier = await hado.as('supplier-equipment');
    const body = {
      contractId: String(contractId),
      kind: 'non_payment',
      owedWon: '7000000',
      owedSince: addDays(dueOn, -5),
      description: '고소작업대 임대료 미지급',
      phone: '010-5550-2002',
      attachments: [
        { fileName: '세금계산서.pdf', mediaType: 'application/pdf', contentBase64: pdf.toString('base64') },
      ],
    };
    const made = await supplier.post('/api/v1/reports', body);
    expect(made.statusCode, made.body).toBe(201);
    const report = made.json().record;
    const overdueSince = addDays(dueOn, 1);
    expect(report).toMatchObject({
      state: 'received',
      channel: 'hado',
      reporterKind: 'supplier',
      overdueSince,
      flaggedBefore: true,
      phoneMasked: '010-****-2002',
      hadoSaw: `Hado도 이 대금을 ${overdueSince}부터 연체로 보고 있습니다.`,
    });
    expect(report.matches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          obligationId: String(obligationId),
          findingId: null,
          outstandingWon: '7000000',
          dueOn,
        }),
        expect.objectContaining({
          obligationId: String(obligationId),
          findingId: String(findingId),
          findingKind: 'overdue',
        }),
      ]),
    );
    const id = report.id as string;

    // The reporter is told, in the reporter's language, what Hado already saw; the buyer's official is told too.
    const received = await outboxOf(`report:${id}:received`);
    expect(received).toMatchObject({
      recipient_kind: 'firm',
      phone_e164: '+821055502002',
      kind: 'report.received',
      state: 'pending',
    });
    expect(received!.body).toContain(`${overdueSince}부터 연체`);
    expect(await outboxOf(`report:${id}:routed:user:${await userId('official')}`)).toMatchObject({
      recipient_kind: 'user',
      phone_e164: '+821099990001',
    });

    // The same report again is the same report: nothing new, no second SMS.
    const again = await supplier.post('/api/v1/reports', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'exists', record: { id } });

    // The attachment comes back as it went in, to those who may read the report.
    const file = await supplier.get(`/api/v1/reports/${id}/attachments/${report.attachments[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(file.rawPayload).equals(pdf)).toBe(true);

    // Routed to the buyer's official; the prime never sees who reported.
    const official = await hado.as('official');
    const queue = (await official.get('/api/v1/reports?state=received')).json();
    expect(queue.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await (await hado.as('prime')).get(`/api/v1/reports/${id}`)).statusCode).toBe(403);
    expect((await (await hado.as('supplier-cement')).get(`/api/v1/reports/${id}`)).statusCode).toBe(404);

    const review = await official.post(`/api/v1/reports/${id}/review`, { reason: '원도급사에 확인 요청' });
    expect(review.statusCode, review.body).toBe(200);
    expect(review.json().record).toMatchObject({ state: 'under_review', assignedTo: 'user:official' });
    expect(await outboxOf(`report:${id}:under_review`)).toMatchObject({
      recipient_kind: 'firm',
      kind: 'report.under_review',
    });

    const resolution = {
      outcome: 'direct_payment',
      reason: '원도급사 지급 지연: 직접지급 결정 (건설산업기본법 제35조)',
    };
    const resolved = await official.post(`/api/v1/reports/${id}/resolve`, resolution);
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().record).toMatchObject({
      state: 'resolved',
      outcome: 'direct_payment',
      resolvedOn: hado.context.clock.today(),
    });
    const told = await outboxOf(`report:${id}:resolved`);
    expect(told!.body).toContain('직접 지급하기로 결정');

    // Resolving again the same way is the same step; differently is refused.
    expect((await official.post(`/api/v1/reports/${id}/resolve`, resolution)).json().result).toBe('exists');
    const different = await official.post(`/api/v1/reports/${id}/resolve`, { outcome: 'paid', reason: 'paid' });
    expect(different.statusCode).toBe(409);
    expect((await official.post(`/api/v1/reports/${id}/review`, {})).statusCode).toBe(409);

    // Every step: who, when, from what to what, why; each in the audit log.
    const detail = (await supplier.get(`/api/v1/reports/${id}`)).json();
    expect(
      detail.transitions.map((t: { fromState: string | null; toState: string; actor: string }) => [
        t.fromState,
        t.toState,
        t.actor,
      ]),
    ).toEqual([
      [null, 'received', 'user:supplier-equipment'],
      ['received', 'under_review', 'user:official'],
      ['under_review', 'resolved', 'user:official'],
    ]);
    expect(detail.transitions[2].reason).toBe(resolution.reason);
    const audit = await handle()
      .db.selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'report')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['report.received', 'report.under_review', 'report.resolved']);
    const messages = await handle()
      .db.selectFrom('outbox_messages')
      .select('idempotency_key')
      .where('idempotency_key', 'like', `report:${id}:%`)
      .execute();
    expect(messages).toHaveLength(4);
  });

  test('officials record reports from outside Hado; the reporter is told by SMS at the number given', async () => {
    const official = await hado.as('official');
    const made = await official.post('/api/v1/reports/outside', {
      channel: 'letter',
      receivedOn: addDays(hado.context.clock.today(), -2),
      kind: 'late_payment',
      reporterKind: 'worker',
      contractReference: '강동구 복지관 신축공사 (Hado 미등록)',
      reporterName: '홍길동',
      phone: '010-5550-4004',
      owedWon: '2100000',
    });
    expect(made.statusCode, made.body).toBe(201);
    const record = made.json().record;
    expect(record).toMatchObject({
      channel: 'letter',
      contractId: null,
      phoneMasked: '010-****-4004',
      overdueSince: null,
    });
    expect(await outboxOf(`report:${record.id}:received`)).toMatchObject({
      recipient_kind: 'phone',
      phone_e164: '+821055504004',
    });
    // Another agency's contract is not the official's to record.
    const elsewhere = await official.post('/api/v1/reports/outside', {
      channel: 'phone',
      receivedOn: hado.context.clock.today(),
      kind: 'non_payment',
      reporterKind: 'other',
      contractId: String(await otherContract()),
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().error.code).toBe('unknown_contract');
  });

  test('counts for contracts outside Hado: a dry run lists every error by row, nothing is written until all is valid', async () => {
    const official = await hado.as('official');
    const admin = await hado.as('admin');
    const header = 'agency_code,month,contracts,non_payment_reports,late_payment_reports';
    const before = await rowCounts(handle().db);
    const broken = await admin.post('/api/v1/report-counts/import', {
      csv: `${header}\nGYEONGGI-DEMO,2019-01,450,9,4\nNOWHERE,2019-01,1,1,1\nGYEONGGI-DEMO,2019-13,1,1,1\nGYEONGGI-DEMO,2019-02,1,-1,1\n`,
      dryRun: true,
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.code).toBe('import_invalid');
    expect(broken.json().errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'unknown_agency'],
      [4, 'invalid_month'],
      [5, 'invalid_count'],
    ]);
    const csv = `${header}\nGYEONGGI-DEMO,2019-01,450,9,4\nGYEONGGI-DEMO,2019-02,450,7,2\n`;
    const dry = await admin.post('/api/v1/report-counts/import', { csv, dryRun: true });
    expect(dry.json()).toMatchObject({ result: 'checked', dryRun: true, rows: 2, created: 2, errors: [] });
    // The same file not as a dry run but with one bad row: still nothing written.
    const partlyBad = await admin.post('/api/v1/report-counts/import', { csv: `${csv}GYEONGGI-DEMO,2019-03,x,1,1\n` });
    expect(partlyBad.statusCode).toBe(422);
    expect(await rowCounts(handle().db)).toEqual(before);

    expect((await admin.post('/api/v1/report-counts/import', { csv })).statusCode).toBe(201);
    expect((await admin.post('/api/v1/report-counts/import', { csv })).json()).toMatchObject({
      result: 'imported',
      unchanged: 2,
      created: 0,
    });
    const changed = csv.replace('450,7,2', '450,8,2');
    expect((await admin.post('/api/v1/report-counts/import', { csv: changed })).json().errors[0]).toMatchObject({
      row: 3,
      code: 'conflict',
    });
    expect((await admin.post('/api/v1/report-counts/import', { csv: changed, replace: true })).json()).toMatchObject({
      replaced: 1,
    });
    // An official imports for their own agency only.
    const foreign = await official.post('/api/v1/report-counts/import', {
      csv: `${header}\nGYEONGGI-DEMO,2019-04,1,1,1\n`,
    });
    expect(foreign.json().errors[0]).toMatchObject({ row: 2, code: 'not_your_agency' });
  });

  describe('statistics', () => {
    test('the demo agency on Hado: 168 → 106 is a 37 % decrease; the agency not on Hado rose', async () => {
      const anyone = hado.anonymous();
      const seoul = (await anyone.get('/api/v1/public/report-statistics?agencyCode=SEOUL-DEMO')).json();
      expect(seoul.change.total).toEqual({
        previous: 168,
        current: 106,
        difference: -62,
        percent: -37,
        percentOneDecimal: '-36.9',
        direction: 'decrease',
      });
      // 106 reports on its 1 contract in Hado and 599 outside.
      expect(seoul.current.perHundredContracts.agenciesOnHado).toEqual({
        reports: 106,
        contracts: 600,
        per100Contracts: '17.7',
      });
      // 450 contracts counted outside, and the one these tests registered in Hado: 162 × 100 / 451 = 35.92… → 35.9.
      await otherContract();
      const gyeonggi = (await anyone.get('/api/v1/public/report-statistics?agencyCode=GYEONGGI-DEMO')).json();
      expect(gyeonggi.change.total).toMatchObject({ previous: 150, current: 162, percent: 8, direction: 'increase' });
      expect(gyeonggi.current.perHundredContracts.agenciesNotOnHado).toEqual({
        reports: 162,
        contracts: 451,
        per100Contracts: '35.9',
      });
      // The demo has a report in every state.
      expect(seoul.current.byOutcome).toMatchObject({ paid: 2, direct_payment: 1, referred: 1, open: 2 });
    });

    test('the public aggregate carries no personal data', async () => {
      const text = (await hado.anonymous().get('/api/v1/public/report-statistics')).body;
      for (const personal of ['010', '+82', '홍길동', '[데모] 전화 신고인', '미지급 시작', 'description'])
        expect(text).not.toContain(personal);
    });

    test('officials see their own agency; admins and auditors any', async () => {
      const official = await hado.as('official');
      const own = (await official.get('/api/v1/report-statistics')).json();
      expect(own.agency.agencyCode).toBe('SEOUL-DEMO');
      const other = await official.get(`/api/v1/report-statistics?buyerId=${await buyerIdOf('GYEONGGI-DEMO')}`);
      expect(other.statusCode).toBe(403);
      const all = (await (await hado.as('auditor')).get('/api/v1/report-statistics')).json();
      expect(all.agency).toBeNull();
      expect(all.current.total).toBeGreaterThanOrEqual(106 + 162);
      const bad = await official.get('/api/v1/report-statistics?from=2025-03-01&to=2025-02-01');
      expect(bad.statusCode).toBe(422);
    });

    test('exports: CSV with a BOM, and an XLSX that opens', async () => {
      const official = await hado.as('official');
      const csv = await official.get('/api/v1/report-statistics/export?format=csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.charCodeAt(0)).toBe(0xfeff);
      expect(csv.body).toContain('신고 건수,106,168,-62,-36.9');
      const xlsx = await official.request('GET', '/api/v1/report-statistics/export?format=xlsx', undefined, {
        'accept-language': 'en',
      });
      expect(xlsx.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Statistics')!;
      const reportsRow = sheet.getRow(4).values as unknown[];
      expect(reportsRow.slice(1)).toEqual(['Reports', 106, 168, -62, '-36.9']);
    });
  });

  describe('bad input: a clear error, nothing written', () => {
    const refusedWithNothingWritten = async (
      login: string,
      body: Record<string, unknown>,
      expected: { status: number; code: string; field?: string },
    ) => {
      const client = await hado.as(login);
      const before = await rowCounts(handle().db);
      const response = await client.post('/api/v1/reports', body);
      expect(response.statusCode, response.body).toBe(expected.status);
      expect(response.json().error).toMatchObject({
        code: expected.code,
        ...(expected.field ? { field: expected.field } : {}),
      });
      expect(response.json().error.message.length).toBeGreaterThan(5);
      expect(await rowCounts(handle().db)).toEqual(before);
    };
    const base = () => ({
      contractId: String(contractId),
      kind: 'non_payment',
      owedWon: '1000000',
      owedSince: addDays(hado.context.clock.today(), -30),
      phone: '010-5550-7007',
    });

    test('a contract the reporter has no part in', async () => {
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), contractId: String(await otherContract()) },
        { status: 403, code: 'not_party_to_contract', field: 'contractId' },
      );
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), contractId: '999999999' },
        { status: 403, code: 'not_party_to_contract' },
      );
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), contractId: undefined, site: '부산 해운대' },
        { status: 422, code: 'site_not_found', field: 'site' },
      );
    });

    test('oversized text', async () => {
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), description: '가'.repeat(2_001) },
        { status: 400, code: 'invalid_request', field: 'description' },
      );
    });

    test('attachments that are not documents or images, or too large', async () => {
      const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1').toString('base64');
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), attachments: [{ fileName: 'invoice.pdf', contentBase64: exe }] },
        { status: 415, code: 'attachment_type_refused', field: 'attachments.0' },
      );
      const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), attachments: [{ fileName: 'a.png', mediaType: 'image/png', contentBase64: html }] },
        { status: 415, code: 'attachment_type_refused' },
      );
      const large = Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]).toString('base64');
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), attachments: [{ fileName: 'big.pdf', contentBase64: large }] },
        { status: 400, code: 'invalid_request' },
      );
      const justOver = Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024 - pdf.length + 1)]);
      const base64 = justOver.toString('base64');
      expect(base64.length).toBeLessThanOrEqual(Math.ceil((2 * 1024 * 1024) / 3) * 4);
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), attachments: [{ fileName: 'big.pdf', contentBase64: base64 }] },
        { status: 413, code: 'attachment_too_large' },
      );
    });

    test('a flood from one phone', async () => {
      const tile = await hado.as('sub-tile');
      for (let day = 1; day <= 5; day += 1) {
        const made = await tile.post('/api/v1/reports', {
          ...base(),
          owedSince: addDays(hado.context.clock.today(), -day),
        });
        expect(made.statusCode, made.body).toBe(201);
      }
      await refusedWithNothingWritten(
        'sub-tile',
        { ...base(), owedSince: addDays(hado.context.clock.today(), -6) },
        { status: 429, code: 'rate_limited' },
      );
      // Another firm from the same phone is the same flood.
      await refusedWithNothingWritten('sub-electric', base(), { status: 429, code: 'rate_limited' });
    });

    test('roles that do not report, and a firm without a phone', async () => {
      const prime = await hado.as('prime');
      expect((await prime.post('/api/v1/reports', base())).statusCode).toBe(403);
      // A firm registered without a phone must give one: the reporter is told of each step by SMS.
      const cement = await handle()
        .db.selectFrom('users')
        .select('firm_id')
        .where('login', '=', 'supplier-cement')
        .executeTakeFirstOrThrow();
      await handle().db.updateTable('firms').set({ phone_e164: null }).where('id', '=', cement.firm_id!).execute();
      await refusedWithNothingWritten(
        'supplier-cement',
        { ...base(), phone: undefined, contractId: String(contractId) },
        { status: 422, code: 'contact_phone_required', field: 'phone' },
      );
    });
  });

  const userId = async (login: string) =>
    (await handle().db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
  const buyerIdOf = async (code: string) =>
    (await handle().db.selectFrom('buyers').select('id').where('agency_code', '=', code).executeTakeFirstOrThrow()).id;
  let other: bigint | undefined;
  /** A contract of the other agency that none of the demo's reporters is party to. */
  async function otherContract(): Promise<bigint> {
    if (other !== undefined) return other;
    const made = await hado.admin().post('/api/v1/contracts', {
      buyerId: String(await buyerIdOf('GYEONGGI-DEMO')),
      primeBusinessNumber: withCheckDigit(demoPrime.prefix),
      contractNumber: 'GG-2026-0001',
      title: '[시험] 다른 기관 계약',
      site: '경기 수원시',
      amountWon: '1000000000',
      startsOn: addDays(hado.context.clock.today(), -100),
      endsOn: addDays(hado.context.clock.today(), 100),
    });
    expect(made.statusCode, made.body).toBe(201);
    other = BigInt(made.json().record.id);
    return other;
  }
});
