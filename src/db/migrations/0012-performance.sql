-- Performance (issue 9). The daily monitoring sweep must not re-read every obligation: a finding can only change
-- on a date its rules name (the warning period opening, the due date, the day after it, the day a direct
-- payment is suggested) or when the obligation itself changes (a payment, a release, a new obligation). The
-- monitor's agenda holds, per obligation that may still raise or resolve something, the next date the monitor
-- must look at it; a sweep takes the rows due on or before its day, examines only those obligations, and writes
-- back each one's next date (none once it is paid, or past every date that could change it). Every insert or
-- update of obligations puts the rows it touched back on the agenda for the next sweep (a statement trigger, so
-- a batch of payments costs one statement), and so does any change of the rule table (the warning period).
-- The agenda is derived state: it carries no foreign key (obligations are never deleted) so that writing it
-- costs no per-row check on the ingest path; `contract_id` is there for contract-scoped sweeps and distribution.

create table monitor_agenda (
  obligation_id bigint primary key,
  contract_id bigint not null,
  -- '-infinity' for "as soon as possible" (new or changed since the last sweep).
  check_on date not null
);
create index monitor_agenda_due on monitor_agenda (check_on);
create index monitor_agenda_contract on monitor_agenda (contract_id, check_on);

-- The prime's own share raises nothing and never goes on the agenda.
insert into monitor_agenda (obligation_id, contract_id, check_on)
select id, contract_id, '-infinity' from obligations where kind <> 'own_share';

create function hado_monitor_agenda_note() returns trigger language plpgsql as $$
begin
  insert into monitor_agenda (obligation_id, contract_id, check_on)
  select id, contract_id, '-infinity' from changed_rows where kind <> 'own_share'
  on conflict (obligation_id) do update set check_on = '-infinity'
    where monitor_agenda.check_on <> '-infinity';
  return null;
end
$$;
create trigger obligations_agenda_insert after insert on obligations
  referencing new table as changed_rows for each statement execute function hado_monitor_agenda_note();
create trigger obligations_agenda_update after update on obligations
  referencing new table as changed_rows for each statement execute function hado_monitor_agenda_note();

-- A new warning period changes when `upcoming` starts for every unpaid obligation.
create function hado_monitor_agenda_rules() returns trigger language plpgsql as $$
begin
  insert into monitor_agenda (obligation_id, contract_id, check_on)
  select id, contract_id, '-infinity' from obligations where paid_on is null and kind <> 'own_share'
  on conflict (obligation_id) do update set check_on = '-infinity'
    where monitor_agenda.check_on <> '-infinity';
  return null;
end
$$;
create trigger rule_versions_agenda after insert or update or delete on rule_versions
  for each statement execute function hado_monitor_agenda_rules();

-- Findings reconciliation raised that the monitor has not adopted yet (it gives them an owner): read every sweep.
create index findings_unowned on findings (id) where owner is null;
