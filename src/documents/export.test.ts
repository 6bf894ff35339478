// Specifies list exports: every list the API serves has a CSV/XLSX export with the list's own roles, and an
// export holds exactly the rows the caller's list holds (scoping, filters, masking), with Korean or English
// headers, exact money, a BOM for Excel and a UTF-8 file name.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { withCheckDigit } from '../demo/demo-world.ts';
import { createTestApp, type TestApp, type TestClient } from '../http/test-app.ts';
import { pageSizeMax } from '../kernel/limits.ts';
import { exportableLists, exportPathOf } from './exportable-lists.ts';
import { columnLabel } from './field-labels.ts';
import { columnsOf } from './table-format.ts';

type Spec = { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
const responseSchemaOf = (spec: Spec, path: string) =>
  (
    spec.paths[path]?.get?.responses?.['200'] as
      | { content?: Record<string, { schema?: { properties?: Record<string, { type?: string; items?: object }> } }> }
      | undefined
  )?.content?.['application/json']?.schema;

/** Parses RFC 4180 CSV (quoted fields, CRLF) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += character;
  }
  return rows;
}

/** Every row of a list, following `nextAfter`, as the web's `api.list` does. */
async function wholeList(client: TestClient, path: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let after: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await client.get(after ? `${path}${separator}after=${after}` : path);
    expect(response.statusCode, response.body).toBe(200);
    rows.push(...response.json().items);
    after = response.json().nextAfter;
  } while (after);
  return rows;
}

describeEachEngine('list exports', ({ handle }) => {
  let hado: TestApp;
  let contractId: string;
  beforeAll(async () => {
    hado = await createTestApp(handle());
    contractId = (await (await hado.as('official')).get('/api/v1/contracts')).json().items[0].id;
  }, 120_000);

  test('every list the API serves has an export with the same roles', () => {
    const spec = hado.app.swagger() as Spec;
    const lists = Object.keys(spec.paths).filter((path) => {
      const schema = responseSchemaOf(spec, path);
      return schema?.properties?.items?.type === 'array' && !path.endsWith('/export');
    });
    expect(lists.length).toBeGreaterThan(15);
    const declared = hado.app.declaredRoutes.filter((route) => route.method === 'GET');
    const exported = new Set(exportableLists.map((list) => list.path.replace(/:([A-Za-z]+)/g, '{$1}')));
    for (const path of lists) {
      // The public API has no list; one appearing there needs its own decision about exports.
      expect(exported.has(path), `${path} has no export: add it to src/documents/exportable-lists.ts`).toBe(true);
    }
    for (const list of exportableLists) {
      const listRoute = declared.find((route) => route.url === list.path);
      const exportRoute = declared.find((route) => route.url === exportPathOf(list.path));
      expect(listRoute, list.path).toBeDefined();
      expect(exportRoute?.roles, list.path).toEqual(listRoute?.roles);
    }
  });

  test('every column of every export has a Korean and an English header', () => {
    const spec = hado.app.swagger() as Spec;
    const missing: string[] = [];
    for (const list of exportableLists) {
      const schema = responseSchemaOf(spec, list.path.replace(/:([A-Za-z]+)/g, '{$1}'));
      const item = schema?.properties?.[list.rows ?? 'items']?.items;
      expect(item, list.path).toBeDefined();
      for (const column of columnsOf(item!)) {
        if (!columnLabel(column.path, 'ko') || !columnLabel(column.path, 'en'))
          missing.push(`${list.path} ${column.path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('a CSV export of the contract list holds the list, with Korean headers, a BOM and a UTF-8 file name', async () => {
    const official = await hado.as('official');
    const list = await wholeList(official, '/api/v1/contracts');
    const response = await official.get('/api/v1/contracts/export?format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="hado-contracts-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^계약-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = parseCsv(response.body.replace(/^\uFEFF/, ''));
    expect(header).toContain('계약번호');
    expect(header).toContain('금액(원)');
    expect(rows.map((row) => row[header!.indexOf('계약번호')])).toEqual(list.map((item) => item.contractNumber));
    // Money as the exact integer the API gives, no separators, no rounding.
    expect(rows.map((row) => row[header!.indexOf('금액(원)')])).toEqual(list.map((item) => item.amountWon));
  });

  test('English headers with Accept-Language: en', async () => {
    const official = await hado.as('official');
    const response = await official.request('GET', '/api/v1/contracts/export?format=csv', undefined, {
      'accept-language': 'en',
    });
    const [header] = parseCsv(response.body.replace(/^\uFEFF/, ''));
    expect(header).toContain('Contract number');
    expect(header).toContain('Amount (KRW)');
    expect(decodeURIComponent(String(response.headers['content-disposition']).split("UTF-8''")[1]!)).toMatch(
      /^hado-contracts-/,
    );
  });

  test('the export is scoped like the list: a subcontractor gets only its own subcontracts', async () => {
    const official = await hado.as('official');
    const sub = await hado.as('sub-tile');
    const path = `/api/v1/contracts/${contractId}/subcontracts`;
    const references = async (client: TestClient) => {
      const response = await client.get(`${path}/export?format=csv`);
      expect(response.statusCode).toBe(200);
      const [header, ...rows] = parseCsv(response.body.replace(/^\uFEFF/, ''));
      return rows.map((row) => row[header!.indexOf('참조번호')]).sort();
    };
    const subList = (await wholeList(sub, path)).map((item) => item.reference).sort();
    expect(await references(sub)).toEqual(subList);
    expect((await references(official)).length).toBeGreaterThan(subList.length);
  });

  test('workers are masked exactly as the list masks them; no phone number leaves unmasked', async () => {
    const prime = await hado.as('prime');
    const path = `/api/v1/contracts/${contractId}/workers`;
    const list = await wholeList(prime, path);
    const response = await prime.get(`${path}/export?format=csv`);
    const [header, ...rows] = parseCsv(response.body.replace(/^\uFEFF/, ''));
    expect(rows.map((row) => row[header!.indexOf('휴대전화(가림)')])).toEqual(
      list.map((item) => item.phoneMasked ?? ''),
    );
    const phones = await handle().db.selectFrom('workers').select('phone_e164').execute();
    for (const { phone_e164 } of phones) {
      if (!phone_e164) continue;
      expect(response.body).not.toContain(phone_e164);
      expect(response.body).not.toContain(`0${phone_e164.slice(3)}`);
    }
  });

  test("the list's filters apply, and the list's refusals come back as the list gives them", async () => {
    const official = await hado.as('official');
    const paid = await wholeList(official, '/api/v1/claims?status=paid');
    expect(paid.length).toBeGreaterThan(0);
    const response = await official.get('/api/v1/claims/export?format=csv&status=paid');
    const [header, ...rows] = parseCsv(response.body.replace(/^\uFEFF/, ''));
    expect(rows.map((row) => row[header!.indexOf('번호')])).toEqual(paid.map((item) => item.id));
    expect(new Set(rows.map((row) => row[header!.indexOf('상태')]))).toEqual(new Set(['paid']));

    const bad = await official.get('/api/v1/claims/export?format=csv&status=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
    const hidden = await official.get('/api/v1/contracts/999999/subcontracts/export?format=xlsx');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    const noFormat = await official.get('/api/v1/contracts/export');
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().error.field).toBe('format');
  });

  test('an export walks every page of a long list', async () => {
    const admin = hado.admin();
    for (let index = 0; index < pageSizeMax + 20; index++) {
      const registered = await admin.post('/api/v1/firms', {
        businessNumber: withCheckDigit(String(700_000_000 + index * 7)),
        name: `내보내기시험 ${index}`,
      });
      expect(registered.statusCode, registered.body).toBeLessThan(300);
    }
    const list = await wholeList(admin, '/api/v1/firms');
    expect(list.length).toBeGreaterThan(pageSizeMax);
    const response = await admin.get('/api/v1/firms/export?format=csv');
    const [header, ...rows] = parseCsv(response.body.replace(/^\uFEFF/, ''));
    expect(rows.map((row) => row[header!.indexOf('사업자등록번호')])).toEqual(list.map((item) => item.businessNumber));
  }, 120_000);

  describe('XLSX', () => {
    test('amounts are number cells in won format, equal to the list; ids stay text', async () => {
      const official = await hado.as('official');
      const list = await wholeList(official, '/api/v1/obligations');
      expect(list.length).toBeGreaterThan(0);
      const response = await official.get('/api/v1/obligations/export?format=xlsx');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe('지급의무');
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const amountColumn = header.indexOf('금액(원)') + 1;
      const idColumn = header.indexOf('번호') + 1;
      expect(amountColumn).toBeGreaterThan(0);
      expect(sheet.rowCount).toBe(list.length + 1);
      list.forEach((item, index) => {
        const cell = sheet.getRow(index + 2).getCell(amountColumn);
        expect(typeof cell.value).toBe('number');
        expect(BigInt(cell.value as number)).toBe(BigInt(item.amountWon as string));
        expect(cell.numFmt).toContain('#,##0');
        expect(sheet.getRow(index + 2).getCell(idColumn).value).toBe(item.id);
      });
    });
  });
});
