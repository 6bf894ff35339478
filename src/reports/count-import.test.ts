// Specifies the CSV of outside counts: RFC 4180 parsing, every error listed by row, and the plan against the
// agencies Hado knows and the counts already stored (same again unchanged, different a conflict unless replaced).
import { describe, expect, test } from 'vitest';
import { parseCounts, parseCsv, planCounts } from './count-import.ts';

const header = 'agency_code,month,contracts,non_payment_reports,late_payment_reports';

describe('parsing', () => {
  test('quotes, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,c","say ""hi"""\r\n1,2,3\r\n').records).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
    expect(parseCsv('a,"open').error).toBe('a quoted field is not closed');
  });

  test('a valid file', () => {
    const parsed = parseCounts(`${header}\nGG-1,2025-07,450,9,4\nGG-1,2025-08,451,0,0\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.dataRows).toBe(2);
    expect(parsed.rows[0]).toEqual({
      row: 2,
      agencyCode: 'GG-1',
      month: '2025-07-01',
      contracts: 450,
      nonPaymentReports: 9,
      latePaymentReports: 4,
    });
  });

  test('every error, by row and field', () => {
    const parsed = parseCounts(
      [
        header,
        'GG-1,2025-13,450,9,4',
        'GG-1,2025-07,-1,1.5,x',
        'GG 1,2025-07,1,1,1',
        'GG-1,2025-07,1,1',
        'GG-1,2025-08,1,1,1',
        'GG-1,2025-08,2,2,2',
      ].join('\n'),
    );
    expect(parsed.errors.map((error) => [error.row, error.field, error.code])).toEqual([
      [2, 'month', 'invalid_month'],
      [3, 'contracts', 'invalid_count'],
      [3, 'non_payment_reports', 'invalid_count'],
      [3, 'late_payment_reports', 'invalid_count'],
      [4, 'agency_code', 'invalid_agency_code'],
      [5, null, 'wrong_field_count'],
      [7, 'month', 'duplicate_row'],
    ]);
  });

  test('a wrong header or no rows', () => {
    expect(parseCounts('agency,month\nX,2025-01').errors[0]?.code).toBe('bad_header');
    expect(parseCounts(`${header}\n`).errors[0]?.code).toBe('no_rows');
  });
});

describe('planning against the database', () => {
  const parsed = parseCounts(
    `${header}\nGG-1,2025-07,450,9,4\nGG-1,2025-08,450,3,1\nSEOUL,2025-07,10,1,1\nNOPE,2025-07,1,1,1\n`,
  );
  const agencies = new Map([
    ['GG-1', { buyerId: 2n, mayImport: true }],
    ['SEOUL', { buyerId: 1n, mayImport: false }],
  ]);
  const stored = new Map([
    ['2:2025-07-01', { contracts: 450, nonPaymentReports: 9, latePaymentReports: 4 }],
    ['2:2025-08-01', { contracts: 450, nonPaymentReports: 2, latePaymentReports: 1 }],
  ]);

  test('unknown agencies, other agencies and conflicting counts are errors', () => {
    const plan = planCounts(parsed, agencies, stored, false);
    expect(plan.errors.map((error) => [error.row, error.code])).toEqual([
      [3, 'conflict'],
      [4, 'not_your_agency'],
      [5, 'unknown_agency'],
    ]);
    expect(plan.unchanged).toBe(1);
  });

  test('replace corrects a stored count', () => {
    const plan = planCounts(
      parseCounts(`${header}\nGG-1,2025-07,450,9,4\nGG-1,2025-08,450,3,1\nGG-1,2025-09,450,0,0\n`),
      agencies,
      stored,
      true,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.replace.map((row) => [row.month, row.before.nonPaymentReports, row.nonPaymentReports])).toEqual([
      ['2025-08-01', 2, 3],
    ]);
    expect(plan.create.map((row) => row.month)).toEqual(['2025-09-01']);
  });
});
