import type { ColumnType, Generated } from 'kysely';

/**
 * The database as Kysely sees it: one interface per table, mirroring the SQL migrations. Both engines give
 * the same types: int8 as bigint, date as `YYYY-MM-DD` text, timestamptz as Date, jsonb as parsed JSON.
 */
export type Id = Generated<bigint>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateText = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export type BuyersTable = {
  id: Id;
  agency_code: string;
  name: string;
  name_en: string | null;
  uses_hado: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type FirmsTable = {
  id: Id;
  business_number: string;
  name: string;
  name_en: string | null;
  representative: string | null;
  phone_e164: string | null;
  locale: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type BanksTable = {
  id: Id;
  code: string;
  name: string;
  name_en: string | null;
  bic: string | null;
  participating: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
};

export type WorkersTable = {
  id: Id;
  name: string | null;
  phone_e164: string | null;
  locale: ColumnType<string, string | undefined, string>;
  registered_by_firm_id: bigint;
  erased_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ContractsTable = {
  id: Id;
  buyer_id: bigint;
  prime_firm_id: bigint;
  contract_number: string;
  title: string;
  site: string;
  amount_won: bigint;
  advance_won: ColumnType<bigint, bigint | undefined, bigint>;
  starts_on: DateText;
  ends_on: DateText;
  payment_flow: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type PayeeAccountsTable = {
  id: Id;
  owner_kind: 'firm' | 'worker' | 'bank';
  owner_id: bigint;
  bank_code: string;
  account_number: string;
  holder_name: string;
  verification: ColumnType<'unverified' | 'verified' | 'mismatch', string | undefined, string>;
  verified_holder_name: string | null;
  verified_at: NullableTimestamp;
  verified_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type DedicatedAccountsTable = {
  id: Id;
  contract_id: bigint;
  purpose: 'progress' | 'labour' | 'advance' | 'general';
  bank_code: string;
  account_number: string;
  holder_name: string;
  created_at: Timestamp;
};

export type SubcontractsTable = {
  id: Id;
  contract_id: bigint;
  reference: string;
  parent_subcontract_id: bigint | null;
  contractor_firm_id: bigint;
  firm_id: bigint;
  tier: number;
  title: string;
  amount_won: bigint;
  starts_on: DateText;
  ends_on: DateText;
  payee_account_id: bigint | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SupplyContractsTable = {
  id: Id;
  contract_id: bigint;
  reference: string;
  subcontract_id: bigint | null;
  buyer_firm_id: bigint;
  firm_id: bigint;
  kind: 'material' | 'equipment';
  title: string;
  amount_won: bigint;
  payee_account_id: bigint | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type WorkerEngagementsTable = {
  id: Id;
  contract_id: bigint;
  worker_id: bigint;
  employer_firm_id: bigint;
  subcontract_id: bigint | null;
  trade: string;
  daily_wage_won: bigint;
  starts_on: DateText;
  ends_on: string | null;
  payee_account_id: bigint | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type UsersTable = {
  id: Id;
  login: string;
  password_hash: string;
  role: string;
  display_name: string;
  buyer_id: bigint | null;
  firm_id: bigint | null;
  bank_id: bigint | null;
  locale: ColumnType<string, string | undefined, string>;
  totp_secret: string | null;
  totp_confirmed_at: NullableTimestamp;
  /** Officials' phone for escalations (0007). */
  phone_e164: ColumnType<string | null, string | null | undefined, string | null>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SessionsTable = {
  token_hash: string;
  user_id: bigint;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  stepped_up_at: NullableTimestamp;
};

export type ErasureRequestsTable = {
  id: Id;
  worker_id: bigint;
  requested_by: string;
  reason: string;
  requested_at: Timestamp;
  decided_at: NullableTimestamp;
  decision: 'erased' | 'refused' | null;
  decision_reason: string | null;
};

export type AuditLogTable = {
  id: Id;
  at: Timestamp;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  contract_id: bigint | null;
  before: Json;
  after: Json;
  previous_hash: string;
  hash: string;
};

export type SchemaMigrationsTable = {
  version: number;
  name: string;
  checksum: string;
  applied_at: Timestamp;
};

export type Database = {
  buyers: BuyersTable;
  firms: FirmsTable;
  banks: BanksTable;
  workers: WorkersTable;
  contracts: ContractsTable;
  payee_accounts: PayeeAccountsTable;
  dedicated_accounts: DedicatedAccountsTable;
  subcontracts: SubcontractsTable;
  supply_contracts: SupplyContractsTable;
  worker_engagements: WorkerEngagementsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
  'sandbox_bank.accounts': SandboxAccountsTable;
  settings: SettingsTable;
  erasure_requests: ErasureRequestsTable;
  rule_versions: RuleVersionsTable;
  claims: ClaimsTable;
  claim_lines: ClaimLinesTable;
  claim_transitions: ClaimTransitionsTable;
  obligations: ObligationsTable;
  ledger_accounts: LedgerAccountsTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
  overpayment_findings: OverpaymentFindingsTable;
  bank_api_keys: BankApiKeysTable;
  bank_request_signatures: BankRequestSignaturesTable;
  bank_messages: BankMessagesTable;
  bank_movements: BankMovementsTable;
  bank_exceptions: BankExceptionsTable;
  findings: FindingsTable;
  bank_instruction_submissions: BankInstructionSubmissionsTable;
  'sandbox_bank.transfers': SandboxTransfersTable;
  'sandbox_bank.bookings': SandboxBookingsTable;
  'sandbox_bank.outgoing': SandboxOutgoingTable;
  finding_transitions: FindingTransitionsTable;
  obligation_notices: ObligationNoticesTable;
  direct_payment_suggestions: DirectPaymentSuggestionsTable;
  buyer_payment_accounts: BuyerPaymentAccountsTable;
  direct_payments: DirectPaymentsTable;
  outbox_messages: OutboxMessagesTable;
  outbox_attempts: OutboxAttemptsTable;
  worker_otp_requests: WorkerOtpRequestsTable;
  worker_phone_lockouts: WorkerPhoneLockoutsTable;
  worker_sessions: WorkerSessionsTable;
  reports: ReportsTable;
  report_matches: ReportMatchesTable;
  report_transitions: ReportTransitionsTable;
  report_attachments: ReportAttachmentsTable;
  outside_report_counts: OutsideReportCountsTable;
  loans: LoansTable;
};

export type SandboxAccountsTable = {
  bank_code: string;
  account_number: string;
  holder_name: string;
  balance_won: ColumnType<bigint, bigint | undefined, bigint>;
  closed: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  /** The sandbox reports this account's movements to Hado (a dedicated account). */
  reports: ColumnType<boolean, boolean | undefined, boolean>;
};

export type SettingsTable = {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
};

// ---- Claims, obligations and the ledger (0004-claims-ledger.sql) ------------------------------------------

type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;

export type RuleVersionsTable = {
  id: Id;
  rule: string;
  effective_from: DateText;
  value: bigint;
  source: string;
  recorded_by: ColumnType<string, string | undefined, string>;
  recorded_at: Timestamp;
};

export type ClaimStatus = 'submitted' | 'rejected' | 'approved' | 'awaiting_release' | 'paid';
export type ClaimLineKind = 'own_share' | 'subcontract' | 'supply' | 'labour' | 'advance';
export type Purpose = 'progress' | 'labour' | 'advance' | 'general';

export type ClaimsTable = {
  id: Id;
  contract_id: bigint;
  sequence: number;
  period_start: DateText;
  period_end: DateText;
  status: ClaimStatus;
  flow: 'direct' | 'prime_approval';
  version: ColumnType<number, number | undefined, number>;
  total_won: bigint;
  content_hash: string;
  submitted_on: DateText;
  submitted_at: Timestamp;
  decided_at: NullableTimestamp;
  paid_on: NullableDateText;
  paid_at: NullableTimestamp;
  released_on: NullableDateText;
  released_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ClaimLinesTable = {
  id: Id;
  contract_id: bigint;
  claim_id: bigint;
  claim_version: number;
  line_no: number;
  kind: ClaimLineKind;
  subcontract_id: bigint | null;
  supply_contract_id: bigint | null;
  worker_engagement_id: bigint | null;
  worker_id: bigint | null;
  employer_firm_id: bigint | null;
  payee_kind: 'firm' | 'worker';
  payee_id: bigint;
  payee_account_id: bigint;
  days_worked: number | null;
  daily_wage_won: bigint | null;
  amount_won: bigint;
  delivered_on: NullableDateText;
  status: ColumnType<'claimed' | 'rejected', 'claimed' | 'rejected' | undefined, 'claimed' | 'rejected'>;
  rejection_code: string | null;
  rejection_note: string | null;
};

export type ClaimTransitionsTable = {
  id: Id;
  contract_id: bigint;
  claim_id: bigint;
  claim_version: number;
  action: 'submit' | 'resubmit' | 'approve' | 'reject' | 'record_payment' | 'release';
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  actor: string;
  at: Timestamp;
  reason_code: string | null;
  note: string | null;
  rejected_lines: Json;
};

export type ObligationsTable = {
  id: Id;
  contract_id: bigint;
  claim_id: bigint;
  claim_line_id: bigint;
  kind: ClaimLineKind;
  payee_kind: 'firm' | 'worker';
  payee_id: bigint;
  payee_account_id: bigint;
  source_purpose: Purpose;
  amount_won: bigint;
  paid_won: ColumnType<bigint, bigint | undefined, bigint>;
  paid_on: NullableDateText;
  due_on: DateText;
  due_basis: 'after_buyer_payment' | 'delivery_outer_limit' | 'after_labour_claim' | 'on_payment';
  rule_version_id: bigint | null;
  status: 'held' | 'open';
  created_at: Timestamp;
};

export type LedgerAccountKind =
  | 'buyer_funding'
  | 'dedicated'
  | 'division_control'
  | 'payable'
  | 'payee_received'
  | 'lender_funding'
  | 'loan_advanced'
  | 'buyer_direct'
  | 'prime_deduction';

export type LedgerAccountsTable = {
  id: Id;
  contract_id: bigint;
  kind: LedgerAccountKind;
  purpose: Purpose | null;
  payee_account_id: bigint | null;
  created_at: Timestamp;
};

export type JournalEntryKind =
  | 'buyer_payment'
  | 'obligations_recognised'
  | 'transfer_out'
  | 'reversal'
  | 'loan_advance'
  | 'direct_payment_decided'
  | 'direct_payment';

export type JournalEntriesTable = {
  id: Id;
  contract_id: bigint;
  kind: JournalEntryKind;
  effective_on: DateText;
  line_count: number;
  total_won: bigint;
  claim_id: bigint | null;
  reverses_entry_id: bigint | null;
  memo: string | null;
  posted_by: string;
  posted_at: Timestamp;
};

export type JournalLinesTable = {
  id: Id;
  entry_id: bigint;
  contract_id: bigint;
  account_id: bigint;
  side: 'debit' | 'credit';
  amount_won: bigint;
  obligation_id: bigint | null;
};

export type OverpaymentFindingsTable = {
  id: Id;
  contract_id: bigint;
  obligation_id: bigint;
  account_id: bigint;
  entry_id: bigint;
  amount_won: bigint;
  found_at: Timestamp;
};

// ---- Bank integration (0005-bank-movements.sql) ------------------------------------------------------------

export type BankApiKeysTable = {
  key_id: string;
  bank_id: bigint;
  salt: string;
  secret_sha256: string;
  created_by: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
};

export type BankRequestSignaturesTable = {
  signature: string;
  key_id: string;
  signed_at: Timestamp;
  seen_at: Timestamp;
};

export type BankMessagesTable = {
  id: Id;
  sha256: string;
  bank_id: bigint | null;
  channel: 'api' | 'drop_folder' | 'cli' | 'adapter';
  name: string | null;
  format: string | null;
  family: string | null;
  message_id: string | null;
  byte_count: bigint;
  received_by: string;
  received_at: Timestamp;
  state: 'receiving' | 'ingested' | 'refused';
  refusal: string | null;
  summary: Json;
  ingested_at: NullableTimestamp;
};

export type BankMovementState =
  | 'received'
  | 'exception'
  | 'deposit'
  | 'own_transfer'
  | 'matched'
  | 'unmatched'
  | 'diverted'
  | 'returned'
  | 'resolved'
  | 'superseded';

export type BankMovementsTable = {
  id: Id;
  natural_key: string;
  identity_key: string;
  identity: string;
  message_id: bigint;
  statement_index: number;
  entry_index: number;
  detail_index: number;
  contract_id: bigint | null;
  dedicated_account_id: bigint | null;
  account: string;
  currency: string;
  amount_minor: bigint | null;
  amount_text: string | null;
  direction: 'credit' | 'debit';
  booked_on: string | null;
  value_on: string | null;
  status: string;
  booked: boolean;
  inexact: boolean;
  reversal: boolean;
  returned: boolean;
  return_reason: string | null;
  bank_transaction_code: string | null;
  bank_reference: string | null;
  entry_reference: string | null;
  end_to_end_id: string | null;
  instruction_id: string | null;
  transaction_id: string | null;
  uetr: string | null;
  counterparty_name: string | null;
  counterparty_account: string | null;
  remittance_text: string | null;
  creditor_reference: string | null;
  warnings: Json;
  state: ColumnType<BankMovementState, BankMovementState | undefined, BankMovementState>;
  obligation_id: bigint | null;
  journal_entry_id: bigint | null;
  undoes_movement_id: bigint | null;
  reconciled_at: NullableTimestamp;
  received_at: Timestamp;
};

export type BankExceptionKind =
  | 'unknown_account'
  | 'inexact_amount'
  | 'not_booked'
  | 'no_amount'
  | 'unmatched'
  | 'ledger_refused';

export type BankExceptionsTable = {
  id: Id;
  movement_id: bigint;
  contract_id: bigint | null;
  bank_id: bigint | null;
  kind: BankExceptionKind;
  state: ColumnType<'open' | 'resolved', 'open' | 'resolved' | undefined, 'open' | 'resolved'>;
  raised_at: Timestamp;
  decision: 'matched' | 'dismissed' | 'superseded' | null;
  obligation_id: bigint | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: NullableTimestamp;
};

export type FindingsTable = {
  id: Id;
  finding_key: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  contract_id: bigint | null;
  obligation_id: bigint | null;
  movement_id: bigint | null;
  amount_won: bigint | null;
  detail: Json;
  state: ColumnType<
    'open' | 'acknowledged' | 'resolved',
    'open' | 'acknowledged' | 'resolved' | undefined,
    'open' | 'acknowledged' | 'resolved'
  >;
  raised_at: Timestamp;
  updated_at: Timestamp;
  // Monitoring (0007):
  owner: ColumnType<'prime' | 'official' | null, 'prime' | 'official' | null | undefined, 'prime' | 'official' | null>;
  payee_kind: ColumnType<'firm' | 'worker' | null, 'firm' | 'worker' | null | undefined, 'firm' | 'worker' | null>;
  payee_id: ColumnType<bigint | null, bigint | null | undefined, bigint | null>;
  due_on: NullableDateText;
  days_late: ColumnType<number | null, number | null | undefined, number | null>;
  acknowledged_by: ColumnType<string | null, string | null | undefined, string | null>;
  acknowledged_at: NullableTimestamp;
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_at: NullableTimestamp;
  resolution: ColumnType<string | null, string | null | undefined, string | null>;
};

export type BankInstructionSubmissionsTable = {
  id: Id;
  message_id: string;
  contract_id: bigint | null;
  claim_id: bigint | null;
  bank_code: string;
  sha256: string;
  transaction_count: number;
  state: 'submitted' | 'accepted' | 'rejected' | 'failed';
  reason: string | null;
  submitted_at: Timestamp;
  answered_at: NullableTimestamp;
};

export type SandboxTransfersTable = {
  id: Id;
  message_id: string;
  end_to_end_id: string;
  instruction_id: string | null;
  debtor_bank_code: string;
  debtor_account: string;
  creditor_bank_code: string | null;
  creditor_account: string;
  creditor_name: string;
  amount_won: bigint;
  remittance: string | null;
  origin: 'pain001' | 'counter';
  execute_at: Timestamp;
  state: ColumnType<
    'pending' | 'executed' | 'rejected' | 'returned',
    'pending' | 'executed' | 'rejected' | 'returned' | undefined,
    'pending' | 'executed' | 'rejected' | 'returned'
  >;
  reason_code: string | null;
  booking_reference: string | null;
  booked_on: string | null;
  executed_at: NullableTimestamp;
  return_after_ms: bigint | null;
  returned_at: NullableTimestamp;
  created_at: Timestamp;
};

export type SandboxBookingsTable = {
  id: Id;
  bank_code: string;
  account_number: string;
  transfer_id: bigint | null;
  direction: 'credit' | 'debit';
  amount_won: bigint;
  booking_reference: string;
  end_to_end_id: string | null;
  counterparty_name: string | null;
  counterparty_account: string | null;
  remittance: string | null;
  returned: ColumnType<boolean, boolean | undefined, boolean>;
  return_reason: string | null;
  booked_on: string;
  booked_at: Timestamp;
  balance_after_won: bigint;
};

export type SandboxOutgoingTable = {
  id: Id;
  kind: 'camt.054' | 'camt.053' | 'pain.002';
  message_key: string;
  xml: string;
  created_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  delivered_at: NullableTimestamp;
};

// ---- Monitoring, outbox and worker self-check (0007-monitoring-outbox.sql) ----------------------------------

export type FindingState = 'open' | 'acknowledged' | 'resolved';

export type FindingTransitionsTable = {
  id: Id;
  finding_id: bigint;
  contract_id: bigint | null;
  from_state: FindingState;
  to_state: FindingState;
  actor: string;
  reason: string;
  at: Timestamp;
};

export type ObligationNoticesTable = {
  obligation_id: bigint;
  contract_id: bigint;
  notice: 'announced' | 'paid';
  noticed_at: Timestamp;
};

export type DirectPaymentSuggestionsTable = {
  id: Id;
  contract_id: bigint;
  obligation_id: bigint;
  finding_id: bigint | null;
  outstanding_won: bigint;
  days_overdue: number;
  suggested_at: Timestamp;
  /** Back to `pending` only when the bank rejects the direct payment taken (0014): the decision is open again. */
  state: ColumnType<
    'pending' | 'taken' | 'declined',
    'pending' | 'taken' | 'declined' | undefined,
    'pending' | 'taken' | 'declined'
  >;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
};

/** The account a buyer pays from when it pays a payee directly (migration 0010). */
export type BuyerPaymentAccountsTable = {
  buyer_id: bigint;
  bank_code: string;
  account_number: string;
  holder_name: string;
  registered_by: string;
  registered_at: Timestamp;
};

/** A direct payment by the buyer (Framework Act §35), one per taken suggestion (migration 0010). */
export type DirectPaymentsTable = {
  id: Id;
  contract_id: bigint;
  suggestion_id: bigint;
  obligation_id: bigint;
  claim_id: bigint;
  payee_account_id: bigint;
  amount_won: bigint;
  debtor_bank_code: string;
  debtor_account_number: string;
  debtor_holder_name: string;
  state: ColumnType<DirectPaymentState, DirectPaymentState | undefined, DirectPaymentState>;
  decided_entry_id: bigint;
  settled_entry_id: bigint | null;
  movement_id: bigint | null;
  paid_on: NullableDateText;
  decided_by: string;
  decided_at: Timestamp;
  /** The bank's reason code(s) when it rejected the transfer (pain.002 RJCT), e.g. `AM04`. */
  rejection_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The entry reversing the decision's reduction of the prime's claim. */
  rejected_entry_id: ColumnType<bigint | null, bigint | null | undefined, bigint | null>;
  rejected_at: NullableTimestamp;
};

export type DirectPaymentState = 'instructed' | 'paid' | 'rejected';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'delivered' | 'undeliverable' | 'failed';

export type OutboxMessagesTable = {
  id: Id;
  idempotency_key: string;
  contract_id: bigint | null;
  kind: string;
  recipient_kind: 'firm' | 'worker' | 'user' | 'phone';
  recipient_id: bigint | null;
  phone_e164: string;
  locale: 'ko' | 'en';
  sender: string;
  subject: string | null;
  body: string;
  payload: Json;
  urgent: boolean;
  secret: ColumnType<boolean, boolean | undefined, boolean>;
  state: ColumnType<OutboxState, OutboxState | undefined, OutboxState>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  provider_message_id: string | null;
  repeat_suspected: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  updated_at: Timestamp;
};

export type OutboxAttemptsTable = {
  id: Id;
  message_id: bigint;
  attempt: number;
  worker: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  outcome: 'accepted' | 'retryable' | 'failed' | 'interrupted' | null;
  provider_message_id: string | null;
  error: string | null;
};

export type WorkerOtpRequestsTable = {
  id: Id;
  phone_e164: string;
  worker_id: bigint | null;
  ip: string;
  code_hash: string | null;
  requested_at: Timestamp;
  expires_at: Timestamp;
  failed_attempts: ColumnType<number, number | undefined, number>;
  consumed_at: NullableTimestamp;
};

export type WorkerPhoneLockoutsTable = {
  phone_e164: string;
  locked_until: Timestamp;
  locked_at: Timestamp;
};

export type WorkerSessionsTable = {
  token_hash: string;
  worker_id: bigint;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
};

// ---- Non-payment reports (0008-reports.sql) ------------------------------------------------------------------

export type ReportChannel = 'hado' | 'phone' | 'letter' | 'visit' | 'email' | 'other';
export type ReportKind = 'non_payment' | 'late_payment';
export type ReporterKind = 'subcontractor' | 'supplier' | 'worker' | 'other';
export type ReportState = 'received' | 'under_review' | 'resolved';
export type ReportOutcome = 'paid' | 'direct_payment' | 'referred';

export type ReportsTable = {
  id: Id;
  buyer_id: bigint;
  contract_id: bigint | null;
  contract_reference: string | null;
  channel: ReportChannel;
  kind: ReportKind;
  reporter_kind: ReporterKind;
  reporter_firm_id: bigint | null;
  reporter_worker_id: bigint | null;
  reporter_name: string | null;
  reporter_phone_e164: string | null;
  locale: ColumnType<'ko' | 'en', 'ko' | 'en' | undefined, 'ko' | 'en'>;
  owed_won: bigint | null;
  owed_since: NullableDateText;
  description: string | null;
  state: ColumnType<ReportState, ReportState | undefined, ReportState>;
  outcome: ReportOutcome | null;
  referred_to: string | null;
  received_at: Timestamp;
  received_on: DateText;
  reviewed_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  resolved_on: NullableDateText;
  assigned_to: string | null;
  overdue_since: NullableDateText;
  flagged_before: ColumnType<boolean, boolean | undefined, boolean>;
  content_hash: string;
  recorded_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ReportMatchesTable = {
  id: Id;
  report_id: bigint;
  contract_id: bigint;
  obligation_id: bigint | null;
  finding_id: bigint | null;
  due_on: NullableDateText;
  outstanding_won: bigint | null;
  finding_kind: string | null;
  finding_raised_at: NullableTimestamp;
};

export type ReportTransitionsTable = {
  id: Id;
  report_id: bigint;
  from_state: ReportState | null;
  to_state: ReportState;
  outcome: ReportOutcome | null;
  referred_to: string | null;
  actor: string;
  reason: string | null;
  at: Timestamp;
};

export type ReportAttachmentsTable = {
  id: Id;
  report_id: bigint;
  file_name: string;
  media_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  byte_count: number;
  sha256: string;
  content: ColumnType<Uint8Array, Uint8Array, never>;
  created_at: Timestamp;
};

export type OutsideReportCountsTable = {
  id: Id;
  buyer_id: bigint;
  month: DateText;
  contracts: number;
  non_payment_reports: number;
  late_payment_reports: number;
  imported_by: string;
  imported_at: Timestamp;
};

export type LoanStatus = 'applied' | 'declined' | 'advanced' | 'repaid' | 'at_risk';

/** A loan against a receivable (issue 6, migration 0009): see docs/FINANCING.md. */
export type LoansTable = {
  id: Id;
  contract_id: bigint;
  claim_id: bigint;
  claim_line_id: bigint;
  borrower_firm_id: bigint;
  borrower_account_id: bigint;
  bank_id: bigint;
  lender_account_id: bigint | null;
  receivable_won: bigint;
  principal_won: bigint;
  advance_rate_ppm: bigint;
  annual_rate_ppm: bigint;
  status: ColumnType<LoanStatus, LoanStatus | undefined, LoanStatus>;
  applied_on: DateText;
  applied_at: Timestamp;
  applied_by: string;
  decided_on: NullableDateText;
  decided_at: NullableTimestamp;
  decided_by: string | null;
  decline_reason: string | null;
  advanced_on: NullableDateText;
  advance_entry_id: bigint | null;
  disbursement_reference: string | null;
  repaid_won: ColumnType<bigint, bigint | undefined, bigint>;
  interest_paid_won: ColumnType<bigint, bigint | undefined, bigint>;
  closed_on: NullableDateText;
  at_risk_reason: 'returned' | 'diverted' | null;
  overdue_noticed_at: NullableTimestamp;
  content_hash: string;
  updated_at: Timestamp;
};
