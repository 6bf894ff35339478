// Specifies the worker roster import: a valid CSV or XLSX imports every row in one transaction, a dry run and
// any bad row write nothing and list every error by row, duplicates count as `exists`, and callers are scoped
// exactly as the single worker registration scopes them.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { rowCounts } from '../db/row-counts.ts';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { numberCellText, rosterColumns, rosterTemplateCsv, xlsxContentType } from './worker-roster-import.ts';

const header = rosterColumns.map((column) => column.headers[0]).join(',');
const csv = (...rows: string[]) => `${header}\r\n${rows.join('\r\n')}\r\n`;
const row = (
  name: string,
  phone: string,
  account: string,
  extra: { holder?: string; wage?: string; employer?: string } = {},
) =>
  [
    name,
    phone,
    '004',
    account,
    extra.holder ?? name,
    '타일공',
    extra.wage ?? '"180,000"',
    '2026-03-02',
    extra.employer ?? '',
  ].join(',');

describeEachEngine('worker roster import', ({ handle }) => {
  let hado: TestApp;
  let contractId: string;
  let tileNumber: string;
  let tileSubcontractId: string;
  beforeAll(async () => {
    hado = await createTestApp(handle());
    contractId = (await (await hado.as('official')).get('/api/v1/contracts')).json().items[0].id;
    const tile = await handle()
      .db.selectFrom('subcontracts')
      .innerJoin('firms', 'firms.id', 'subcontracts.firm_id')
      .innerJoin('users', 'users.firm_id', 'firms.id')
      .select(['firms.business_number', 'subcontracts.id'])
      .where('users.login', '=', 'sub-tile')
      .executeTakeFirstOrThrow();
    tileNumber = tile.business_number;
    tileSubcontractId = String(tile.id);
  }, 120_000);

  const post = async (login: string, body: string | Buffer, dryRun: boolean, type = 'text/csv') =>
    (await hado.as(login)).request('POST', `/api/v1/contracts/${contractId}/workers/import?dryRun=${dryRun}`, body, {
      'content-type': type,
    });
  const workerNames = async (login: string) =>
    (
      (await (await hado.as(login)).get(`/api/v1/contracts/${contractId}/workers?limit=200`)).json().items as {
        workerName: string;
      }[]
    ).map((item) => item.workerName);

  test('the template is the Korean header row', () => {
    expect(rosterTemplateCsv).toBe('이름,휴대전화,은행코드,계좌번호,예금주,직종,일당,시작일,고용업체\r\n');
  });

  test('one bad row: every error is listed by row and nothing is written, on a dry run and for real', async () => {
    const file = csv(
      row('김명단', '010-7100-0001', '710000000001'),
      row('이명단', '010-71', '710000000002'),
      row('박명단', '010-7100-0003', '710000000003', { holder: '다른사람' }),
      '최명단,010-7100-0004,004,710000000004,최명단,,"180,000",2026-03-02,',
      row('정명단', '010-7100-0005', '710000000005', { employer: '999-99-99999' }),
    );
    const before = await rowCounts(handle().db);
    for (const dryRun of [true, false]) {
      const response = await post('prime', file, dryRun);
      expect(response.statusCode).toBe(422);
      const answer = response.json();
      expect(answer.result).toBe('invalid');
      expect(answer.rows).toBe(5);
      expect(
        answer.errors.map((error: { row: number; field: string; code: string }) => [
          error.row,
          error.field,
          error.code,
        ]),
      ).toEqual([
        [3, 'phone', 'invalid_phone'],
        [4, 'holderName', 'account_owner_mismatch'],
        [5, 'trade', 'required'],
        [6, 'employer', 'invalid_business_number'],
      ]);
      expect(await rowCounts(handle().db)).toEqual(before);
    }
  });

  test('a valid CSV: the dry run writes nothing, the import registers every row once, again is `exists`', async () => {
    const file = csv(
      row('김명단', '010-7100-0001', '710000000001'),
      row('한명단', '010-7100-0006', '710000000006'),
      row('한명단', '010-7100-0006', '710000000006'),
    );
    const before = await rowCounts(handle().db);
    const dry = await post('prime', file, true);
    expect([dry.statusCode, dry.json()]).toEqual([
      200,
      { result: 'valid', rows: 3, created: 2, exists: 1, errors: [] },
    ]);
    expect(await rowCounts(handle().db)).toEqual(before);
    const imported = await post('prime', file, false);
    expect([imported.statusCode, imported.json()]).toEqual([
      201,
      { result: 'imported', rows: 3, created: 2, exists: 1, errors: [] },
    ]);
    const after = await rowCounts(handle().db);
    expect(after['public.worker_engagements']).toBe(before['public.worker_engagements']! + 2);
    expect(after['public.payee_accounts']).toBe(before['public.payee_accounts']! + 2);
    expect(await workerNames('prime')).toEqual(expect.arrayContaining(['김명단', '한명단']));
    const again = await post('prime', file, false);
    expect([again.statusCode, again.json().result, again.json().exists]).toEqual([200, 'imported', 3]);
    expect(await rowCounts(handle().db)).toEqual({ ...after, 'public.audit_log': after['public.audit_log']! + 1 });
  });

  test('the same phone with a different wage is a conflict of its row', async () => {
    const response = await post(
      'prime',
      csv(row('김명단', '010-7100-0001', '710000000001', { wage: '190000' })),
      false,
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ row: 2, field: 'phone', code: 'conflict' })]);
  });

  test('an XLSX roster imports the same way; a subcontractor registers its own workers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('명단');
    sheet.addRow(rosterColumns.map((column) => column.headers[0]));
    sheet.addRow([
      '서타일',
      '010-7100-0007',
      '004',
      '710000000007',
      '서타일',
      '타일공',
      175000,
      new Date('2026-03-09T00:00:00Z'),
      tileNumber,
    ]);
    sheet.addRow(['남타일', '010-7100-0008', '004', '710000000008', '남타일', '조공', '150000', '2026-03-09', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await post('sub-tile', file, false, xlsxContentType);
    expect([response.statusCode, response.json()]).toEqual([
      201,
      { result: 'imported', rows: 2, created: 2, exists: 0, errors: [] },
    ]);
    expect(await workerNames('sub-tile')).toEqual(expect.arrayContaining(['서타일', '남타일']));
  });

  test('XLSX number cells in the phone and account columns are read as the numbers they stand for', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('명단');
    sheet.addRow(rosterColumns.map((column) => column.headers[0]));
    // Typed without quotes: the phone 010-7100-0010 is stored as 1071000010, the account as a number.
    sheet.addRow(['수숫자', 1071000010, '004', 710000000010, '수숫자', '타일공', 160000, '2026-03-09', '']);
    // A zero-padded number format shows the leading zeros: the digits are read as shown.
    const formatted = sheet.addRow(['형서식', 1071000011, '004', 71000000011, '형서식', '조공', 150000, '2026-03-09']);
    formatted.getCell(2).numFmt = '000-0000-0000';
    formatted.getCell(4).numFmt = '000000000000';
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await post('prime', file, false, xlsxContentType);
    expect([response.statusCode, response.json()]).toEqual([
      201,
      { result: 'imported', rows: 2, created: 2, exists: 0, errors: [] },
    ]);
    const registered = await handle()
      .db.selectFrom('workers')
      .innerJoin('payee_accounts', (join) =>
        join.onRef('payee_accounts.owner_id', '=', 'workers.id').on('payee_accounts.owner_kind', '=', 'worker'),
      )
      .select(['workers.name', 'workers.phone_e164', 'payee_accounts.account_number'])
      .where('workers.name', 'in', ['수숫자', '형서식'])
      .orderBy('workers.name')
      .execute();
    expect(registered).toEqual([
      { name: '수숫자', phone_e164: '+821071000010', account_number: '710000000010' },
      { name: '형서식', phone_e164: '+821071000011', account_number: '071000000011' },
    ]);
  });

  test('an XLSX account number beyond 2^53 is refused with its row and cell, and nothing is written', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('명단');
    sheet.addRow(rosterColumns.map((column) => column.headers[0]));
    sheet.addRow(['정확한', '010-7100-0012', '004', '710000000012', '정확한', '타일공', 160000, '2026-03-09']);
    // 16 digits typed as a number: the spreadsheet keeps 9007199254740992, another account.
    const typed = Number('9007199254740993');
    sheet.addRow(['큰계좌', '010-7100-0013', '004', typed, '큰계좌', '타일공', 160000, '2026-03-09']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await rowCounts(handle().db);
    const response = await post('prime', file, false, xlsxContentType);
    expect(response.statusCode).toBe(422);
    const answer = response.json();
    expect([answer.result, answer.rows]).toEqual(['invalid', 2]);
    expect(answer.errors).toEqual([
      { row: 3, field: 'accountNumber', code: 'invalid_account_number', message: expect.stringContaining('D3') },
    ]);
    expect(await rowCounts(handle().db)).toEqual(before);
  });

  test('a caller scoped out is refused as the single registration refuses it, and nothing is written', async () => {
    const before = await rowCounts(handle().db);
    const single = {
      name: '외부인',
      phone: '010-7100-0009',
      trade: '타일공',
      dailyWageWon: '150000',
      startsOn: '2026-03-09',
      account: { bankCode: '004', accountNumber: '710000000009', holderName: '외부인' },
    };
    // Another subcontractor naming the tile subcontractor as employer; roles without the right; an unknown contract.
    for (const { login, contract } of [
      { login: 'sub-interior', contract: contractId },
      { login: 'supplier-cement', contract: contractId },
      { login: 'official', contract: contractId },
      { login: 'prime', contract: '999999' },
    ]) {
      const client = await hado.as(login);
      const one = await client.post(`/api/v1/contracts/${contract}/workers`, {
        ...single,
        subcontractId: tileSubcontractId,
      });
      const roster = await client.request(
        'POST',
        `/api/v1/contracts/${contract}/workers/import?dryRun=false`,
        csv(row('외부인', '010-7100-0009', '710000000009', { employer: tileNumber })),
        { 'content-type': 'text/csv' },
      );
      expect([roster.statusCode, roster.json().error?.code], login).toEqual([one.statusCode, one.json().error?.code]);
      expect(roster.statusCode, `${login}: ${roster.body}`).toBeGreaterThanOrEqual(403);
    }
    expect(await rowCounts(handle().db)).toEqual(before);
    // A subcontractor's roster without an employer column value registers its own workers.
    const own = await post('sub-tile', csv(row('외부인', '010-7100-0009', '710000000009')), false);
    expect(own.statusCode).toBe(201);
    const after = await rowCounts(handle().db);
    expect(after['public.worker_engagements']).toBe(before['public.worker_engagements']! + 1);
  });

  test('a body that is not CSV or XLSX is refused', async () => {
    const response = await post('prime', Buffer.from('not a workbook'), false, xlsxContentType);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].code).toBe('malformed_file');
  });
});

for (const row of [
  { column: 'phone', value: 1_012_345_678, format: undefined, expected: '01012345678' },
  { column: 'phone', value: 821_012_345_678, format: undefined, expected: '+821012345678' },
  { column: 'phone', value: 1_012_345_678, format: '000-0000-0000', expected: '01012345678' },
  { column: 'phone', value: 212_345_678, format: undefined, expected: '0212345678' },
  { column: 'phone', value: 1_012_345_678.5, format: undefined, expected: null },
  { column: 'phone', value: -1_012_345_678, format: undefined, expected: null },
  { column: 'accountNumber', value: 710_000_000_010, format: undefined, expected: '710000000010' },
  { column: 'accountNumber', value: 12_345_678_901, format: '0000000000000', expected: '0012345678901' },
  { column: 'accountNumber', value: 12_345_678_901, format: '#,##0', expected: '12345678901' },
  { column: 'accountNumber', value: 9_007_199_254_740_992, format: undefined, expected: null },
  { column: 'accountNumber', value: 1.2345678901234567e19, format: undefined, expected: null },
] as const) {
  test(`number cell ${row.value} in ${row.column}${row.format ? ` as ${row.format}` : ''} → ${row.expected}`, () => {
    const read = numberCellText(row.column, row.value, row.format);
    expect(read.kind === 'text' ? read.text : null).toBe(row.expected);
  });
}

test('every Korean mobile number stored as a number cell reads back as itself', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^01[016789][1-9][0-9]{6,7}$/), (phone) => {
      const read = numberCellText('phone', Number(phone));
      expect(read).toEqual({ kind: 'text', text: phone });
    }),
  );
});
