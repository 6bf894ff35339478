-- Financing against receivables (issue 6). A subcontractor or supplier borrows from a participating bank
-- against a line of an approved division; on approval the receivable is assigned to the bank, the advance is
-- booked, and when the division executes the bank is repaid first (principal + interest per day at the loan's
-- rate) and the rest goes to the payee. The advance rate and the loan rate are dated rules; the ledger gains
-- two cash-layer account kinds (`lender_funding`, `loan_advanced`) and one entry kind (`loan_advance`).

-- The checks that list rule names, account kinds and entry kinds are replaced by the same lists, extended.
-- They were created unnamed in 0004, so they are found by what they say rather than by a guessed name.
do $$
declare
  found record;
begin
  for found in
    select c.conname, c.conrelid::regclass::text as table_name
    from pg_constraint c
    where c.contype = 'c'
      and ((c.conrelid = 'ledger_accounts'::regclass and pg_get_constraintdef(c.oid) like '%payee_received%')
        or (c.conrelid = 'journal_entries'::regclass and pg_get_constraintdef(c.oid) like '%obligations_recognised%')
        or (c.conrelid = 'rule_versions'::regclass and pg_get_constraintdef(c.oid) like '%delay_interest_rate_ppm%'))
  loop
    execute format('alter table %I drop constraint %I', found.table_name, found.conname);
  end loop;
end
$$;

alter table rule_versions add constraint rule_versions_rule_check check (rule in (
  'subcontract_payment_days', 'supply_payment_days', 'advance_payment_days', 'delivery_outer_limit_days',
  'labour_payment_days', 'delay_interest_rate_ppm', 'deadline_warning_days',
  'loan_advance_rate_ppm', 'loan_interest_rate_ppm'));
alter table ledger_accounts add constraint ledger_accounts_kind_check check (kind in (
  'buyer_funding', 'dedicated', 'division_control', 'payable', 'payee_received', 'lender_funding', 'loan_advanced'));
alter table ledger_accounts add constraint ledger_accounts_payee_check check (
  (kind in ('payable', 'payee_received', 'lender_funding', 'loan_advanced')) = (payee_account_id is not null));
alter table journal_entries add constraint journal_entries_kind_check check (kind in (
  'buyer_payment', 'obligations_recognised', 'transfer_out', 'reversal', 'loan_advance'));

-- What a participating bank advances, as a share of what is still owed (millionths), and the simple annual
-- interest a loan accrues per day (millionths a year). A loan keeps the values in force on its application day.
insert into rule_versions (rule, effective_from, value, source) values
  ('loan_advance_rate_ppm', '2015-07-01', 800000,
   'Participating banks'' receivable-financing terms under the Hado agreement (80 % of the receivable)'),
  ('loan_interest_rate_ppm', '2015-07-01', 60000,
   'Participating banks'' receivable-financing terms under the Hado agreement (6 % a year, simple, per day)');

-- One loan against one receivable (a line of an approved division). The obligation the line becomes when the
-- buyer pays is found by `claim_line_id`. Repaid amounts are derived from the ledger in the same transaction as
-- each posting; `hado ledger check` and the finance tests verify them.
create table loans (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  claim_id bigint not null,
  claim_line_id bigint not null,
  borrower_firm_id bigint not null references firms (id),
  borrower_account_id bigint not null references payee_accounts (id),
  bank_id bigint not null references banks (id),
  lender_account_id bigint references payee_accounts (id),
  receivable_won bigint not null check (receivable_won > 0),
  principal_won bigint not null check (principal_won > 0),
  advance_rate_ppm bigint not null check (advance_rate_ppm between 0 and 1000000),
  annual_rate_ppm bigint not null check (annual_rate_ppm between 0 and 1000000),
  status text not null default 'applied' check (status in ('applied', 'declined', 'advanced', 'repaid', 'at_risk')),
  applied_on date not null,
  applied_at timestamptz not null,
  applied_by text not null,
  decided_on date,
  decided_at timestamptz,
  decided_by text,
  decline_reason text check (char_length(decline_reason) between 1 and 500),
  advanced_on date,
  advance_entry_id bigint,
  disbursement_reference text,
  repaid_won bigint not null default 0 check (repaid_won >= 0),
  interest_paid_won bigint not null default 0 check (interest_paid_won >= 0),
  closed_on date,
  at_risk_reason text check (at_risk_reason in ('returned', 'diverted')),
  overdue_noticed_at timestamptz,
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz not null,
  foreign key (claim_id, contract_id) references claims (id, contract_id),
  foreign key (claim_line_id, contract_id) references claim_lines (id, contract_id),
  foreign key (advance_entry_id, contract_id) references journal_entries (id, contract_id),
  unique (id, contract_id),
  check (principal_won <= receivable_won),
  check ((status = 'declined') = (decline_reason is not null)),
  check ((status in ('applied')) = (decided_at is null)),
  check ((status in ('advanced', 'repaid', 'at_risk')) = (advance_entry_id is not null and advanced_on is not null
    and lender_account_id is not null)),
  check ((status = 'repaid') = (closed_on is not null)),
  check ((status = 'at_risk') = (at_risk_reason is not null))
);
-- A receivable is assigned once: one loan that is not declined per division line.
create unique index loans_one_per_receivable on loans (claim_line_id) where status <> 'declined';
create index loans_bank on loans (bank_id, status, id);
create index loans_borrower on loans (borrower_firm_id, id);
create index loans_contract on loans (contract_id, status);
