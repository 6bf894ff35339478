/** The shapes of the report statistics API (see /api/openapi.json: /api/v1/report-statistics). */
export type ReportRate = { reports: number; contracts: number; per100Contracts: string | null };
export type ReportChange = {
  previous: number;
  current: number;
  difference: number;
  percent: number | null;
  percentOneDecimal: string | null;
  direction: 'increase' | 'decrease' | 'unchanged';
};
export type ReportPeriodFigures = {
  from: string;
  to: string;
  total: number;
  byKind: { non_payment: number; late_payment: number };
  byOutcome: { paid: number; direct_payment: number; referred: number; open: number; unrecorded: number };
  perHundredContracts: {
    agenciesOnHado: ReportRate;
    agenciesNotOnHado: ReportRate;
    contractsOnHado: ReportRate;
    contractsNotOnHado: ReportRate;
  };
  resolution: { resolved: number; open: number; meanDays: string | null; medianDays: string | null };
  flaggedBefore: { reportsOnHadoContracts: number; flagged: number; percent: number | null };
};
export type ReportStatistics = {
  agency: { id: string; agencyCode: string; name: string; nameEn: string | null; usesHado: boolean } | null;
  current: ReportPeriodFigures;
  previous: ReportPeriodFigures;
  change: { total: ReportChange; non_payment: ReportChange; late_payment: ReportChange };
  monthly: { month: string; reports: number; previousYear: number }[];
  partialMonths: string[];
  rateContractsMin: number;
};
