-- Claims, divided payment and the double-entry ledger (issue 3). A prime's progress claim carries its
-- division into lines; the official approves it and records the buyer's payment; each line then becomes
-- an obligation with a due date from the dated rule table; every won that moves is a balanced journal
-- entry. The ledger only grows: journal rows refuse update and delete, entries must balance (checked at
-- the end of every insert and again at commit), dedicated accounts never go below zero, and a payee is
-- never paid beyond its obligations without an overpayment finding. Every hot table carries contract_id.

-- The dated rule table (DESIGN §3): the law changes, and a payment is judged by the rule in force on its
-- date. Periods are calendar days; the interest rate is in millionths a year (155000 = 15.5 %), exact.
create table rule_versions (
  id bigint generated always as identity primary key,
  rule text not null check (rule in (
    'subcontract_payment_days', 'supply_payment_days', 'advance_payment_days', 'delivery_outer_limit_days',
    'labour_payment_days', 'delay_interest_rate_ppm', 'deadline_warning_days')),
  effective_from date not null,
  value bigint not null check (value >= 0),
  source text not null,
  recorded_by text not null default 'migration',
  recorded_at timestamptz not null default now(),
  unique (rule, effective_from)
);

-- Hado's table starts on 2015-07-01, the day the delay-interest notice in force today took effect; the
-- statutory periods were already in force then. A payment dated earlier has no rule and is refused.
insert into rule_versions (rule, effective_from, value, source) values
  ('subcontract_payment_days', '2015-07-01', 15,
   'Framework Act on the Construction Industry §34(1); Fair Transactions in Subcontracting Act §13(3)'),
  ('supply_payment_days', '2015-07-01', 15, 'Fair Transactions in Subcontracting Act §13(3) (manufacturing and supply consignments)'),
  ('advance_payment_days', '2015-07-01', 15, 'Fair Transactions in Subcontracting Act §6(1)'),
  ('delivery_outer_limit_days', '2015-07-01', 60, 'Fair Transactions in Subcontracting Act §13(1)'),
  ('labour_payment_days', '2015-07-01', 5, 'General Conditions of Contract §43-3'),
  ('delay_interest_rate_ppm', '2015-07-01', 155000,
   'Fair Trade Commission notice on delay interest under Subcontracting Act §13(8), in force since 2015-07-01'),
  ('deadline_warning_days', '2015-07-01', 3, 'practice of the national subcontract payment system');

-- A progress claim (기성 청구) for one period of a contract. `version` counts submissions: a rejected
-- claim is edited and resubmitted under the same id, its earlier lines kept under their version.
create table claims (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  sequence integer not null check (sequence >= 1),
  period_start date not null,
  period_end date not null,
  status text not null check (status in ('submitted', 'rejected', 'approved', 'awaiting_release', 'paid')),
  flow text not null check (flow in ('direct', 'prime_approval')),
  version integer not null default 1 check (version >= 1),
  total_won bigint not null check (total_won > 0),
  content_hash text not null,
  submitted_on date not null,
  submitted_at timestamptz not null,
  decided_at timestamptz,
  paid_on date,
  paid_at timestamptz,
  released_on date,
  released_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (contract_id, sequence),
  unique (contract_id, period_start, period_end),
  unique (id, contract_id),
  check (period_end >= period_start),
  check ((status in ('awaiting_release', 'paid')) = (paid_on is not null and paid_at is not null)),
  check ((status = 'paid') = (released_on is not null and released_at is not null)),
  check (flow = 'prime_approval' or status <> 'awaiting_release')
);
create index claims_status on claims (status, contract_id);

-- The division: one line per payee and purpose. Labour lines name the worker, the employer, the days
-- and the daily wage, and their amount is exactly days × wage.
create table claim_lines (
  id bigint generated always as identity primary key,
  contract_id bigint not null,
  claim_id bigint not null,
  claim_version integer not null check (claim_version >= 1),
  line_no integer not null check (line_no >= 1),
  kind text not null check (kind in ('own_share', 'subcontract', 'supply', 'labour', 'advance')),
  subcontract_id bigint references subcontracts (id),
  supply_contract_id bigint references supply_contracts (id),
  worker_engagement_id bigint references worker_engagements (id),
  worker_id bigint references workers (id),
  employer_firm_id bigint references firms (id),
  payee_kind text not null check (payee_kind in ('firm', 'worker')),
  payee_id bigint not null,
  payee_account_id bigint not null references payee_accounts (id),
  days_worked integer check (days_worked between 1 and 31),
  daily_wage_won bigint check (daily_wage_won > 0),
  amount_won bigint not null check (amount_won > 0),
  delivered_on date,
  status text not null default 'claimed' check (status in ('claimed', 'rejected')),
  rejection_code text,
  rejection_note text,
  foreign key (claim_id, contract_id) references claims (id, contract_id),
  unique (claim_id, claim_version, line_no),
  unique (id, contract_id),
  check ((status = 'rejected') = (rejection_code is not null)),
  check (kind <> 'subcontract' or subcontract_id is not null),
  check (kind in ('subcontract', 'advance') or subcontract_id is null),
  check ((kind = 'supply') = (supply_contract_id is not null)),
  check ((kind = 'labour') = (worker_engagement_id is not null)),
  check (kind <> 'labour' or (worker_id is not null and employer_firm_id is not null and days_worked is not null
    and daily_wage_won is not null and amount_won = days_worked * daily_wage_won
    and payee_kind = 'worker' and payee_id = worker_id)),
  check (kind = 'labour' or (worker_id is null and days_worked is null and daily_wage_won is null
    and payee_kind = 'firm'))
);
create index claim_lines_claim on claim_lines (claim_id, claim_version);
create index claim_lines_subcontract on claim_lines (subcontract_id) where subcontract_id is not null;
create index claim_lines_supply on claim_lines (supply_contract_id) where supply_contract_id is not null;
create index claim_lines_payee on claim_lines (payee_kind, payee_id);

-- Every step of a claim: who, when, from which state to which, and why.
create table claim_transitions (
  id bigint generated always as identity primary key,
  contract_id bigint not null,
  claim_id bigint not null,
  claim_version integer not null,
  action text not null check (action in ('submit', 'resubmit', 'approve', 'reject', 'record_payment', 'release')),
  from_status text,
  to_status text not null,
  actor text not null,
  at timestamptz not null,
  reason_code text,
  note text,
  rejected_lines jsonb,
  foreign key (claim_id, contract_id) references claims (id, contract_id)
);
create index claim_transitions_claim on claim_transitions (claim_id, id);

-- What the buyer's payment of a claim makes owed: one obligation per line, to its payee's account, due on
-- the date the rule in force on the payment date gives. `paid_won` and `paid_on` are derived from the
-- ledger in the same transaction as each posting; `hado ledger check` verifies that they agree.
create table obligations (
  id bigint generated always as identity primary key,
  contract_id bigint not null,
  claim_id bigint not null,
  claim_line_id bigint not null unique,
  kind text not null check (kind in ('own_share', 'subcontract', 'supply', 'labour', 'advance')),
  payee_kind text not null check (payee_kind in ('firm', 'worker')),
  payee_id bigint not null,
  payee_account_id bigint not null references payee_accounts (id),
  source_purpose text not null check (source_purpose in ('progress', 'labour', 'advance', 'general')),
  amount_won bigint not null check (amount_won > 0),
  paid_won bigint not null default 0 check (paid_won >= 0),
  paid_on date,
  due_on date not null,
  due_basis text not null check (due_basis in (
    'after_buyer_payment', 'delivery_outer_limit', 'after_labour_claim', 'on_payment')),
  rule_version_id bigint references rule_versions (id),
  status text not null check (status in ('held', 'open')),
  created_at timestamptz not null default now(),
  foreign key (claim_id, contract_id) references claims (id, contract_id),
  foreign key (claim_line_id, contract_id) references claim_lines (id, contract_id),
  unique (id, contract_id),
  check ((due_basis = 'on_payment') = (rule_version_id is null)),
  check ((paid_on is not null) = (paid_won >= amount_won))
);
create index obligations_claim on obligations (claim_id);
create index obligations_due on obligations (contract_id, due_on);
create index obligations_payee on obligations (payee_kind, payee_id);

-- The ledger's accounts, per contract: the buyer's funding, each dedicated account by purpose, the
-- division awaiting payment (memo), what is payable to each payee (memo) and what each payee received.
create table ledger_accounts (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  kind text not null check (kind in ('buyer_funding', 'dedicated', 'division_control', 'payable', 'payee_received')),
  purpose text check (purpose in ('progress', 'labour', 'advance', 'general')),
  payee_account_id bigint references payee_accounts (id),
  created_at timestamptz not null default now(),
  unique nulls not distinct (contract_id, kind, purpose, payee_account_id),
  unique (id, contract_id),
  check ((kind = 'dedicated') = (purpose is not null)),
  check ((kind in ('payable', 'payee_received')) = (payee_account_id is not null))
);

create table journal_entries (
  id bigint generated always as identity primary key,
  contract_id bigint not null references contracts (id),
  kind text not null check (kind in ('buyer_payment', 'obligations_recognised', 'transfer_out', 'reversal')),
  effective_on date not null,
  line_count integer not null check (line_count between 2 and 10002),
  total_won bigint not null check (total_won > 0),
  claim_id bigint,
  reverses_entry_id bigint unique,
  memo text,
  posted_by text not null,
  posted_at timestamptz not null,
  unique (id, contract_id),
  foreign key (claim_id, contract_id) references claims (id, contract_id),
  foreign key (reverses_entry_id, contract_id) references journal_entries (id, contract_id),
  check ((kind = 'reversal') = (reverses_entry_id is not null))
);
create index journal_entries_claim on journal_entries (claim_id) where claim_id is not null;
create index journal_entries_contract on journal_entries (contract_id, id);

create table journal_lines (
  id bigint generated always as identity primary key,
  entry_id bigint not null,
  contract_id bigint not null,
  account_id bigint not null,
  side text not null check (side in ('debit', 'credit')),
  amount_won bigint not null check (amount_won > 0),
  obligation_id bigint,
  foreign key (entry_id, contract_id) references journal_entries (id, contract_id),
  foreign key (account_id, contract_id) references ledger_accounts (id, contract_id),
  foreign key (obligation_id, contract_id) references obligations (id, contract_id)
);
create index journal_lines_entry on journal_lines (entry_id);
create index journal_lines_account on journal_lines (account_id) include (side, amount_won);
create index journal_lines_obligation on journal_lines (obligation_id) where obligation_id is not null;

-- A payee paid beyond what it is owed: the money did move, so the ledger books it, and this finding
-- records the excess at the same time. Without it the payable account may not go below zero.
create table overpayment_findings (
  id bigint generated always as identity primary key,
  contract_id bigint not null,
  obligation_id bigint not null,
  account_id bigint not null,
  entry_id bigint not null,
  amount_won bigint not null check (amount_won > 0),
  found_at timestamptz not null,
  foreign key (obligation_id, contract_id) references obligations (id, contract_id),
  foreign key (account_id, contract_id) references ledger_accounts (id, contract_id),
  foreign key (entry_id, contract_id) references journal_entries (id, contract_id)
);
create index overpayment_findings_account on overpayment_findings (account_id);

-- The ledger only grows: no update, delete or truncate of its rows. A correction is a reversing entry.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'the ledger only grows: % on % is refused (post a reversing entry instead)', tg_op, tg_table_name
    using errcode = 'restrict_violation';
end
$$;
create trigger journal_entries_append_only before update or delete on journal_entries
  for each row execute function ledger_refuse_change();
create trigger journal_entries_no_truncate before truncate on journal_entries
  for each statement execute function ledger_refuse_change();
create trigger journal_lines_append_only before update or delete on journal_lines
  for each row execute function ledger_refuse_change();
create trigger journal_lines_no_truncate before truncate on journal_lines
  for each statement execute function ledger_refuse_change();
create trigger ledger_accounts_append_only before update or delete on ledger_accounts
  for each row execute function ledger_refuse_change();
create trigger ledger_accounts_no_truncate before truncate on ledger_accounts
  for each statement execute function ledger_refuse_change();
create trigger overpayment_findings_append_only before update or delete on overpayment_findings
  for each row execute function ledger_refuse_change();
create trigger overpayment_findings_no_truncate before truncate on overpayment_findings
  for each statement execute function ledger_refuse_change();

-- At the end of every insert of journal lines (an entry's lines arrive in one statement): each entry
-- touched has exactly the lines it declared and they balance to its total; no dedicated account touched
-- is below zero; no payable touched is below zero beyond its overpayment findings.
create function journal_lines_check() returns trigger language plpgsql as $$
declare
  offending bigint;
begin
  select e.id into offending
  from journal_entries e
  cross join lateral (
    select count(*) as lines,
           coalesce(sum(l.amount_won) filter (where l.side = 'debit'), 0) as debits,
           coalesce(sum(l.amount_won) filter (where l.side = 'credit'), 0) as credits
    from journal_lines l where l.entry_id = e.id
  ) totals
  where e.id in (select distinct entry_id from new_lines)
    and (totals.lines <> e.line_count or totals.debits <> e.total_won or totals.credits <> e.total_won)
  limit 1;
  if offending is not null then
    raise exception 'journal entry % does not balance or lacks its declared lines', offending
      using errcode = 'check_violation';
  end if;

  select a.id into offending
  from ledger_accounts a
  where a.kind = 'dedicated'
    and a.id in (select distinct account_id from new_lines)
    and (select coalesce(sum(case when l.side = 'debit' then l.amount_won else -l.amount_won end), 0)
         from journal_lines l where l.account_id = a.id) < 0
  limit 1;
  if offending is not null then
    raise exception 'dedicated ledger account % would go below zero', offending using errcode = 'check_violation';
  end if;

  select a.id into offending
  from ledger_accounts a
  where a.kind = 'payable'
    and a.id in (select distinct account_id from new_lines)
    and (select coalesce(sum(case when l.side = 'credit' then l.amount_won else -l.amount_won end), 0)
         from journal_lines l where l.account_id = a.id)
      + (select coalesce(sum(f.amount_won), 0) from overpayment_findings f where f.account_id = a.id) < 0
  limit 1;
  if offending is not null then
    raise exception 'payable ledger account % paid beyond its obligations without an overpayment finding', offending
      using errcode = 'check_violation';
  end if;
  return null;
end
$$;
create trigger journal_lines_check after insert on journal_lines
  referencing new table as new_lines for each statement execute function journal_lines_check();

-- And at commit, for every entry written in the transaction: an entry whose lines never came is refused.
create function journal_entry_complete() returns trigger language plpgsql as $$
declare
  lines bigint;
  debits bigint;
  credits bigint;
begin
  select count(*),
         coalesce(sum(amount_won) filter (where side = 'debit'), 0),
         coalesce(sum(amount_won) filter (where side = 'credit'), 0)
    into lines, debits, credits
  from journal_lines where entry_id = new.id;
  if lines <> new.line_count or debits <> new.total_won or credits <> new.total_won then
    raise exception 'journal entry % does not balance or lacks its declared lines at commit', new.id
      using errcode = 'check_violation';
  end if;
  return null;
end
$$;
create constraint trigger journal_entries_complete after insert on journal_entries
  deferrable initially deferred for each row execute function journal_entry_complete();
