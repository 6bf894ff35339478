-- Security: two-factor step-up for the roles that move or approve money (a session records when its
-- holder last proved a TOTP code), TOTP enrolment state, and erasure requests for workers' personal data.
alter table users add column totp_confirmed_at timestamptz;
alter table sessions add column stepped_up_at timestamptz;

create table erasure_requests (
  id bigint generated always as identity primary key,
  worker_id bigint not null references workers (id),
  requested_by text not null,
  reason text not null,
  requested_at timestamptz not null default now(),
  decided_at timestamptz,
  decision text check (decision in ('erased', 'refused')),
  decision_reason text
);
