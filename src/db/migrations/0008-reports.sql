-- Non-payment reports (issue 10): a subcontractor, supplier or worker reports that they were not paid, or paid
-- late; officials record reports that reached them by phone, letter or in person, and import monthly counts for
-- contracts and agencies outside Hado. Each report is routed to the buyer of its contract and moves received →
-- under review → resolved (paid, direct payment decided, referred), every step kept with who, when and why.
-- At intake Hado links the report to the reporter's unpaid or late obligations and the findings on them, and
-- freezes what it already knew (`overdue_since`, `flagged_before`) so the statistics never change afterwards.
-- The statistics read these tables only (docs/REPORTS.md defines them).

create table reports (
  id bigint generated always as identity primary key,
  buyer_id bigint not null references buyers (id),
  contract_id bigint references contracts (id),
  -- A contract outside Hado, as the reporter named it (number, site or title).
  contract_reference text check (char_length(contract_reference) between 1 and 200),
  channel text not null check (channel in ('hado', 'phone', 'letter', 'visit', 'email', 'other')),
  kind text not null check (kind in ('non_payment', 'late_payment')),
  reporter_kind text not null check (reporter_kind in ('subcontractor', 'supplier', 'worker', 'other')),
  reporter_firm_id bigint references firms (id),
  reporter_worker_id bigint references workers (id),
  reporter_name text check (char_length(reporter_name) <= 200),
  reporter_phone_e164 text check (reporter_phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  locale text not null default 'ko' check (locale in ('ko', 'en')),
  owed_won bigint check (owed_won > 0),
  owed_since date,
  description text check (char_length(description) <= 2000),
  state text not null default 'received' check (state in ('received', 'under_review', 'resolved')),
  outcome text check (outcome in ('paid', 'direct_payment', 'referred')),
  referred_to text check (char_length(referred_to) between 1 and 200),
  received_at timestamptz not null,
  received_on date not null,
  reviewed_at timestamptz,
  resolved_at timestamptz,
  resolved_on date,
  assigned_to text,
  overdue_since date,
  flagged_before boolean not null default false,
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  recorded_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (id, buyer_id),
  check (contract_id is not null or contract_reference is not null),
  -- A report made in Hado always names a contract in Hado and a reporter Hado knows.
  check (channel <> 'hado' or (contract_id is not null and (reporter_firm_id is not null or reporter_worker_id is not null))),
  check ((state = 'resolved') = (outcome is not null and resolved_at is not null and resolved_on is not null)),
  check ((outcome = 'referred') = (referred_to is not null)),
  check (resolved_on is null or resolved_on >= received_on),
  check (owed_since is null or owed_since <= received_on)
);
create index reports_buyer_received on reports (buyer_id, received_on);
create index reports_received on reports (received_on);
create index reports_contract on reports (contract_id) where contract_id is not null;
create index reports_phone on reports (reporter_phone_e164, received_at) where reporter_phone_e164 is not null;
create index reports_firm on reports (reporter_firm_id, received_at) where reporter_firm_id is not null;
create index reports_worker on reports (reporter_worker_id, received_at) where reporter_worker_id is not null;
create index reports_open on reports (buyer_id, state) where state <> 'resolved';

-- What Hado already knew when the report came in: the reporter's unpaid or late obligations on the contract,
-- and the findings on them (or on the contract for the same payee).
create table report_matches (
  id bigint generated always as identity primary key,
  report_id bigint not null references reports (id),
  contract_id bigint not null references contracts (id),
  obligation_id bigint,
  finding_id bigint references findings (id),
  due_on date,
  outstanding_won bigint check (outstanding_won >= 0),
  finding_kind text,
  finding_raised_at timestamptz,
  foreign key (obligation_id, contract_id) references obligations (id, contract_id),
  unique nulls not distinct (report_id, obligation_id, finding_id),
  check (obligation_id is not null or finding_id is not null),
  check ((finding_id is null) = (finding_kind is null and finding_raised_at is null))
);
create index report_matches_report on report_matches (report_id);

-- Every step of a report: who, when, from which state to which, with which outcome, and why.
create table report_transitions (
  id bigint generated always as identity primary key,
  report_id bigint not null references reports (id),
  from_state text check (from_state in ('received', 'under_review', 'resolved')),
  to_state text not null check (to_state in ('received', 'under_review', 'resolved')),
  outcome text check (outcome in ('paid', 'direct_payment', 'referred')),
  referred_to text,
  actor text not null,
  reason text check (char_length(reason) <= 2000),
  at timestamptz not null,
  check ((to_state = 'resolved') = (outcome is not null))
);
create index report_transitions_report on report_transitions (report_id, id);

-- Documents a reporter attached (an invoice, a photo of a delivery note): PDF, JPEG or PNG only, by their magic
-- bytes, and small; kept with their SHA-256.
create table report_attachments (
  id bigint generated always as identity primary key,
  report_id bigint not null references reports (id),
  file_name text not null check (char_length(file_name) between 1 and 200),
  media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
  byte_count integer not null check (byte_count between 1 and 2097152),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  created_at timestamptz not null,
  check (octet_length(content) = byte_count)
);
create index report_attachments_report on report_attachments (report_id);

-- Monthly counts for contracts outside Hado (an agency that does not use Hado, or an agency's contracts not
-- registered in it): contracts under way that month and the reports received about them, by kind. One row per
-- agency and month; a correction replaces the row and the audit log keeps the old one.
create table outside_report_counts (
  id bigint generated always as identity primary key,
  buyer_id bigint not null references buyers (id),
  month date not null check (extract(day from month) = 1),
  contracts integer not null check (contracts >= 0),
  non_payment_reports integer not null check (non_payment_reports >= 0),
  late_payment_reports integer not null check (late_payment_reports >= 0),
  imported_by text not null,
  imported_at timestamptz not null,
  unique (buyer_id, month)
);
