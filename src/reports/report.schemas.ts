import { type Static, Type } from '@sinclair/typebox';
import { CivilDateText, IdText, Locale, Name, WonText } from '../http/schemas.ts';
import {
  reportAttachmentBase64LengthMax,
  reportAttachmentsMax,
  reportCountCsvLengthMax,
  reportCountErrorsMax,
  reportTextLengthMax,
} from './report-limits.ts';

/** The shapes of the reports API: requests validated at the boundary, responses as documented. */
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));

export const ReportKindSchema = literals(['non_payment', 'late_payment'] as const);
export const OutsideChannelSchema = literals(['phone', 'letter', 'visit', 'email', 'other'] as const);
export const ChannelSchema = literals(['hado', 'phone', 'letter', 'visit', 'email', 'other'] as const);
export const ReporterKindSchema = literals(['subcontractor', 'supplier', 'worker', 'other'] as const);
export const ReportStateSchema = literals(['received', 'under_review', 'resolved'] as const);
export const ReportOutcomeSchema = literals(['paid', 'direct_payment', 'referred'] as const);
const Text = Type.String({ minLength: 1, maxLength: reportTextLengthMax });
const Phone = Type.String({ minLength: 9, maxLength: 20 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const AttachmentInputSchema = Type.Object(
  {
    fileName: Name,
    mediaType: Type.Optional(Type.String({ maxLength: 100 })),
    contentBase64: Type.String({ maxLength: reportAttachmentBase64LengthMax }),
  },
  { additionalProperties: false },
);

export const SubmitReportRequest = Type.Object(
  {
    contractId: Type.Optional(IdText),
    site: Type.Optional(
      Type.String({ minLength: 2, maxLength: 200, description: 'Part of the site, title or the contract number' }),
    ),
    kind: ReportKindSchema,
    owedWon: WonText,
    owedSince: CivilDateText,
    description: Type.Optional(Text),
    phone: Type.Optional(Phone),
    attachments: Type.Optional(Type.Array(AttachmentInputSchema, { maxItems: reportAttachmentsMax })),
  },
  { additionalProperties: false },
);
export type SubmitReportRequest = Static<typeof SubmitReportRequest>;

export const OutsideReportRequest = Type.Object(
  {
    buyerId: Type.Optional(IdText),
    channel: OutsideChannelSchema,
    receivedOn: CivilDateText,
    kind: ReportKindSchema,
    reporterKind: ReporterKindSchema,
    contractId: Type.Optional(IdText),
    contractReference: Type.Optional(Name),
    reporterBusinessNumber: Type.Optional(Type.String({ minLength: 10, maxLength: 12 })),
    reporterName: Type.Optional(Name),
    phone: Type.Optional(Phone),
    locale: Type.Optional(Locale),
    owedWon: Type.Optional(WonText),
    owedSince: Type.Optional(CivilDateText),
    description: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export type OutsideReportRequest = Static<typeof OutsideReportRequest>;

export const ReviewRequest = Type.Object({ reason: Type.Optional(Text) }, { additionalProperties: false });
export const ResolveRequest = Type.Object(
  { outcome: ReportOutcomeSchema, reason: Text, referredTo: Type.Optional(Name) },
  { additionalProperties: false },
);

export const CountImportRequest = Type.Object(
  {
    csv: Type.String({ minLength: 1, maxLength: reportCountCsvLengthMax }),
    dryRun: Type.Optional(Type.Boolean()),
    replace: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ReportListQuery = Type.Object(
  {
    state: Type.Optional(ReportStateSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

export const StatisticsQuery = Type.Object(
  {
    from: Type.Optional(CivilDateText),
    to: Type.Optional(CivilDateText),
    buyerId: Type.Optional(IdText),
  },
  { additionalProperties: false },
);
export const PublicStatisticsQuery = Type.Object(
  {
    from: Type.Optional(CivilDateText),
    to: Type.Optional(CivilDateText),
    agencyCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{2,32}$' })),
  },
  { additionalProperties: false },
);
export const ExportQuery = Type.Object(
  { ...StatisticsQuery.properties, format: literals(['csv', 'xlsx'] as const) },
  { additionalProperties: false },
);

// ---- Responses --------------------------------------------------------------------------------------------------

export const ReportOut = Type.Object({
  id: IdText,
  reference: Type.String({ description: 'R-000042' }),
  buyerId: IdText,
  agencyName: Type.String(),
  contractId: Nullable(IdText),
  contractNumber: Nullable(Type.String()),
  contractReference: Nullable(Type.String()),
  channel: ChannelSchema,
  kind: ReportKindSchema,
  reporterKind: ReporterKindSchema,
  reporterName: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  owedWon: Nullable(WonText),
  owedSince: Nullable(CivilDateText),
  description: Nullable(Type.String()),
  state: ReportStateSchema,
  outcome: Nullable(ReportOutcomeSchema),
  referredTo: Nullable(Type.String()),
  receivedAt: Type.String(),
  receivedOn: CivilDateText,
  reviewedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  resolvedOn: Nullable(CivilDateText),
  assignedTo: Nullable(Type.String()),
  overdueSince: Nullable(CivilDateText),
  flaggedBefore: Type.Boolean(),
  hadoSaw: Nullable(Type.String({ description: 'Hado already sees this payment as overdue since D' })),
});

export const ReportDetailOut = Type.Object({
  ...ReportOut.properties,
  matches: Type.Array(
    Type.Object({
      obligationId: Nullable(IdText),
      findingId: Nullable(IdText),
      dueOn: Nullable(CivilDateText),
      outstandingWon: Nullable(WonText),
      findingKind: Nullable(Type.String()),
      findingRaisedAt: Nullable(Type.String()),
    }),
  ),
  transitions: Type.Array(
    Type.Object({
      fromState: Nullable(ReportStateSchema),
      toState: ReportStateSchema,
      outcome: Nullable(ReportOutcomeSchema),
      referredTo: Nullable(Type.String()),
      actor: Type.String(),
      reason: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  attachments: Type.Array(
    Type.Object({ id: IdText, fileName: Type.String(), mediaType: Type.String(), byteCount: Type.Integer() }),
  ),
});

export const ReportResult = Type.Object({
  result: Type.Union([Type.Literal('created'), Type.Literal('exists'), Type.Literal('applied')]),
  record: ReportDetailOut,
});

const ImportErrorOut = Type.Object({
  row: Type.Integer(),
  field: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});
export const CountImportOut = Type.Object({
  result: literals(['checked', 'imported'] as const),
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  created: Type.Integer(),
  replaced: Type.Integer(),
  unchanged: Type.Integer(),
  errors: Type.Array(ImportErrorOut, { maxItems: reportCountErrorsMax }),
  errorCount: Type.Integer(),
});
export const CountImportRefusal = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  ...CountImportOut.properties,
  result: Type.Literal('invalid'),
});

export const StoredCountOut = Type.Object({
  agencyCode: Type.String(),
  agencyName: Type.String(),
  usesHado: Type.Boolean(),
  month: Type.String({ description: 'YYYY-MM' }),
  contracts: Type.Integer(),
  nonPaymentReports: Type.Integer(),
  latePaymentReports: Type.Integer(),
  importedBy: Type.String(),
  importedAt: Type.String(),
});

const Count = Type.Integer({ minimum: 0 });
const ChangeOut = Type.Object({
  previous: Count,
  current: Count,
  difference: Type.Integer(),
  percent: Nullable(Type.Integer({ description: 'Whole percent, halves away from zero' })),
  percentOneDecimal: Nullable(Type.String()),
  direction: literals(['increase', 'decrease', 'unchanged'] as const),
});
const RateOut = Type.Object({
  reports: Count,
  contracts: Count,
  per100Contracts: Nullable(Type.String({ description: 'One decimal, halves up; null below the contract minimum' })),
});
const countsOf = (keys: readonly string[]) => Type.Object(Object.fromEntries(keys.map((key) => [key, Count])));
const PeriodOut = Type.Object({
  from: CivilDateText,
  to: CivilDateText,
  total: Count,
  byKind: countsOf(['non_payment', 'late_payment']),
  byChannel: countsOf(['hado', 'phone', 'letter', 'visit', 'email', 'other', 'imported']),
  byReporter: countsOf(['subcontractor', 'supplier', 'worker', 'other', 'unrecorded']),
  byOutcome: countsOf(['paid', 'direct_payment', 'referred', 'open', 'unrecorded']),
  perHundredContracts: Type.Object({
    agenciesOnHado: RateOut,
    agenciesNotOnHado: RateOut,
    contractsOnHado: RateOut,
    contractsNotOnHado: RateOut,
  }),
  resolution: Type.Object({
    resolved: Count,
    open: Count,
    meanDays: Nullable(Type.String()),
    medianDays: Nullable(Type.String()),
  }),
  flaggedBefore: Type.Object({ reportsOnHadoContracts: Count, flagged: Count, percent: Nullable(Type.Integer()) }),
});
export const StatisticsOut = Type.Object({
  agency: Nullable(
    Type.Object({
      id: IdText,
      agencyCode: Type.String(),
      name: Type.String(),
      nameEn: Nullable(Type.String()),
      usesHado: Type.Boolean(),
    }),
  ),
  current: PeriodOut,
  previous: PeriodOut,
  change: Type.Object({ total: ChangeOut, non_payment: ChangeOut, late_payment: ChangeOut }),
  monthly: Type.Array(Type.Object({ month: Type.String(), reports: Count, previousYear: Count })),
  partialMonths: Type.Array(Type.String()),
  rateContractsMin: Count,
});
