import { parseCivilDate } from '../kernel/civil-date.ts';
import { parseCsvRecords } from '../kernel/csv-records.ts';
import { reportCountErrorsMax, reportCountRowsMax, reportMonthlyCountMax } from './report-limits.ts';

/**
 * Monthly counts for contracts outside Hado, from CSV (UTF-8, with or without a BOM, comma-separated, RFC 4180
 * quoting), one row per agency and month:
 *
 *   agency_code,month,contracts,non_payment_reports,late_payment_reports
 *   GYEONGGI-DEMO,2025-07,450,9,4
 *
 * Pure: the file is checked whole and every error is listed by row (the header is row 1); the store writes
 * nothing unless there are none.
 */
export const countColumns = [
  'agency_code',
  'month',
  'contracts',
  'non_payment_reports',
  'late_payment_reports',
] as const;

export type CountRow = {
  readonly row: number;
  readonly agencyCode: string;
  /** `YYYY-MM-01`. */
  readonly month: string;
  readonly contracts: number;
  readonly nonPaymentReports: number;
  readonly latePaymentReports: number;
};

export type ImportError = {
  readonly row: number;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
};

export type ParsedCounts = {
  readonly rows: readonly CountRow[];
  /** Records after the header, valid or not. */
  readonly dataRows: number;
  readonly errors: readonly ImportError[];
  readonly errorCount: number;
};

/** Splits CSV text into records of fields, up to the import's row limit. */
export const parseCsv = (text: string) => parseCsvRecords(text, reportCountRowsMax);

const monthPattern = /^(\d{4})-(\d{2})$/;
const countPattern = /^(0|[1-9][0-9]{0,9})$/;

export function parseCounts(text: string): ParsedCounts {
  const errors: ImportError[] = [];
  let errorCount = 0;
  const fail = (row: number, field: string | null, code: string, message: string) => {
    errorCount += 1;
    if (errors.length < reportCountErrorsMax) errors.push({ row, field, code, message });
  };
  const { records, error } = parseCsv(text);
  if (error) {
    fail(records.length + 1, null, 'malformed_csv', error);
    return { rows: [], dataRows: 0, errors, errorCount };
  }
  const header = records[0]?.map((name) => name.trim().toLowerCase());
  if (!header || countColumns.some((column) => !header.includes(column)) || header.length !== countColumns.length) {
    fail(1, null, 'bad_header', `the header must be ${countColumns.join(',')}`);
    return { rows: [], dataRows: Math.max(0, records.length - 1), errors, errorCount };
  }
  if (records.length === 1) fail(1, null, 'no_rows', 'the file has no rows after its header');
  const position = Object.fromEntries(countColumns.map((column) => [column, header.indexOf(column)])) as Record<
    (typeof countColumns)[number],
    number
  >;
  const rows: CountRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, offset) => {
    const row = offset + 2;
    if (record.length !== countColumns.length) {
      fail(row, null, 'wrong_field_count', `expected ${countColumns.length} fields, found ${record.length}`);
      return;
    }
    const value = (column: (typeof countColumns)[number]) => record[position[column]]!.trim();
    let valid = true;
    const agencyCode = value('agency_code');
    if (!/^[A-Za-z0-9-]{2,32}$/.test(agencyCode)) {
      fail(row, 'agency_code', 'invalid_agency_code', `not an agency code: ${agencyCode.slice(0, 40)}`);
      valid = false;
    }
    const monthText = value('month');
    const match = monthPattern.exec(monthText);
    const month = match ? parseCivilDate(`${monthText}-01`) : undefined;
    if (!month) {
      fail(row, 'month', 'invalid_month', `month must be YYYY-MM: ${monthText.slice(0, 20)}`);
      valid = false;
    }
    const count = (column: 'contracts' | 'non_payment_reports' | 'late_payment_reports') => {
      const text = value(column);
      if (!countPattern.test(text) || Number(text) > reportMonthlyCountMax) {
        fail(row, column, 'invalid_count', `a whole number from 0 to ${reportMonthlyCountMax}: ${text.slice(0, 20)}`);
        valid = false;
        return 0;
      }
      return Number(text);
    };
    const contracts = count('contracts');
    const nonPaymentReports = count('non_payment_reports');
    const latePaymentReports = count('late_payment_reports');
    if (!valid || !month) return;
    const key = `${agencyCode}:${month}`;
    const first = seen.get(key);
    if (first !== undefined) {
      fail(row, 'month', 'duplicate_row', `${agencyCode} ${monthText} is already in row ${first}`);
      return;
    }
    seen.set(key, row);
    rows.push({ row, agencyCode, month, contracts, nonPaymentReports, latePaymentReports });
  });
  return { rows, dataRows: records.length - 1, errors, errorCount };
}

export type AgencyOfImport = { readonly buyerId: bigint; readonly mayImport: boolean };
export type StoredCount = {
  readonly contracts: number;
  readonly nonPaymentReports: number;
  readonly latePaymentReports: number;
};

export type CountPlan = {
  readonly create: readonly (CountRow & { buyerId: bigint })[];
  readonly replace: readonly (CountRow & { buyerId: bigint; before: StoredCount })[];
  readonly unchanged: number;
  readonly errors: readonly ImportError[];
  readonly errorCount: number;
};

/**
 * Checks parsed rows against the agencies Hado knows (and the caller may import for) and the counts already
 * stored: the same count again is unchanged; a different one is an error unless `replace` was asked for.
 */
export function planCounts(
  parsed: ParsedCounts,
  agencies: ReadonlyMap<string, AgencyOfImport>,
  stored: ReadonlyMap<string, StoredCount>,
  replace: boolean,
): CountPlan {
  const errors = [...parsed.errors];
  let errorCount = parsed.errorCount;
  const fail = (error: ImportError) => {
    errorCount += 1;
    if (errors.length < reportCountErrorsMax) errors.push(error);
  };
  const create: (CountRow & { buyerId: bigint })[] = [];
  const replaced: (CountRow & { buyerId: bigint; before: StoredCount })[] = [];
  let unchanged = 0;
  for (const row of parsed.rows) {
    const agency = agencies.get(row.agencyCode);
    if (!agency) {
      fail({
        row: row.row,
        field: 'agency_code',
        code: 'unknown_agency',
        message: `no agency ${row.agencyCode} in Hado`,
      });
      continue;
    }
    if (!agency.mayImport) {
      fail({
        row: row.row,
        field: 'agency_code',
        code: 'not_your_agency',
        message: `you may not import for ${row.agencyCode}`,
      });
      continue;
    }
    const before = stored.get(`${agency.buyerId}:${row.month}`);
    if (!before) {
      create.push({ ...row, buyerId: agency.buyerId });
      continue;
    }
    const same =
      before.contracts === row.contracts &&
      before.nonPaymentReports === row.nonPaymentReports &&
      before.latePaymentReports === row.latePaymentReports;
    if (same) unchanged += 1;
    else if (replace) replaced.push({ ...row, buyerId: agency.buyerId, before });
    else {
      fail({
        row: row.row,
        field: null,
        code: 'conflict',
        message: `${row.agencyCode} ${row.month.slice(0, 7)} already has different counts (contracts ${before.contracts}, non-payment ${before.nonPaymentReports}, late ${before.latePaymentReports}); import with replace to correct them`,
      });
    }
  }
  return { create, replace: replaced, unchanged, errors: errors.sort((a, b) => a.row - b.row), errorCount };
}
