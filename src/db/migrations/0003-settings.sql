-- Settings that belong to the data rather than the configuration: which demo world a data directory
-- holds (so a restart does not load it twice), and similar facts a later process must see.
create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
