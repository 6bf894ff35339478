-- Monitoring, notifications and the worker self-check (issue 5). The monitor's findings extend the table the
-- bank integration created (owner, who acknowledged or resolved them and why, with each step kept); a direct
-- payment suggestion (Framework Act §35) is a decision an official takes or declines. Messages leave through a
-- transactional outbox: a message is written in the same transaction as the change that causes it, under the
-- event's key (unique: one message per event and recipient), and a worker sends it, recording every attempt.
-- Workers prove a phone number by a one-time code and get a session of their own. Changes that dashboards
-- watch (obligations, movements, findings, messages) notify the `hado_events` channel at commit, so every
-- process listening (PGlite in process, PostgreSQL across processes) hears of them after the fact only.

-- Officials receive escalations by SMS when they gave a number.
alter table users add column phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$');

-- ---- Findings ------------------------------------------------------------------------------------------------
-- `owner`: the prime acts (a deadline, a late payment, a return), the official escalates (overdue, diverted).
alter table findings
  add column owner text check (owner in ('prime', 'official')),
  add column payee_kind text check (payee_kind in ('firm', 'worker')),
  add column payee_id bigint,
  add column due_on date,
  add column days_late integer check (days_late >= 0),
  add column acknowledged_by text,
  add column acknowledged_at timestamptz,
  add column resolved_by text,
  add column resolved_at timestamptz,
  add column resolution text;
create index findings_obligation on findings (obligation_id, kind) where obligation_id is not null;
create index findings_movement on findings (movement_id, kind) where movement_id is not null;

-- Every change of a finding's state: who, when, from what to what, and why.
create table finding_transitions (
  id bigint generated always as identity primary key,
  finding_id bigint not null references findings (id),
  contract_id bigint,
  from_state text not null,
  to_state text not null check (to_state in ('open', 'acknowledged', 'resolved')),
  actor text not null,
  reason text not null,
  at timestamptz not null
);
create index finding_transitions_finding on finding_transitions (finding_id, id);

-- Notices that are not findings but must go out once per obligation: its share announced to the payee when
-- the buyer pays the prime, and the payment received.
create table obligation_notices (
  obligation_id bigint not null,
  contract_id bigint not null,
  notice text not null check (notice in ('announced', 'paid')),
  noticed_at timestamptz not null,
  primary key (obligation_id, notice),
  foreign key (obligation_id, contract_id) references obligations (id, contract_id)
);

-- The last step of escalation: after an obligation has been overdue long enough the official is asked whether
-- the buyer should pay the subcontractor directly (Framework Act §35). One suggestion per obligation.
create table direct_payment_suggestions (
  id bigint generated always as identity primary key,
  contract_id bigint not null,
  obligation_id bigint not null unique,
  finding_id bigint references findings (id),
  outstanding_won bigint not null check (outstanding_won > 0),
  days_overdue integer not null check (days_overdue >= 0),
  suggested_at timestamptz not null,
  state text not null default 'pending' check (state in ('pending', 'taken', 'declined')),
  decided_by text,
  decided_at timestamptz,
  reason text,
  foreign key (obligation_id, contract_id) references obligations (id, contract_id),
  check ((state = 'pending') = (decided_at is null and decided_by is null))
);
create index direct_payment_suggestions_contract on direct_payment_suggestions (contract_id, state);

-- Unpaid obligations by due date: the sweep's upcoming, due-today and overdue statements read only these.
create index obligations_unpaid_due on obligations (due_on) where paid_on is null;

-- ---- Outbox --------------------------------------------------------------------------------------------------
-- One row per message. `idempotency_key` is the event's key (and travels with every submit to the SMS centre).
-- `next_attempt_at` is when the worker may take the row: for `pending` the next try (quiet hours and backoff
-- push it later), for `sending` the end of the claiming worker's lease (a worker that died is taken over).
create table outbox_messages (
  id bigint generated always as identity primary key,
  idempotency_key text not null unique check (idempotency_key ~ '^[\x21-\x7e]{1,128}$'),
  contract_id bigint references contracts (id),
  kind text not null,
  recipient_kind text not null check (recipient_kind in ('firm', 'worker', 'user', 'phone')),
  recipient_id bigint,
  phone_e164 text not null check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  locale text not null check (locale in ('ko', 'en')),
  sender text not null,
  subject text,
  body text not null,
  payload jsonb not null,
  urgent boolean not null,
  secret boolean not null default false,
  state text not null default 'pending' check (state in (
    'pending', 'sending', 'sent', 'delivered', 'undeliverable', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null,
  last_error text,
  provider_message_id text,
  repeat_suspected boolean not null default false,
  created_at timestamptz not null,
  sent_at timestamptz,
  delivered_at timestamptz,
  updated_at timestamptz not null,
  check ((state in ('sent', 'delivered', 'undeliverable')) = (sent_at is not null)),
  check ((state = 'delivered') = (delivered_at is not null)),
  check (recipient_kind = 'phone' or recipient_id is not null)
);
create index outbox_messages_due on outbox_messages (next_attempt_at) where state in ('pending', 'sending');
create index outbox_messages_provider on outbox_messages (provider_message_id) where provider_message_id is not null;
create index outbox_messages_contract on outbox_messages (contract_id, id);
create index outbox_messages_recipient on outbox_messages (recipient_kind, recipient_id, id);

-- Every attempt to hand a message to the SMS centre. An attempt without an outcome was cut short by a crash; the
-- next attempt marks it `interrupted` and the message `repeat_suspected` (the centre may have taken it).
create table outbox_attempts (
  id bigint generated always as identity primary key,
  message_id bigint not null references outbox_messages (id),
  attempt integer not null check (attempt >= 1),
  worker text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  outcome text check (outcome in ('accepted', 'retryable', 'failed', 'interrupted')),
  provider_message_id text,
  error text,
  unique (message_id, attempt),
  check ((outcome is null) = (finished_at is null))
);

-- ---- Worker self-check -----------------------------------------------------------------------------------------
-- Every code request, known phone or not (so the per-phone and per-address limits count the same either way);
-- only a known worker's request has a code. The code is kept as a hash only.
create table worker_otp_requests (
  id bigint generated always as identity primary key,
  phone_e164 text not null,
  worker_id bigint references workers (id),
  ip text not null,
  code_hash text,
  requested_at timestamptz not null,
  expires_at timestamptz not null,
  failed_attempts integer not null default 0 check (failed_attempts >= 0),
  consumed_at timestamptz,
  check ((worker_id is null) = (code_hash is null))
);
create index worker_otp_requests_phone on worker_otp_requests (phone_e164, requested_at);
create index worker_otp_requests_ip on worker_otp_requests (ip, requested_at);

create table worker_phone_lockouts (
  phone_e164 text primary key,
  locked_until timestamptz not null,
  locked_at timestamptz not null
);

create table worker_sessions (
  token_hash text primary key,
  worker_id bigint not null references workers (id),
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null
);
create index worker_sessions_worker on worker_sessions (worker_id);

-- ---- Live events -----------------------------------------------------------------------------------------------
-- One statement-level trigger per watched table: at most one notification per contract and group of 100 payees
-- per statement (a payload stays far below PostgreSQL's 8,000 bytes), delivered at commit only.
create function hado_notify_obligations() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in
    select contract_id, json_agg(payee order by payee) as payees
    from (
      select distinct contract_id, payee_kind || ':' || payee_id as payee,
        dense_rank() over (partition by contract_id order by payee_kind, payee_id) as n
      from changed_rows
    ) changed
    group by contract_id, (n - 1) / 100
  loop
    perform pg_notify('hado_events', json_build_object(
      'type', 'obligations', 'contractId', r.contract_id::text, 'payees', r.payees)::text);
  end loop;
  return null;
end
$$;
create trigger obligations_notify_insert after insert on obligations
  referencing new table as changed_rows for each statement execute function hado_notify_obligations();
create trigger obligations_notify_update after update on obligations
  referencing new table as changed_rows for each statement execute function hado_notify_obligations();

-- A finding names its payee when it has one (the monitor's do; reconciliation's are found through the obligation).
create function hado_notify_findings() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in
    select contract_id, json_agg(payee order by payee) filter (where payee is not null) as payees
    from (
      select distinct f.contract_id, coalesce(f.payee_kind, o.payee_kind) || ':' || coalesce(f.payee_id, o.payee_id) as payee,
        dense_rank() over (partition by f.contract_id
          order by coalesce(f.payee_kind, o.payee_kind), coalesce(f.payee_id, o.payee_id)) as n
      from changed_rows f
      left join obligations o on o.id = f.obligation_id
    ) changed
    group by contract_id, (n - 1) / 100
  loop
    perform pg_notify('hado_events', json_build_object(
      'type', 'findings', 'contractId', r.contract_id::text, 'payees', coalesce(r.payees, '[]'::json))::text);
  end loop;
  return null;
end
$$;
create trigger findings_notify_insert after insert on findings
  referencing new table as changed_rows for each statement execute function hado_notify_findings();
create trigger findings_notify_update after update on findings
  referencing new table as changed_rows for each statement execute function hado_notify_findings();

-- Movements concern a contract (its dedicated accounts); the obligations they pay notify their payees.
create function hado_notify_movements() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in select contract_id, count(*) as movements from changed_rows group by contract_id loop
    perform pg_notify('hado_events', json_build_object(
      'type', 'movements', 'contractId', r.contract_id::text, 'count', r.movements)::text);
  end loop;
  return null;
end
$$;
create trigger bank_movements_notify_insert after insert on bank_movements
  referencing new table as changed_rows for each statement execute function hado_notify_movements();
create trigger bank_movements_notify_update after update on bank_movements
  referencing new table as changed_rows for each statement execute function hado_notify_movements();

-- Messages: the message log changes, and a new one wakes the outbox worker.
create function hado_notify_messages() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in
    select contract_id, json_agg(recipient order by recipient) filter (where recipient is not null) as recipients
    from (
      select distinct contract_id,
        case when recipient_kind in ('firm', 'worker') then recipient_kind || ':' || recipient_id end as recipient,
        dense_rank() over (partition by contract_id order by recipient_kind, recipient_id) as n
      from changed_rows
    ) changed
    group by contract_id, (n - 1) / 100
  loop
    perform pg_notify('hado_events', json_build_object(
      'type', 'messages', 'contractId', r.contract_id::text, 'payees', coalesce(r.recipients, '[]'::json))::text);
  end loop;
  return null;
end
$$;
create trigger outbox_messages_notify_insert after insert on outbox_messages
  referencing new table as changed_rows for each statement execute function hado_notify_messages();
create trigger outbox_messages_notify_update after update on outbox_messages
  referencing new table as changed_rows for each statement execute function hado_notify_messages();
