-- Performance (issue 9): a running balance per ledger account. The check at the end of every insert of journal
-- lines (0004) re-summed every line of each dedicated and payable account the insert touched to see that it
-- stays at or above zero, so posting N payments from one account in batches cost O(N² / batch) over a run. The
-- same trigger now adds the new lines, grouped by account, to a stored running total and checks that total:
-- the cost follows the insert, not the account's history. The upsert locks each touched account's row in
-- account order (no deadlocks between inserts), so two transactions posting against one account are
-- serialised: the second sees the first's total once it commits, and cannot also see a non-negative sum that
-- their lines together break. The totals are derived state, only ever written by this trigger; `hado ledger
-- check` verifies each against the sum of its account's lines.

create table ledger_balances (
  account_id bigint primary key,
  contract_id bigint not null,
  -- Sums of the account's debit and credit lines: both only grow, as the lines do.
  debit_won bigint not null check (debit_won >= 0),
  credit_won bigint not null check (credit_won >= 0),
  foreign key (account_id, contract_id) references ledger_accounts (id, contract_id)
);

insert into ledger_balances (account_id, contract_id, debit_won, credit_won)
select account_id, min(contract_id),
  coalesce(sum(amount_won) filter (where side = 'debit'), 0),
  coalesce(sum(amount_won) filter (where side = 'credit'), 0)
from journal_lines
group by account_id
order by account_id;

-- Rows are updated by the trigger below; nothing deletes them (the ledger only grows).
create trigger ledger_balances_no_delete before delete on ledger_balances
  for each row execute function ledger_refuse_change();
create trigger ledger_balances_no_truncate before truncate on ledger_balances
  for each statement execute function ledger_refuse_change();

-- What a journal line names (its entry, its account, the obligation it pays or recognises, each of the line's
-- contract) was checked by three foreign keys, one query per line each: about two thirds of the cost of inserting
-- a payment's four lines. The trigger below looks each distinct entry, account and obligation up once per insert
-- instead. Nothing can take
-- the referenced rows away: entries and accounts refuse update and delete (0004), and an obligation with journal
-- lines refuses delete and a change of its id or contract (below). `hado ledger check` verifies them again
-- (`line_orphaned`).
alter table journal_lines drop constraint journal_lines_entry_id_contract_id_fkey;
alter table journal_lines drop constraint journal_lines_account_id_contract_id_fkey;
alter table journal_lines drop constraint journal_lines_obligation_id_contract_id_fkey;

create function obligations_keep_ledger_references() returns trigger language plpgsql as $$
begin
  if (tg_op = 'DELETE' or new.id <> old.id or new.contract_id <> old.contract_id)
    and exists (select 1 from journal_lines l where l.obligation_id = old.id) then
    raise exception 'obligation % has journal lines: % is refused', old.id, tg_op
      using errcode = 'foreign_key_violation';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger obligations_keep_ledger_references before delete or update of id, contract_id on obligations
  for each row execute function obligations_keep_ledger_references();

-- The same checks as 0004, with the same messages, after the references: each new line names an existing
-- entry, account and (if any) obligation of its own contract; each entry touched has exactly the
-- lines it declared and they balance to its total; no dedicated account touched is below zero; no payable
-- touched is below zero beyond its overpayment findings (summed only for a payable that is below zero).
create or replace function journal_lines_check() returns trigger language plpgsql as $$
declare
  offending bigint;
  offending_kind text;
  missing boolean;
begin
  -- Each distinct account and obligation named, looked up by its id alone (a lateral subquery with a limit stays
  -- one primary-key probe per value whatever the statistics say: the cost follows the insert, never the size of
  -- the ledger or of the obligations), then compared with the line's contract. The obligation is locked `for key
  -- share`, as a foreign key check locks it: a delete racing this insert waits for it, then sees its lines.
  select n.account_id into offending
  from (select distinct account_id, contract_id from new_lines) n
  left join lateral (select a.contract_id from ledger_accounts a where a.id = n.account_id limit 1) a on true
  where a.contract_id is distinct from n.contract_id
  limit 1;
  if offending is not null then
    raise exception 'a journal line names ledger account %, which does not exist or belongs to another contract',
      offending using errcode = 'foreign_key_violation';
  end if;
  select n.obligation_id into offending
  from (select distinct obligation_id, contract_id from new_lines where obligation_id is not null) n
  left join lateral (select o.contract_id from obligations o where o.id = n.obligation_id limit 1 for key share) o
    on true
  where o.contract_id is distinct from n.contract_id
  limit 1;
  if offending is not null then
    raise exception 'a journal line names obligation %, which does not exist or belongs to another contract',
      offending using errcode = 'foreign_key_violation';
  end if;

  -- Each entry touched exists in the line's contract, has exactly the lines it declared, and they balance.
  select n.entry_id, e.id is null or e.contract_id <> n.contract_id into offending, missing
  from (select distinct entry_id, contract_id from new_lines) n
  left join lateral (select x.id, x.contract_id, x.line_count, x.total_won from journal_entries x
    where x.id = n.entry_id limit 1) e on true
  left join lateral (
    select count(*) as lines,
           coalesce(sum(l.amount_won) filter (where l.side = 'debit'), 0) as debits,
           coalesce(sum(l.amount_won) filter (where l.side = 'credit'), 0) as credits
    from journal_lines l where l.entry_id = n.entry_id
  ) totals on true
  where e.id is null or e.contract_id <> n.contract_id
    or totals.lines <> e.line_count or totals.debits <> e.total_won or totals.credits <> e.total_won
  order by e.id is null or e.contract_id <> n.contract_id desc, n.entry_id
  limit 1;
  if missing then
    raise exception 'a journal line names entry %, which does not exist or belongs to another contract', offending
      using errcode = 'foreign_key_violation';
  elsif offending is not null then
    raise exception 'journal entry % does not balance or lacks its declared lines', offending
      using errcode = 'check_violation';
  end if;

  with added as (
    select account_id, min(contract_id) as contract_id,
      coalesce(sum(amount_won) filter (where side = 'debit'), 0) as debit_won,
      coalesce(sum(amount_won) filter (where side = 'credit'), 0) as credit_won
    from new_lines
    group by account_id
    order by account_id
  ), totals as (
    insert into ledger_balances as b (account_id, contract_id, debit_won, credit_won)
    select account_id, contract_id, debit_won, credit_won from added order by account_id
    on conflict (account_id) do update
      set debit_won = b.debit_won + excluded.debit_won, credit_won = b.credit_won + excluded.credit_won
    returning b.account_id, b.debit_won, b.credit_won
  )
  select a.id, a.kind into offending, offending_kind
  from totals t
  join ledger_accounts a on a.id = t.account_id
  where case
    when a.kind = 'dedicated' then t.debit_won < t.credit_won
    when a.kind = 'payable' and t.credit_won < t.debit_won then t.credit_won - t.debit_won
      + (select coalesce(sum(f.amount_won), 0) from overpayment_findings f where f.account_id = a.id) < 0
    else false
  end
  order by a.kind = 'dedicated' desc, a.id
  limit 1;
  if offending_kind = 'dedicated' then
    raise exception 'dedicated ledger account % would go below zero', offending using errcode = 'check_violation';
  elsif offending_kind = 'payable' then
    raise exception 'payable ledger account % paid beyond its obligations without an overpayment finding', offending
      using errcode = 'check_violation';
  end if;
  return null;
end
$$;

-- At commit, every entry written in the transaction must have its lines (an entry whose lines never came is
-- refused). 0004 checked this with one deferred trigger call per entry: a tenth of the time of posting a
-- payment. Each insert of entries now notes its entries' ids once, and one deferred call per insert checks
-- them all at commit, set-based, with the same message. The notes live only inside their transaction: the
-- check removes its note (a transaction that rolls back leaves none).
create table journal_entries_unchecked (
  id bigint generated always as identity primary key,
  entry_ids bigint[] not null
);

create function journal_entries_note_unchecked() returns trigger language plpgsql as $$
begin
  insert into journal_entries_unchecked (entry_ids)
  select array_agg(id order by id) from new_entries having count(*) > 0;
  return null;
end
$$;

create function journal_entries_complete() returns trigger language plpgsql as $$
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
  where e.id = any(new.entry_ids)
    and (totals.lines <> e.line_count or totals.debits <> e.total_won or totals.credits <> e.total_won)
  order by e.id
  limit 1;
  delete from journal_entries_unchecked where id = new.id;
  if offending is not null then
    raise exception 'journal entry % does not balance or lacks its declared lines at commit', offending
      using errcode = 'check_violation';
  end if;
  return null;
end
$$;

drop trigger journal_entries_complete on journal_entries;
drop function journal_entry_complete();
create trigger journal_entries_note_unchecked after insert on journal_entries
  referencing new table as new_entries for each statement execute function journal_entries_note_unchecked();
create constraint trigger journal_entries_complete after insert on journal_entries_unchecked
  deferrable initially deferred for each row execute function journal_entries_complete();
