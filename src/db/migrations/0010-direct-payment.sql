-- Direct payment by the buyer (Framework Act on the Construction Industry §35, issue 5). When an official takes a
-- direct-payment suggestion, Hado instructs a transfer from the buyer's own paying account to the subcontractor's
-- verified account (pain.001, end-to-end id HADO-D<direct payment id>), reduces the prime's claim by the same
-- amount, and books both: at the decision the memo layer records the reduction (Dr prime_deduction, Cr
-- buyer_direct); when the buyer's bank reports the transfer, the obligation is settled with money from the buyer
-- (Dr payee_received, Cr buyer_funding; Dr payable, Cr division_control). The money the buyer had paid into the
-- dedicated account for that share stays there, matched in the ledger by the deduction from the prime.

-- The account a buyer pays from when it pays a payee directly (one per buyer); its bank reports its movements.
create table buyer_payment_accounts (
  buyer_id bigint primary key references buyers (id),
  bank_code char(3) not null check (bank_code ~ '^[0-9]{3}$'),
  account_number text not null check (account_number ~ '^[0-9]{6,20}$'),
  holder_name text not null check (char_length(holder_name) between 1 and 100),
  registered_by text not null,
  registered_at timestamptz not null,
  unique (bank_code, account_number)
);

-- One direct payment per taken suggestion (and so per obligation): what was instructed, from which account, and
-- the journal entries of the decision and of the settlement once the bank reported the transfer.
create table direct_payments (
  id bigint generated always as identity primary key,
  contract_id bigint not null,
  suggestion_id bigint not null unique references direct_payment_suggestions (id),
  obligation_id bigint not null unique,
  claim_id bigint not null,
  payee_account_id bigint not null references payee_accounts (id),
  amount_won bigint not null check (amount_won > 0),
  debtor_bank_code char(3) not null,
  debtor_account_number text not null,
  debtor_holder_name text not null,
  state text not null default 'instructed' check (state in ('instructed', 'paid')),
  decided_entry_id bigint not null,
  settled_entry_id bigint,
  movement_id bigint references bank_movements (id),
  paid_on date,
  decided_by text not null,
  decided_at timestamptz not null,
  foreign key (obligation_id, contract_id) references obligations (id, contract_id),
  foreign key (claim_id, contract_id) references claims (id, contract_id),
  foreign key (decided_entry_id, contract_id) references journal_entries (id, contract_id),
  foreign key (settled_entry_id, contract_id) references journal_entries (id, contract_id),
  check ((state = 'paid') = (settled_entry_id is not null and paid_on is not null and movement_id is not null))
);
create index direct_payments_claim on direct_payments (claim_id);
create index direct_payments_contract on direct_payments (contract_id, id);

-- The ledger's two memo accounts for it, and its two entry kinds (0009 named these checks).
alter table ledger_accounts drop constraint ledger_accounts_kind_check;
alter table ledger_accounts add constraint ledger_accounts_kind_check check (kind in (
  'buyer_funding', 'dedicated', 'division_control', 'payable', 'payee_received', 'lender_funding', 'loan_advanced',
  'buyer_direct', 'prime_deduction'));
alter table journal_entries drop constraint journal_entries_kind_check;
alter table journal_entries add constraint journal_entries_kind_check check (kind in (
  'buyer_payment', 'obligations_recognised', 'transfer_out', 'reversal', 'loan_advance',
  'direct_payment_decided', 'direct_payment'));
