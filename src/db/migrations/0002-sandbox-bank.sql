-- The sandbox bank: a simulated participating bank for the demo and the end-to-end tests. It keeps its
-- own books in its own schema, apart from Hado's, and answers what a real bank's adapter would.
create schema if not exists sandbox_bank;

create table sandbox_bank.accounts (
  bank_code char(3) not null,
  account_number text not null,
  holder_name text not null,
  balance_won bigint not null default 0 check (balance_won >= 0),
  closed boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (bank_code, account_number)
);
