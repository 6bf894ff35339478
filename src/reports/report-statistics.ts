import type { ReportChannel, ReporterKind, ReportKind, ReportOutcome } from '../db/schema.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import {
  type Change,
  changeOf,
  type Durations,
  durationFigures,
  percentOf,
  type Rate,
  ratePer100,
} from './report-figures.ts';

/**
 * The impact statistics (issue 10, docs/REPORTS.md) assembled from the aggregates the store reads: pure, so
 * every definition is in one place and tested against hand-computed figures.
 */
export type PeriodName = 'current' | 'previous';

/** Reports recorded in Hado (made in Hado or recorded by an official), counted per group. */
export type RecordedGroup = {
  readonly period: PeriodName;
  readonly kind: ReportKind;
  readonly channel: ReportChannel;
  readonly reporterKind: ReporterKind;
  readonly outcome: ReportOutcome | 'open';
  readonly agencyUsesHado: boolean;
  readonly onHadoContract: boolean;
  readonly flaggedBefore: boolean;
  readonly reports: number;
};

/** Outside counts of one agency over one period's whole months. */
export type ImportedGroup = {
  readonly period: PeriodName;
  readonly agencyUsesHado: boolean;
  readonly nonPaymentReports: number;
  readonly latePaymentReports: number;
  /** The largest monthly count of contracts under way: a contract running all year counts once. */
  readonly contracts: number;
};

/** Contracts registered in Hado that were under way at some time in the period. */
export type HadoContractsGroup = {
  readonly period: PeriodName;
  readonly agencyUsesHado: boolean;
  readonly contracts: number;
};

export type MonthlyCount = { readonly month: string; readonly reports: number };

export type StatisticsInput = {
  readonly period: { readonly from: CivilDate; readonly to: CivilDate };
  readonly previousPeriod: { readonly from: CivilDate; readonly to: CivilDate };
  readonly recorded: readonly RecordedGroup[];
  readonly imported: readonly ImportedGroup[];
  readonly hadoContracts: readonly HadoContractsGroup[];
  readonly durations: Readonly<Record<PeriodName, Durations>>;
  /** Reports per month (`YYYY-MM`), recorded and imported together, over both periods. */
  readonly monthly: readonly MonthlyCount[];
  readonly partialMonths: readonly string[];
  readonly rateContractsMin: number;
};

export const reportKinds = ['non_payment', 'late_payment'] as const satisfies readonly ReportKind[];
export const reportChannels = [
  'hado',
  'phone',
  'letter',
  'visit',
  'email',
  'other',
] as const satisfies readonly ReportChannel[];
export const reporterKinds = [
  'subcontractor',
  'supplier',
  'worker',
  'other',
] as const satisfies readonly ReporterKind[];
export const reportOutcomes = ['paid', 'direct_payment', 'referred'] as const satisfies readonly ReportOutcome[];

export type PeriodFigures = {
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly total: number;
  readonly byKind: Record<ReportKind, number>;
  /** `imported`: the outside counts, whose channel is not recorded. */
  readonly byChannel: Record<ReportChannel | 'imported', number>;
  readonly byReporter: Record<ReporterKind | 'unrecorded', number>;
  /** Where the reports received in the period stand now; `unrecorded` are the outside counts. */
  readonly byOutcome: Record<ReportOutcome | 'open' | 'unrecorded', number>;
  readonly perHundredContracts: {
    readonly agenciesOnHado: Rate;
    readonly agenciesNotOnHado: Rate;
    readonly contractsOnHado: Rate;
    readonly contractsNotOnHado: Rate;
  };
  readonly resolution: {
    readonly resolved: number;
    readonly open: number;
    readonly meanDays: string | null;
    readonly medianDays: string | null;
  };
  readonly flaggedBefore: {
    /** Reports about contracts in Hado: only those could have been flagged. */
    readonly reportsOnHadoContracts: number;
    readonly flagged: number;
    readonly percent: number | null;
  };
};

export type ReportStatistics = {
  readonly current: PeriodFigures;
  readonly previous: PeriodFigures;
  readonly change: { readonly total: Change } & Record<ReportKind, Change>;
  readonly monthly: readonly { readonly month: string; readonly reports: number; readonly previousYear: number }[];
  /** Months the period covers only in part: outside counts, being monthly, are left out for them. */
  readonly partialMonths: readonly string[];
};

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

function periodFigures(input: StatisticsInput, period: PeriodName): PeriodFigures {
  const dates = period === 'current' ? input.period : input.previousPeriod;
  const recorded = input.recorded.filter((group) => group.period === period);
  const imported = input.imported.filter((group) => group.period === period);
  const byKind = zeros(reportKinds);
  const byChannel = zeros([...reportChannels, 'imported'] as const);
  const byReporter = zeros([...reporterKinds, 'unrecorded'] as const);
  const byOutcome = zeros([...reportOutcomes, 'open', 'unrecorded'] as const);
  const reportsBy = { agencyOnHado: 0, agencyNotOnHado: 0, contractOnHado: 0, contractNotOnHado: 0 };
  let flagged = 0;
  for (const group of recorded) {
    byKind[group.kind] += group.reports;
    byChannel[group.channel] += group.reports;
    byReporter[group.reporterKind] += group.reports;
    byOutcome[group.outcome] += group.reports;
    if (group.agencyUsesHado) reportsBy.agencyOnHado += group.reports;
    else reportsBy.agencyNotOnHado += group.reports;
    if (group.onHadoContract) reportsBy.contractOnHado += group.reports;
    else reportsBy.contractNotOnHado += group.reports;
    if (group.onHadoContract && group.flaggedBefore) flagged += group.reports;
  }
  const contractsBy = { agencyOnHado: 0, agencyNotOnHado: 0, contractOnHado: 0, contractNotOnHado: 0 };
  for (const group of imported) {
    const reports = group.nonPaymentReports + group.latePaymentReports;
    byKind.non_payment += group.nonPaymentReports;
    byKind.late_payment += group.latePaymentReports;
    byChannel.imported += reports;
    byReporter.unrecorded += reports;
    byOutcome.unrecorded += reports;
    reportsBy.contractNotOnHado += reports;
    contractsBy.contractNotOnHado += group.contracts;
    if (group.agencyUsesHado) {
      reportsBy.agencyOnHado += reports;
      contractsBy.agencyOnHado += group.contracts;
    } else {
      reportsBy.agencyNotOnHado += reports;
      contractsBy.agencyNotOnHado += group.contracts;
    }
  }
  for (const group of input.hadoContracts.filter((row) => row.period === period)) {
    contractsBy.contractOnHado += group.contracts;
    if (group.agencyUsesHado) contractsBy.agencyOnHado += group.contracts;
    else contractsBy.agencyNotOnHado += group.contracts;
  }
  const total = byKind.non_payment + byKind.late_payment;
  const resolved = byOutcome.paid + byOutcome.direct_payment + byOutcome.referred;
  const rate = (key: keyof typeof reportsBy) => ratePer100(reportsBy[key], contractsBy[key], input.rateContractsMin);
  return {
    from: dates.from,
    to: dates.to,
    total,
    byKind,
    byChannel,
    byReporter,
    byOutcome,
    perHundredContracts: {
      agenciesOnHado: rate('agencyOnHado'),
      agenciesNotOnHado: rate('agencyNotOnHado'),
      contractsOnHado: rate('contractOnHado'),
      contractsNotOnHado: rate('contractNotOnHado'),
    },
    resolution: { resolved, open: byOutcome.open, ...durationFigures(input.durations[period]) },
    flaggedBefore: {
      reportsOnHadoContracts: reportsBy.contractOnHado,
      flagged,
      percent: percentOf(flagged, reportsBy.contractOnHado),
    },
  };
}

/** Months `YYYY-MM` from `from` to `to`, inclusive. */
function monthsBetween(from: CivilDate, to: CivilDate): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    if (label > last) return months;
    months.push(label);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}

export function assembleStatistics(input: StatisticsInput): ReportStatistics {
  const current = periodFigures(input, 'current');
  const previous = periodFigures(input, 'previous');
  const byMonth = new Map(input.monthly.map((row) => [row.month, row.reports]));
  const monthly = monthsBetween(input.period.from, input.period.to).map((month) => {
    const previousYear = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
    return { month, reports: byMonth.get(month) ?? 0, previousYear: byMonth.get(previousYear) ?? 0 };
  });
  return {
    current,
    previous,
    change: {
      total: changeOf(previous.total, current.total),
      non_payment: changeOf(previous.byKind.non_payment, current.byKind.non_payment),
      late_payment: changeOf(previous.byKind.late_payment, current.byKind.late_payment),
    },
    monthly,
    partialMonths: input.partialMonths,
  };
}
