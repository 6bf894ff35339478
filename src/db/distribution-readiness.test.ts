// Specifies the schema's readiness for distribution by contract (issue 9, scale-out; docs/SCALE-OUT.md): at
// national scale the tables that grow with every claim, payment and bank movement are distributed by
// `contract_id` (Citus), so that a contract's rows live together and every per-contract statement runs on one
// node. Every table is classified here, so a new table forces the decision; every distributed table carries
// `contract_id`; and a foreign key between two distributed tables includes `contract_id` on both sides (Citus
// enforces only such keys between co-located tables). What is not ready yet is listed exactly, with the reason,
// so that closing a gap or opening a new one both fail until this file and the document say so.
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachEngine } from './test-engines.ts';

/** Distributed by `contract_id` (`contracts` by its `id`): they grow with the work. */
const distributed = [
  'contracts',
  'dedicated_accounts',
  'subcontracts',
  'supply_contracts',
  'worker_engagements',
  'claims',
  'claim_lines',
  'claim_transitions',
  'obligations',
  'obligation_notices',
  'monitor_agenda',
  'ledger_accounts',
  'ledger_balances',
  'journal_entries',
  'journal_lines',
  'overpayment_findings',
  'bank_movements',
  'bank_exceptions',
  'findings',
  'finding_transitions',
  'direct_payment_suggestions',
  'direct_payments',
  'loans',
  'receipt_confirmations',
  'report_matches',
] as const;

/** Small and read everywhere: copied to every node (Citus reference tables). */
const reference = [
  'buyers',
  'firms',
  'banks',
  'payee_accounts',
  'workers',
  'rule_versions',
  'buyer_payment_accounts',
  'users',
] as const;

/**
 * Kept on the coordinator: sessions and sign-in state, queues and logs ordered across contracts (the outbox, the
 * audit chain), bank messages as received and as sent (one message may cover many contracts), reports and
 * settings.
 */
const coordinator = [
  'schema_migrations',
  'settings',
  'sessions',
  'worker_sessions',
  'worker_otp_requests',
  'worker_phone_lockouts',
  'erasure_requests',
  'bank_api_keys',
  'bank_request_signatures',
  'bank_messages',
  'bank_instruction_submissions',
  'outbox_messages',
  'outbox_attempts',
  'audit_log',
  'reports',
  'report_transitions',
  'report_attachments',
  'outside_report_counts',
  // The ledger's commit check notes the entries an insert wrote and removes the note at commit: always empty.
  'journal_entries_unchecked',
] as const;

/**
 * Distributed tables whose `contract_id` may be null today, and why. Citus refuses a null distribution column:
 * before distributing, these rows move to coordinator tables of their own (docs/SCALE-OUT.md).
 */
const nullableContract: Record<string, string> = {
  bank_movements: 'a movement on an account that is no dedicated account (queued as unknown_account)',
  bank_exceptions: 'the exception of such a movement',
  findings: 'a finding about a bank message that names no contract',
  finding_transitions: 'the history of such a finding',
};

/**
 * Foreign keys between distributed tables that do not yet include `contract_id` (table.columns → table), and why
 * each is still safe on one node: the referenced row is always of the same contract, checked where it is written.
 */
const keysWithoutContract = [
  // The registry's links inside one contract: the service refuses a parent, subcontract or engagement of
  // another contract when it registers them.
  'subcontracts(parent_subcontract_id) → subcontracts',
  'supply_contracts(subcontract_id) → subcontracts',
  'worker_engagements(subcontract_id) → subcontracts',
  'claim_lines(subcontract_id) → subcontracts',
  'claim_lines(supply_contract_id) → supply_contracts',
  'claim_lines(worker_engagement_id) → worker_engagements',
  // Bank movements and findings (whose contract may be null, above): the ingest resolves the account's contract
  // and reconciliation links only movements, findings and payments of that contract.
  'bank_movements(dedicated_account_id) → dedicated_accounts',
  'bank_movements(undoes_movement_id) → bank_movements',
  'bank_exceptions(movement_id) → bank_movements',
  'findings(movement_id) → bank_movements',
  'finding_transitions(finding_id) → findings',
  'direct_payment_suggestions(finding_id) → findings',
  'report_matches(finding_id) → findings',
  'direct_payments(movement_id) → bank_movements',
  'direct_payments(suggestion_id) → direct_payment_suggestions',
  // A payee's confirmation of an obligation of the contract it names.
  'receipt_confirmations(obligation_id) → obligations',
];

describeEachEngine('distribution by contract', ({ handle }) => {
  const tables = async () =>
    (
      await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(handle().db)
    ).rows.map((row) => row.name);

  test('every table is classified once: distributed by contract, reference or coordinator', async () => {
    const classified = [...distributed, ...reference, ...coordinator];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified].sort()).toEqual(await tables());
  });

  test('every distributed table carries a bigint contract_id, not null unless listed with its reason', async () => {
    const { rows } = await sql<{ table_name: string; data_type: string; is_nullable: string }>`
      select table_name, data_type, is_nullable from information_schema.columns
      where table_schema = 'public' and column_name = 'contract_id'`.execute(handle().db);
    const columns = new Map(rows.map((row) => [row.table_name, row]));
    for (const table of distributed) {
      if (table === 'contracts') continue;
      const column = columns.get(table);
      expect(column, `${table} has no contract_id`).toBeDefined();
      expect(column!.data_type, table).toBe('bigint');
      expect(column!.is_nullable === 'YES', `${table}: nullable contract_id`).toBe(table in nullableContract);
    }
  });

  test('foreign keys between distributed tables include contract_id on both sides, but for the listed ones', async () => {
    const { rows } = await sql<{ child: string; parent: string; columns: string; parent_columns: string }>`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
        (select string_agg(a.attname, ',' order by k.ordinality) from unnest(c.conkey) with ordinality k(attnum, ordinality)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns,
        (select string_agg(a.attname, ',' order by k.ordinality) from unnest(c.confkey) with ordinality k(attnum, ordinality)
          join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as parent_columns
      from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace`.execute(handle().db);
    const isDistributed = (table: string) => (distributed as readonly string[]).includes(table);
    const gaps: string[] = [];
    for (const key of rows) {
      if (!isDistributed(key.child) || !isDistributed(key.parent)) continue;
      const parentKey = key.parent === 'contracts' ? 'id' : 'contract_id';
      const columns = key.columns.split(',');
      const at = columns.indexOf('contract_id');
      if (at < 0 || key.parent_columns.split(',')[at] !== parentKey) {
        gaps.push(`${key.child}(${key.columns}) → ${key.parent}`);
      }
    }
    expect(gaps.sort()).toEqual([...keysWithoutContract].sort());
  });
});
