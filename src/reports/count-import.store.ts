import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db } from '../db/database.ts';
import { type AgencyOfImport, type ImportError, parseCounts, planCounts, type StoredCount } from './count-import.ts';
import type { OfficialCaller } from './report.store.ts';
import { reportContentHash } from './report.ts';

/**
 * Imports monthly outside counts: the whole file is checked first (agencies, the caller's right to import for
 * them, conflicts with stored counts) and written only when it has no error and is not a dry run, in one
 * set-based statement per kind of change, with one audit record for the import.
 */
export type CountImportResult = {
  readonly result: 'checked' | 'imported' | 'invalid';
  readonly dryRun: boolean;
  readonly rows: number;
  readonly created: number;
  readonly replaced: number;
  readonly unchanged: number;
  readonly errors: readonly ImportError[];
  readonly errorCount: number;
};

export async function importCounts(
  db: Db,
  caller: OfficialCaller,
  csv: string,
  options: { readonly dryRun: boolean; readonly replace: boolean; readonly now: Date },
): Promise<CountImportResult> {
  const parsed = parseCounts(csv);
  return auditedWrite<CountImportResult>(db, caller, options.now, async (tx) => {
    const codes = [...new Set(parsed.rows.map((row) => row.agencyCode))];
    const agencyRows =
      codes.length === 0
        ? []
        : await tx.selectFrom('buyers').select(['id', 'agency_code']).where('agency_code', 'in', codes).execute();
    const agencies = new Map<string, AgencyOfImport>(
      agencyRows.map((row) => [
        row.agency_code,
        { buyerId: row.id, mayImport: caller.role === 'admin' || row.id === caller.buyerId },
      ]),
    );
    const buyerIds = agencyRows.map((row) => row.id);
    const storedRows =
      buyerIds.length === 0
        ? []
        : await tx
            .selectFrom('outside_report_counts')
            .select(['buyer_id', 'month', 'contracts', 'non_payment_reports', 'late_payment_reports'])
            .where('buyer_id', 'in', buyerIds)
            .forUpdate()
            .execute();
    const stored = new Map<string, StoredCount>(
      storedRows.map((row) => [
        `${row.buyer_id}:${row.month}`,
        {
          contracts: row.contracts,
          nonPaymentReports: row.non_payment_reports,
          latePaymentReports: row.late_payment_reports,
        },
      ]),
    );
    const plan = planCounts(parsed, agencies, stored, options.replace);
    const summary = {
      dryRun: options.dryRun,
      rows: parsed.dataRows,
      created: plan.create.length,
      replaced: plan.replace.length,
      unchanged: plan.unchanged,
      errors: plan.errors,
      errorCount: plan.errorCount,
    };
    if (plan.errorCount > 0) return { outcome: { result: 'invalid' as const, ...summary }, audit: [] };
    if (options.dryRun || plan.create.length + plan.replace.length === 0) {
      return {
        outcome: { result: options.dryRun ? ('checked' as const) : ('imported' as const), ...summary },
        audit: [],
      };
    }
    const written = [...plan.create, ...plan.replace];
    await sql`
      insert into outside_report_counts (buyer_id, month, contracts, non_payment_reports, late_payment_reports,
        imported_by, imported_at)
      select u.buyer_id, u.month, u.contracts, u.non_payment, u.late_payment, ${caller.label}, ${options.now}
      from unnest(${written.map((row) => String(row.buyerId))}::bigint[], ${written.map((row) => row.month)}::date[],
        ${written.map((row) => row.contracts)}::integer[], ${written.map((row) => row.nonPaymentReports)}::integer[],
        ${written.map((row) => row.latePaymentReports)}::integer[])
        as u(buyer_id, month, contracts, non_payment, late_payment)
      on conflict (buyer_id, month) do update set contracts = excluded.contracts,
        non_payment_reports = excluded.non_payment_reports, late_payment_reports = excluded.late_payment_reports,
        imported_by = excluded.imported_by, imported_at = excluded.imported_at`.execute(tx);
    return {
      outcome: { result: 'imported' as const, ...summary },
      audit: [
        {
          action: 'report_counts.imported',
          entity: 'outside_report_counts',
          entityId: reportContentHash({ csv }).slice(0, 16),
          after: {
            created: plan.create.map((row) => ({ buyerId: row.buyerId, month: row.month, ...countsOf(row) })),
            replaced: plan.replace.map((row) => ({
              buyerId: row.buyerId,
              month: row.month,
              before: row.before,
              after: countsOf(row),
            })),
          },
        },
      ],
    };
  });
}

const countsOf = (row: StoredCount) => ({
  contracts: row.contracts,
  nonPaymentReports: row.nonPaymentReports,
  latePaymentReports: row.latePaymentReports,
});

export type StoredCountRow = {
  readonly agencyCode: string;
  readonly agencyName: string;
  readonly usesHado: boolean;
  readonly month: string;
  readonly contracts: number;
  readonly nonPaymentReports: number;
  readonly latePaymentReports: number;
  readonly importedBy: string;
  readonly importedAt: Date;
};

/** Stored outside counts, newest month first: officials see their own agency's, admins and auditors all. */
export async function listCounts(db: Db, caller: Caller, limit: number): Promise<StoredCountRow[]> {
  const rows = await db
    .selectFrom('outside_report_counts')
    .innerJoin('buyers', 'buyers.id', 'outside_report_counts.buyer_id')
    .select([
      'buyers.agency_code',
      'buyers.name',
      'buyers.uses_hado',
      'outside_report_counts.month',
      'outside_report_counts.contracts',
      'outside_report_counts.non_payment_reports',
      'outside_report_counts.late_payment_reports',
      'outside_report_counts.imported_by',
      'outside_report_counts.imported_at',
    ])
    .$if(caller.role === 'official', (q) =>
      q.where('outside_report_counts.buyer_id', '=', (caller as Extract<Caller, { role: 'official' }>).buyerId),
    )
    .orderBy('outside_report_counts.month', 'desc')
    .orderBy('buyers.agency_code')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    agencyCode: row.agency_code,
    agencyName: row.name,
    usesHado: row.uses_hado,
    month: row.month.slice(0, 7),
    contracts: row.contracts,
    nonPaymentReports: row.non_payment_reports,
    latePaymentReports: row.late_payment_reports,
    importedBy: row.imported_by,
    importedAt: row.imported_at,
  }));
}
