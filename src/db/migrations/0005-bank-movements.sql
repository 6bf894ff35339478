-- Bank integration (issue 4): the messages banks send, kept once by their hash; the movements they report,
-- booked once by their natural key whichever message reports them first (a camt.054 notice, then the day's
-- camt.053); the exception queue of movements Hado cannot book or match by itself, resolved by hand with the
-- decision recorded; the findings reconciliation raises (diverted, returned, overpaid: the monitoring issue
-- extends this table); the API keys banks sign their messages with; and the sandbox bank's transfers and the
-- messages it sends back. Amounts are bigint minor units; non-booked and inexact movements are stored flagged
-- and never booked. Movements and findings carry contract_id (null until the account is known).

-- A bank's API key. The secret is never stored: it is derived from the server's key master and the key's
-- salt (HMAC-SHA256), and the table keeps only its SHA-256 to notice a changed master. A database that leaks
-- does not let anyone sign as a bank.
create table bank_api_keys (
  key_id text primary key check (key_id ~ '^[A-Za-z0-9_-]{8,64}$'),
  bank_id bigint not null references banks (id),
  salt text not null,
  secret_sha256 text not null check (secret_sha256 ~ '^[0-9a-f]{64}$'),
  created_by text not null,
  created_at timestamptz not null,
  revoked_at timestamptz
);
create index bank_api_keys_bank on bank_api_keys (bank_id);

-- Signatures seen on the inbound channel within the allowed clock skew: a signature seen twice is a replay.
create table bank_request_signatures (
  signature text primary key,
  key_id text not null,
  signed_at timestamptz not null,
  seen_at timestamptz not null
);
create index bank_request_signatures_seen on bank_request_signatures (seen_at);

-- Every message received, once: the same bytes again answer `exists`. `state` is `receiving` while its
-- movements are written batch by batch; a crash leaves it so, and the same message again resumes it.
create table bank_messages (
  id bigint generated always as identity primary key,
  sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
  bank_id bigint references banks (id),
  channel text not null check (channel in ('api', 'drop_folder', 'cli', 'adapter')),
  name text,
  format text,
  family text,
  message_id text,
  byte_count bigint not null check (byte_count >= 0),
  received_by text not null,
  received_at timestamptz not null,
  state text not null check (state in ('receiving', 'ingested', 'refused')),
  refusal text,
  summary jsonb,
  ingested_at timestamptz,
  check ((state = 'ingested') = (ingested_at is not null)),
  check ((state = 'refused') = (refusal is not null))
);
create index bank_messages_received on bank_messages (received_at);

-- One movement of money on an account, as first reported. `natural_key` is the account, direction, amount,
-- booked date, the bank's reference (or the best id after it) and the booking status (see movement-key.ts):
-- a later report of the same booking conflicts on it and books nothing. `state` is what reconciliation made
-- of it: `exception` and `unmatched` wait in the exception queue; `matched` paid an obligation; `returned`
-- undid a payment; `diverted` left a dedicated account to an account that is not a registered payee.
create table bank_movements (
  id bigint generated always as identity primary key,
  natural_key text not null unique,
  identity_key text not null,
  identity text not null check (identity in ('bank_reference', 'uetr', 'end_to_end_id', 'transaction_id', 'content')),
  message_id bigint not null references bank_messages (id),
  statement_index integer not null,
  entry_index integer not null,
  detail_index integer not null,
  contract_id bigint references contracts (id),
  dedicated_account_id bigint references dedicated_accounts (id),
  account text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  amount_minor bigint check (amount_minor >= 0),
  amount_text text,
  direction text not null check (direction in ('credit', 'debit')),
  booked_on date,
  value_on date,
  status text not null check (status in ('BOOK', 'PDNG', 'INFO', 'FUTR')),
  booked boolean not null,
  inexact boolean not null,
  reversal boolean not null,
  returned boolean not null,
  return_reason text,
  bank_transaction_code text,
  bank_reference text,
  entry_reference text,
  end_to_end_id text,
  instruction_id text,
  transaction_id text,
  uetr text,
  counterparty_name text,
  counterparty_account text,
  remittance_text text,
  creditor_reference text,
  warnings jsonb,
  state text not null default 'received' check (state in (
    'received', 'exception', 'deposit', 'own_transfer', 'matched', 'unmatched', 'diverted', 'returned',
    'resolved', 'superseded')),
  obligation_id bigint,
  journal_entry_id bigint,
  -- A return or reversal names the payment it undoes; a payment is undone at most once.
  undoes_movement_id bigint unique references bank_movements (id),
  reconciled_at timestamptz,
  received_at timestamptz not null,
  foreign key (obligation_id, contract_id) references obligations (id, contract_id),
  foreign key (journal_entry_id, contract_id) references journal_entries (id, contract_id),
  -- Only a booked, exact movement on a dedicated account can pay an obligation.
  check (obligation_id is null or (booked and not inexact and contract_id is not null)),
  check (booked = (status = 'BOOK')),
  check (not inexact or amount_minor is null)
);
create index bank_movements_message on bank_movements (message_id, state);
create index bank_movements_contract on bank_movements (contract_id, booked_on);
create index bank_movements_identity on bank_movements (identity_key);
create index bank_movements_end_to_end on bank_movements (end_to_end_id) where end_to_end_id is not null;
create index bank_movements_obligation on bank_movements (obligation_id) where obligation_id is not null;

-- The exception queue: movements Hado could not book or match, each with why, until a person decides.
-- A decision (match to an obligation, or dismiss with a reason) is recorded here and in the audit log.
create table bank_exceptions (
  id bigint generated always as identity primary key,
  movement_id bigint not null references bank_movements (id),
  contract_id bigint references contracts (id),
  bank_id bigint references banks (id),
  kind text not null check (kind in (
    'unknown_account', 'inexact_amount', 'not_booked', 'no_amount', 'unmatched', 'ledger_refused')),
  state text not null default 'open' check (state in ('open', 'resolved')),
  raised_at timestamptz not null,
  decision text check (decision in ('matched', 'dismissed', 'superseded')),
  obligation_id bigint,
  note text,
  resolved_by text,
  resolved_at timestamptz,
  unique (movement_id, kind),
  check ((state = 'resolved') = (decision is not null and resolved_at is not null)),
  check ((decision = 'matched') = (obligation_id is not null))
);
create index bank_exceptions_open on bank_exceptions (state, contract_id, id);

-- Findings: something went wrong with the money and a person must look. Reconciliation raises `diverted`
-- (critical: money left a dedicated account for an unregistered account), `returned` and `overpaid`; the
-- monitoring issue adds its own kinds. `finding_key` makes each finding raised once.
create table findings (
  id bigint generated always as identity primary key,
  finding_key text not null unique,
  kind text not null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  contract_id bigint references contracts (id),
  obligation_id bigint,
  movement_id bigint references bank_movements (id),
  amount_won bigint check (amount_won >= 0),
  detail jsonb,
  state text not null default 'open' check (state in ('open', 'acknowledged', 'resolved')),
  raised_at timestamptz not null,
  updated_at timestamptz not null,
  foreign key (obligation_id, contract_id) references obligations (id, contract_id)
);
create index findings_contract on findings (contract_id, state, raised_at);
create index findings_open on findings (state, kind) where state <> 'resolved';

-- The pain.001 messages Hado sent a bank through its adapter, once per message id, with the bank's answer.
create table bank_instruction_submissions (
  id bigint generated always as identity primary key,
  message_id text not null unique,
  contract_id bigint references contracts (id),
  claim_id bigint,
  bank_code char(3) not null,
  sha256 text not null,
  transaction_count integer not null check (transaction_count > 0),
  state text not null check (state in ('submitted', 'accepted', 'rejected', 'failed')),
  reason text,
  submitted_at timestamptz not null,
  answered_at timestamptz
);
create index bank_instruction_submissions_claim on bank_instruction_submissions (claim_id);

-- The sandbox bank's side. Accounts it reports to Hado (dedicated accounts) are marked; transfers it was instructed to make and executes after a delay, and the messages
-- (camt.054 per movement, camt.053 per day, pain.002 for rejections) it sends back to Hado.
alter table sandbox_bank.accounts add column reports boolean not null default false;

create table sandbox_bank.transfers (
  id bigint generated always as identity primary key,
  message_id text not null,
  end_to_end_id text not null,
  instruction_id text,
  debtor_bank_code char(3) not null,
  debtor_account text not null,
  creditor_bank_code char(3),
  creditor_account text not null,
  creditor_name text not null,
  amount_won bigint not null check (amount_won > 0),
  remittance text,
  origin text not null check (origin in ('pain001', 'counter')),
  execute_at timestamptz not null,
  state text not null default 'pending' check (state in ('pending', 'executed', 'rejected', 'returned')),
  reason_code text,
  booking_reference text unique,
  booked_on date,
  executed_at timestamptz,
  return_after_ms bigint check (return_after_ms >= 0),
  returned_at timestamptz,
  created_at timestamptz not null,
  unique (message_id, end_to_end_id)
);
create index sandbox_bank_transfers_due on sandbox_bank.transfers (state, execute_at);

-- Every booking on a sandbox account, in order: the camt.054 notices and the camt.053 statements come from here.
create table sandbox_bank.bookings (
  id bigint generated always as identity primary key,
  bank_code char(3) not null,
  account_number text not null,
  transfer_id bigint references sandbox_bank.transfers (id),
  direction text not null check (direction in ('credit', 'debit')),
  amount_won bigint not null check (amount_won > 0),
  booking_reference text not null unique,
  end_to_end_id text,
  counterparty_name text,
  counterparty_account text,
  remittance text,
  returned boolean not null default false,
  return_reason text,
  booked_on date not null,
  booked_at timestamptz not null,
  balance_after_won bigint not null,
  foreign key (bank_code, account_number) references sandbox_bank.accounts (bank_code, account_number)
);
create index sandbox_bank_bookings_account on sandbox_bank.bookings (bank_code, account_number, booked_on, id);

create table sandbox_bank.outgoing (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('camt.054', 'camt.053', 'pain.002')),
  message_key text not null unique,
  xml text not null,
  created_at timestamptz not null,
  attempts integer not null default 0,
  last_error text,
  delivered_at timestamptz
);
create index sandbox_bank_outgoing_pending on sandbox_bank.outgoing (id) where delivered_at is null;
