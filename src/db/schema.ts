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
};

export type SandboxAccountsTable = {
  bank_code: string;
  account_number: string;
  holder_name: string;
  balance_won: ColumnType<bigint, bigint | undefined, bigint>;
  closed: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
};

export type SettingsTable = {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
};
