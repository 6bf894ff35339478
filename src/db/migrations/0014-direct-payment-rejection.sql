-- A direct payment the buyer's bank rejects (pain.002 RJCT). No money moved, so the decision is undone: the direct
-- payment becomes `rejected` with the bank's reason code, the reduction of the prime's claim booked at the
-- decision is reversed by a reversing entry (the prime owes the share again), and the suggestion is open for a
-- new decision. Taking it again records a new direct payment, so an obligation and a suggestion may now have
-- several direct payments over time, but only one that is not rejected.

alter table direct_payments
  add column rejection_reason text check (char_length(rejection_reason) between 1 and 200),
  add column rejected_entry_id bigint,
  add column rejected_at timestamptz,
  add foreign key (rejected_entry_id, contract_id) references journal_entries (id, contract_id);

alter table direct_payments drop constraint direct_payments_state_check;
alter table direct_payments add constraint direct_payments_state_check
  check (state in ('instructed', 'paid', 'rejected'));
alter table direct_payments add constraint direct_payments_rejected_check
  check ((state = 'rejected') = (rejected_entry_id is not null and rejected_at is not null
    and rejection_reason is not null));

alter table direct_payments drop constraint direct_payments_suggestion_id_key;
alter table direct_payments drop constraint direct_payments_obligation_id_key;
create unique index direct_payments_live_suggestion on direct_payments (suggestion_id) where state <> 'rejected';
create unique index direct_payments_live_obligation on direct_payments (obligation_id) where state <> 'rejected';
