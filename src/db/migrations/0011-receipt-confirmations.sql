-- Receipt confirmations (issue 7): a subcontractor or supplier confirms, in its portal, that a paid obligation's
-- money arrived. One confirmation per obligation, by the payee firm itself, only once the obligation is paid in
-- full; confirming again returns the existing confirmation. Confirmations are never edited or deleted: they are
-- evidence for the payment verification that replaces paper proofs (DESIGN §2 step 8).

create table receipt_confirmations (
  id bigint generated always as identity primary key,
  obligation_id bigint not null unique references obligations (id),
  contract_id bigint not null references contracts (id),
  firm_id bigint not null references firms (id),
  user_id bigint not null references users (id),
  confirmed_on date not null,
  confirmed_at timestamptz not null
);

create index receipt_confirmations_contract on receipt_confirmations (contract_id);
create index receipt_confirmations_firm on receipt_confirmations (firm_id);

create function receipt_confirmations_only_grow() returns trigger language plpgsql as $$
begin
  raise exception 'receipt confirmations are never changed or removed';
end;
$$;

create trigger receipt_confirmations_only_grow
  before update or delete on receipt_confirmations
  for each row execute function receipt_confirmations_only_grow();
