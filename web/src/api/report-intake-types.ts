/**
 * The shapes of the reports API as the report screens read them (see /api/openapi.json: /api/v1/reports,
 * /api/v1/reports/outside, /api/v1/report-counts/import). Ids and amounts are decimal text.
 */
export type ReportKind = 'non_payment' | 'late_payment';
export type ReportState = 'received' | 'under_review' | 'resolved';
export type ReportOutcome = 'paid' | 'direct_payment' | 'referred';
export type ReportChannel = 'hado' | 'phone' | 'letter' | 'visit' | 'email' | 'other';
export type ReporterKind = 'subcontractor' | 'supplier' | 'worker' | 'other';

export type Report = {
  id: string;
  reference: string;
  buyerId: string;
  agencyName: string;
  contractId: string | null;
  contractNumber: string | null;
  contractReference: string | null;
  channel: ReportChannel;
  kind: ReportKind;
  reporterKind: ReporterKind;
  reporterName: string | null;
  phoneMasked: string | null;
  owedWon: string | null;
  owedSince: string | null;
  description: string | null;
  state: ReportState;
  outcome: ReportOutcome | null;
  referredTo: string | null;
  receivedAt: string;
  receivedOn: string;
  reviewedAt: string | null;
  resolvedAt: string | null;
  resolvedOn: string | null;
  assignedTo: string | null;
  overdueSince: string | null;
  flaggedBefore: boolean;
  hadoSaw: string | null;
};

export type ReportMatch = {
  obligationId: string | null;
  findingId: string | null;
  dueOn: string | null;
  outstandingWon: string | null;
  findingKind: string | null;
  findingRaisedAt: string | null;
};

export type ReportTransition = {
  fromState: ReportState | null;
  toState: ReportState;
  outcome: ReportOutcome | null;
  referredTo: string | null;
  actor: string;
  reason: string | null;
  at: string;
};

export type ReportDetail = Report & {
  matches: ReportMatch[];
  transitions: ReportTransition[];
  attachments: { id: string; fileName: string; mediaType: string; byteCount: number }[];
};

export type ReportResult = { result: 'created' | 'exists' | 'applied'; record: ReportDetail };

export type CountImportError = { row: number; field: string | null; code: string; message: string };
export type CountImport = {
  result: 'checked' | 'imported' | 'invalid';
  dryRun: boolean;
  rows: number;
  created: number;
  replaced: number;
  unchanged: number;
  errors: CountImportError[];
  errorCount: number;
};

/** A worker's wage line (GET /api/v1/worker/wages): the report form takes the worker's contracts from it. */
export type WorkerWage = { obligationId: string; contractId: string; contractTitle: string };

/** The limits the API enforces (the server's own constants), checked before sending. */
export {
  reportAttachmentBytesMax,
  reportAttachmentsMax,
  reportTextLengthMax,
} from '../../../src/reports/report-limits.ts';
/** Attachments the API accepts (src/reports/attachment.ts checks the first bytes too). */
export const reportAttachmentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
