-- Foundation: the parties (buyers, firms, banks, workers), the contracts that bind them, their bank
-- accounts, the people who sign in, and one audit log that every change is written through.
-- Amounts are bigint won with check constraints; every contract-scoped table carries contract_id so the
-- hot tables can later be distributed by it.

create table buyers (
  id bigint generated always as identity primary key,
  agency_code text not null unique,
  name text not null,
  name_en text,
  uses_hado boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table firms (
  id bigint generated always as identity primary key,
  business_number char(10) not null unique check (business_number ~ '^[0-9]{10}$'),
  name text not null,
  name_en text,
  representative text,
  phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  locale text not null default 'ko' check (locale in ('ko', 'en')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table banks (
  id bigint generated always as identity primary key,
  code char(3) not null unique check (code ~ '^[0-9]{3}$'),
  name text not null,
  name_en text,
  bic text,
  participating boolean not null default true,
  created_at timestamptz not null default now()
);

create table workers (
  id bigint generated always as identity primary key,
  name text,
  phone_e164 text unique check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  locale text not null default 'ko' check (locale in ('ko', 'en')),
  registered_by_firm_id bigint not null references firms (id),
  erased_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A worker's name and phone may be erased on request; the row and its payments stay.
  check ((erased_at is null) = (name is not null and phone_e164 is not null))
);

create table contracts (
  id bigint generated always as identity primary key,
  buyer_id bigint not null references buyers (id),
  prime_firm_id bigint not null references firms (id),
  contract_number text not null,
  title text not null,
  site text not null,
  amount_won bigint not null check (amount_won > 0),
  advance_won bigint not null default 0 check (advance_won >= 0),
  starts_on date not null,
  ends_on date not null,
  payment_flow text not null default 'direct' check (payment_flow in ('direct', 'prime_approval')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (buyer_id, contract_number),
  check (ends_on >= starts_on),
  check (advance_won <= amount_won)
);
create index contracts_prime on contracts (prime_firm_id);

-- Accounts money goes to: a firm's or a worker's own account. Money may go to one only once its holder
-- name has been verified with the bank (or by an official's recorded decision).
create table payee_accounts (
  id bigint generated always as identity primary key,
  owner_kind text not null check (owner_kind in ('firm', 'worker', 'bank')),
  owner_id bigint not null,
  bank_code char(3) not null check (bank_code ~ '^[0-9]{3}$'),
  account_number text not null check (account_number ~ '^[0-9]{10,16}$'),
  holder_name text not null,
  verification text not null default 'unverified' check (verification in ('unverified', 'verified', 'mismatch')),
  verified_holder_name text,
  verified_at timestamptz,
  verified_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (bank_code, account_number),
  check ((verification = 'verified') = (verified_at is not null))
);
create index payee_accounts_owner on payee_accounts (owner_kind, owner_id);

-- A contract's dedicated accounts (전용계좌), one per purpose, at a participating bank.
create table dedicated_accounts (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  purpose text not null check (purpose in ('progress', 'labour', 'advance', 'general')),
  bank_code char(3) not null check (bank_code ~ '^[0-9]{3}$'),
  account_number text not null check (account_number ~ '^[0-9]{10,16}$'),
  holder_name text not null,
  created_at timestamptz not null default now(),
  unique (contract_id, purpose),
  unique (bank_code, account_number)
);

create table subcontracts (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  reference text not null,
  parent_subcontract_id bigint references subcontracts (id),
  contractor_firm_id bigint not null references firms (id),
  firm_id bigint not null references firms (id),
  tier smallint not null check (tier between 1 and 9),
  title text not null,
  amount_won bigint not null check (amount_won > 0),
  starts_on date not null,
  ends_on date not null,
  payee_account_id bigint references payee_accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (contract_id, reference),
  check (ends_on >= starts_on),
  check ((tier = 1) = (parent_subcontract_id is null)),
  check (firm_id <> contractor_firm_id)
);
create index subcontracts_firm on subcontracts (firm_id);

create table supply_contracts (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  reference text not null,
  subcontract_id bigint references subcontracts (id),
  buyer_firm_id bigint not null references firms (id),
  firm_id bigint not null references firms (id),
  kind text not null check (kind in ('material', 'equipment')),
  title text not null,
  amount_won bigint not null check (amount_won > 0),
  payee_account_id bigint references payee_accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (contract_id, reference)
);
create index supply_contracts_firm on supply_contracts (firm_id);

create table worker_engagements (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  worker_id bigint not null references workers (id),
  employer_firm_id bigint not null references firms (id),
  subcontract_id bigint references subcontracts (id),
  trade text not null,
  daily_wage_won bigint not null check (daily_wage_won > 0),
  starts_on date not null,
  ends_on date,
  payee_account_id bigint references payee_accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (contract_id, worker_id, employer_firm_id)
);
create index worker_engagements_worker on worker_engagements (worker_id);

create table users (
  id bigint generated always as identity primary key,
  login text not null unique,
  password_hash text not null,
  role text not null check (role in ('admin', 'official', 'prime', 'subcontractor', 'supplier', 'bank', 'auditor')),
  display_name text not null,
  buyer_id bigint references buyers (id),
  firm_id bigint references firms (id),
  bank_id bigint references banks (id),
  locale text not null default 'ko' check (locale in ('ko', 'en')),
  totp_secret text,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Each role is tied to exactly the party it acts for.
  check ((role = 'official') = (buyer_id is not null)),
  check ((role in ('prime', 'subcontractor', 'supplier')) = (firm_id is not null)),
  check ((role = 'bank') = (bank_id is not null))
);

create table sessions (
  token_hash text primary key,
  user_id bigint not null references users (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

-- One append-only log of every change: who, when, what, before and after. Each row carries the hash of
-- the previous one, so an edit or deletion anywhere breaks the chain (`hado audit verify`).
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  entity text not null,
  entity_id text,
  contract_id bigint,
  before jsonb,
  after jsonb,
  previous_hash text not null,
  hash text not null unique
);
create index audit_log_entity on audit_log (entity, entity_id);
