import { Type } from '@sinclair/typebox';
import ExcelJS from 'exceljs';
import type { AuditEntry } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import { type Caller, isFirmCaller } from '../auth/caller.ts';
import type { Db, Tx } from '../db/database.ts';
import { Refusal, refusals, refuse } from '../http/refusals.ts';
import { ErrorResponse, IdParams } from '../http/schemas.ts';
import type { App, RouteModule } from '../http/server.ts';
import { parseCsvRecords } from '../kernel/csv-records.ts';
import { parseBusinessNumber } from '../kernel/identifiers.ts';
import { importRowsMax, workerRosterBytesMax, workerRosterErrorsMax } from '../kernel/limits.ts';
import { registerWorker, type WorkerInput } from './registry.routes.ts';
import { contractVisible } from './scope.ts';

/**
 * A worker roster imported from CSV or XLSX (DESIGN §8 "Onboarding at scale", issue #7): every row goes
 * through the single worker registration (`registerWorker`), all rows in one audited transaction. A dry run,
 * or any row refused, rolls the whole transaction back: nothing is written unless the whole file is valid,
 * and the answer lists every error by row (the header is row 1).
 */

/** The roster's columns, in template order, with the Korean header first and the English ones accepted. */
export const rosterColumns = [
  { key: 'name', headers: ['이름', '성명', 'name'], required: true },
  { key: 'phone', headers: ['휴대전화', '전화번호', 'phone'], required: true },
  { key: 'bankCode', headers: ['은행코드', 'bank code', 'bankcode'], required: true },
  { key: 'accountNumber', headers: ['계좌번호', 'account number', 'accountnumber'], required: true },
  { key: 'holderName', headers: ['예금주', 'holder name', 'holdername', 'account holder'], required: true },
  { key: 'trade', headers: ['직종', 'trade', 'role'], required: true },
  { key: 'dailyWage', headers: ['일당', 'daily wage', 'dailywage', 'daily wage won'], required: true },
  { key: 'startDate', headers: ['시작일', 'start date', 'startdate', 'starts on'], required: true },
  { key: 'employer', headers: ['고용업체', 'employer'], required: false },
] as const;
export type RosterColumn = (typeof rosterColumns)[number]['key'];

/** The template a prime downloads: the Korean headers in column order. */
export const rosterTemplateCsv = `${rosterColumns.map((column) => column.headers[0]).join(',')}\r\n`;

export type RosterRow = { readonly row: number; readonly values: Readonly<Record<RosterColumn, string>> };
export type RosterError = {
  readonly row: number;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
};
export type RosterParse = { readonly rows: readonly RosterRow[]; readonly errors: readonly RosterError[] };
export type RosterResult = {
  readonly result: 'valid' | 'imported' | 'invalid';
  readonly rows: number;
  readonly created: number;
  readonly exists: number;
  readonly errors: readonly RosterError[];
};

type Locale = 'ko' | 'en';
const message = (code: keyof typeof refusals, locale: Locale) => refusals[code][locale];

/**
 * Reads the first worksheet of an XLSX file as text records; dates become `YYYY-MM-DD`. Spreadsheets store a
 * phone or account number typed without quotes as a number, which drops its leading 0: in the phone and account
 * columns (found by the header, row 1) a number cell is read as the text it must be (`numberCellText`); one that
 * cannot be read exactly is an error of its row and column, and its row is not registered.
 */
export async function parseXlsxRecords(
  file: Buffer,
  locale: Locale = 'ko',
): Promise<{ records: string[][]; cellErrors: RosterError[]; error: string | null }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { records: [], cellErrors: [], error: 'not a readable XLSX file' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { records: [], cellErrors: [], error: 'the workbook has no worksheet' };
  if (sheet.rowCount > importRowsMax + 1) {
    return { records: [], cellErrors: [], error: `more than ${importRowsMax} rows` };
  }
  const records: string[][] = [];
  const cellErrors: RosterError[] = [];
  /** Columns (1-based) whose number cells are read as digits, once the header is read. */
  let digitColumns = new Map<number, DigitColumn>();
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const record: string[] = [];
    // Rows are numbered as `rosterRows` numbers them: the header is 1, the records follow.
    const rowNumber = records.length + 1;
    for (let column = 1; column <= Math.max(row.cellCount, rosterColumns.length); column += 1) {
      const cell = row.getCell(column);
      const value = cell.value;
      const digits = digitColumns.get(column);
      if (digits !== undefined && typeof value === 'number') {
        const read = numberCellText(digits, value, cell.numFmt);
        if (read.kind === 'unreadable' && cellErrors.length < workerRosterErrorsMax) {
          cellErrors.push({
            row: rowNumber,
            field: digits,
            code: digits === 'phone' ? 'invalid_phone' : 'invalid_account_number',
            message: unreadableNumberMessage(digits, cell.address, value, locale),
          });
        }
        record.push(read.kind === 'text' ? read.text : cell.text);
        continue;
      }
      record.push(value instanceof Date ? value.toISOString().slice(0, 10) : cell.text);
    }
    while (record.length > 0 && record[record.length - 1]!.trim() === '') record.pop();
    if (record.length === 0) return;
    if (records.length === 0) {
      const header = record.map(headerKey);
      digitColumns = new Map(
        (['phone', 'accountNumber'] as const).flatMap((key) => {
          const at = columnPosition(header, key);
          return at < 0 ? [] : [[at + 1, key] as const];
        }),
      );
    }
    records.push(record);
  });
  return { records, cellErrors, error: null };
}

/** The roster columns whose values are digit strings a spreadsheet may hold as numbers. */
export type DigitColumn = 'phone' | 'accountNumber';

/**
 * The text a number cell of a phone or account column stands for, or `unreadable` when the number cannot be read
 * exactly (a fraction, a negative, or beyond 2^53 where a spreadsheet keeps only 15 to 17 digits). A number format
 * of zeros (`00000000000`, `000-0000-0000`) shows the leading zeros: the digits are padded to it, as shown. Without
 * one, a phone is read as the Korean number it must be: the national number loses its leading 0 (1012345678 is
 * 010-1234-5678), or it was written with the country code (821012345678 is +82 10-1234-5678). An account number is
 * read as its digits. Pure.
 */
export function numberCellText(
  column: DigitColumn,
  value: number,
  numberFormat?: string,
): { readonly kind: 'text'; readonly text: string } | { readonly kind: 'unreadable' } {
  if (!Number.isSafeInteger(value) || value < 0) return { kind: 'unreadable' };
  const digits = String(value);
  const zeros = numberFormat !== undefined && /^[0\-\s]+$/.test(numberFormat) ? numberFormat.replace(/[^0]/g, '') : '';
  if (zeros.length > digits.length) return { kind: 'text', text: digits.padStart(zeros.length, '0') };
  if (column === 'accountNumber') return { kind: 'text', text: digits };
  if (digits.startsWith('82') && (digits.length === 11 || digits.length === 12)) {
    return { kind: 'text', text: `+${digits}` };
  }
  return { kind: 'text', text: `0${digits}` };
}

function unreadableNumberMessage(column: DigitColumn, address: string, value: number, locale: Locale): string {
  const korean = rosterColumns.find((candidate) => candidate.key === column)!.headers[0];
  const english = column === 'phone' ? 'phone' : 'account number';
  return locale === 'ko'
    ? `${korean} 셀 ${address}의 숫자 ${value}은(는) 정확히 읽을 수 없습니다. 셀을 텍스트로 입력해 주세요`
    : `The ${english} cell ${address} holds the number ${value}, which cannot be read exactly: enter it as text`;
}

const headerKey = (text: string) =>
  text
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** Where a roster column is in a header (its names compared as `headerKey` writes them), or -1. */
function columnPosition(header: readonly string[], key: RosterColumn): number {
  const column = rosterColumns.find((candidate) => candidate.key === key)!;
  const names = (column.headers as readonly string[]).map(headerKey);
  return header.findIndex((name) => names.includes(name));
}

/**
 * Maps records to roster rows by their header; missing required cells are errors of their row. `cellErrors` (cells
 * the file's reader could not read, e.g. `parseXlsxRecords`) are listed with them, and their rows are not registered.
 */
export function rosterRows(
  records: readonly string[][],
  locale: Locale,
  cellErrors: readonly RosterError[] = [],
): RosterParse {
  const errors: RosterError[] = [];
  const header = (records[0] ?? []).map(headerKey);
  const position = new Map<RosterColumn, number>();
  for (const column of rosterColumns) {
    const at = columnPosition(header, column.key);
    if (at >= 0) position.set(column.key, at);
    else if (column.required)
      errors.push({
        row: 1,
        field: column.key,
        code: 'missing_column',
        message: `${column.headers[0]} / ${column.headers[2] ?? column.headers[1]}`,
      });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (records.length < 2)
    return {
      rows: [],
      errors: [
        {
          row: 1,
          field: null,
          code: 'no_rows',
          message: locale === 'ko' ? '헤더 아래에 행이 없습니다' : 'The file has no rows after its header',
        },
      ],
    };
  const rows: RosterRow[] = [];
  const unreadable = new Set(cellErrors.map((error) => error.row));
  errors.push(...cellErrors.slice(0, workerRosterErrorsMax));
  records.slice(1).forEach((record, offset) => {
    const row = offset + 2;
    const values = Object.fromEntries(
      rosterColumns.map((column) => {
        const at = position.get(column.key);
        return [column.key, at === undefined ? '' : (record[at] ?? '').trim()];
      }),
    ) as Record<RosterColumn, string>;
    let complete = true;
    for (const column of rosterColumns)
      if (column.required && values[column.key] === '') {
        complete = false;
        if (errors.length < workerRosterErrorsMax)
          errors.push({
            row,
            field: column.key,
            code: 'required',
            message: locale === 'ko' ? '값이 비어 있습니다' : 'The value is missing',
          });
      }
    if (complete && !unreadable.has(row)) rows.push({ row, values });
  });
  errors.sort((left, right) => left.row - right.row);
  return { rows, errors };
}

/** The roster column a refusal of the single registration names. */
const columnOfField: Record<string, RosterColumn> = {
  name: 'name',
  phone: 'phone',
  dailyWageWon: 'dailyWage',
  startsOn: 'startDate',
  trade: 'trade',
  subcontractId: 'employer',
  'account.bankCode': 'bankCode',
  'account.accountNumber': 'accountNumber',
  'account.holderName': 'holderName',
};

/** Refusals about the contract or the caller, not about a row: they answer the whole request. */
const requestRefusals = new Set<string>(['unknown_contract', 'not_found', 'not_party_to_contract', 'forbidden']);

class RollBack extends Error {
  constructor(readonly result: RosterResult) {
    super('roster import rolled back');
  }
}

/**
 * Registers every row in one audited transaction; a dry run or any refused row rolls it back. A row equal to
 * a registration already there (or an earlier row) counts as `exists`.
 */
export async function importWorkerRoster(
  db: Db,
  caller: Caller,
  now: Date,
  contractId: bigint,
  parsed: RosterParse,
  options: { dryRun: boolean; locale: Locale },
): Promise<RosterResult> {
  const rowCount =
    parsed.rows.length + new Set(parsed.errors.filter((error) => error.row > 1).map((error) => error.row)).size;
  try {
    return await auditedWrite(db, caller, now, async (tx) => {
      const employers = await employerResolver(tx, caller, contractId);
      const errors: RosterError[] = [...parsed.errors];
      const audit: AuditEntry[] = [];
      let created = 0;
      let exists = 0;
      for (const { row, values } of parsed.rows) {
        try {
          const subcontractId = employers(values.employer);
          const input: WorkerInput = {
            name: values.name,
            phone: values.phone,
            trade: values.trade,
            dailyWageWon: values.dailyWage.replace(/,/g, ''),
            startsOn: values.startDate,
            account: { bankCode: values.bankCode, accountNumber: values.accountNumber, holderName: values.holderName },
            ...(subcontractId ? { subcontractId } : {}),
          };
          const registered = await registerWorker(tx, caller, contractId, input);
          if (registered.outcome.result === 'created') created += 1;
          else exists += 1;
          audit.push(...registered.audit);
        } catch (error) {
          if (!(error instanceof Refusal) || requestRefusals.has(error.code)) throw error;
          if (errors.length < workerRosterErrorsMax)
            errors.push({
              row,
              field: error.field ? (columnOfField[error.field] ?? error.field) : null,
              code: error.code,
              message: message(error.code, options.locale),
            });
        }
      }
      errors.sort((left, right) => left.row - right.row);
      const rows = rowCount;
      if (errors.length > 0) throw new RollBack({ result: 'invalid', rows, created: 0, exists: 0, errors });
      if (options.dryRun) throw new RollBack({ result: 'valid', rows, created, exists, errors: [] });
      audit.push({
        action: 'worker_roster.imported',
        entity: 'contract',
        entityId: contractId,
        contractId,
        after: { rows, created, exists },
      });
      return { outcome: { result: 'imported' as const, rows, created, exists, errors: [] }, audit };
    });
  } catch (error) {
    if (error instanceof RollBack) return error.result;
    throw error;
  }
}

/**
 * Resolves the employer column (a business number) to the subcontract on this contract, `undefined` for the
 * prime; a blank employer is the calling firm itself (a subcontractor's roster), or the prime.
 */
async function employerResolver(tx: Tx, caller: Caller, contractId: bigint) {
  const contract = await tx
    .selectFrom('contracts')
    .innerJoin('firms', 'firms.id', 'contracts.prime_firm_id')
    .select(['contracts.prime_firm_id', 'firms.business_number'])
    .where('contracts.id', '=', contractId)
    .where(contractVisible(caller))
    .executeTakeFirst();
  if (!contract) return refuse('unknown_contract', 'id');
  const subcontracts = await tx
    .selectFrom('subcontracts')
    .innerJoin('firms', 'firms.id', 'subcontracts.firm_id')
    .select(['subcontracts.id', 'subcontracts.firm_id', 'firms.business_number'])
    .where('subcontracts.contract_id', '=', contractId)
    .orderBy('subcontracts.id')
    .execute();
  return (employer: string): string | undefined => {
    if (employer === '') {
      if (!isFirmCaller(caller) || caller.firmId === contract.prime_firm_id) return undefined;
      const own = subcontracts.find((subcontract) => subcontract.firm_id === caller.firmId);
      return own ? String(own.id) : refuse('not_party_to_contract');
    }
    const number = parseBusinessNumber(employer) ?? refuse('invalid_business_number', 'subcontractId');
    if (number === contract.business_number) return undefined;
    const subcontract = subcontracts.find((candidate) => candidate.business_number === number);
    return subcontract ? String(subcontract.id) : refuse('unknown_subcontract', 'subcontractId');
  };
}

// ---- Route ------------------------------------------------------------------------------------------------

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const rosterContentTypes = ['text/csv', xlsxContentType];

const RosterError = Type.Object({
  row: Type.Integer(),
  field: Type.Union([Type.String(), Type.Null()]),
  code: Type.String(),
  message: Type.String(),
});
const RosterAnswer = Type.Object({
  result: Type.Union([Type.Literal('valid'), Type.Literal('imported'), Type.Literal('invalid')]),
  rows: Type.Integer(),
  created: Type.Integer(),
  exists: Type.Integer(),
  errors: Type.Array(RosterError),
  error: Type.Optional(
    Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
  ),
});

/** `POST /api/v1/contracts/:id/workers/import?dryRun=true|false`: the roster file is the request body. */
export const workerRosterRoutes: RouteModule = async (root, context) => {
  const db = context.handle.db;
  await root.register(async (scope) => {
    const app = scope as unknown as App;
    app.addContentTypeParser(
      rosterContentTypes,
      { parseAs: 'buffer', bodyLimit: workerRosterBytesMax },
      (_request, body, done) => done(null, body),
    );
    app.post(
      '/api/v1/contracts/:id/workers/import',
      {
        config: { access: { roles: ['admin', 'prime', 'subcontractor'] } },
        bodyLimit: workerRosterBytesMax,
        schema: {
          tags: ['registry'],
          summary: 'Imports a worker roster (CSV or XLSX); dryRun=true checks it and writes nothing',
          params: IdParams,
          querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: RosterAnswer, 201: RosterAnswer, 422: Type.Union([RosterAnswer, ErrorResponse]) },
        },
      },
      async (request, reply) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!rosterContentTypes.includes(type) || !Buffer.isBuffer(request.body))
          return refuse('unsupported_media_type', undefined, rosterContentTypes.join(', '));
        const file = request.body;
        const locale = request.locale;
        const read =
          type === xlsxContentType
            ? await parseXlsxRecords(file, locale)
            : { ...parseCsvRecords(file.toString('utf8'), importRowsMax), cellErrors: [] };
        const parsed: RosterParse = read.error
          ? {
              rows: [],
              errors: [
                { row: Math.max(1, read.records.length), field: null, code: 'malformed_file', message: read.error },
              ],
            }
          : rosterRows(read.records, locale, read.cellErrors);
        const result = await importWorkerRoster(
          db,
          request.caller,
          context.clock.now(),
          BigInt(request.params.id),
          parsed,
          {
            dryRun: request.query.dryRun ?? true,
            locale,
          },
        );
        if (result.result === 'invalid')
          return reply.status(422).send({
            ...result,
            errors: [...result.errors],
            error: {
              code: 'roster_invalid',
              message:
                locale === 'ko'
                  ? `명단에 오류가 ${result.errors.length}건 있습니다`
                  : `The roster has ${result.errors.length} errors`,
            },
          });
        return reply
          .status(result.result === 'imported' && result.created > 0 ? 201 : 200)
          .send({ ...result, errors: [] });
      },
    );
  });
};
