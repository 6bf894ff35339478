import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import type { MonitorPolicy } from './sweep.ts';

/**
 * The monitor's agenda (migration 0012): per obligation that may still raise or resolve a finding, the next date
 * the monitor must look at it. Inserting or updating obligations puts the touched rows on it for "as soon as
 * possible" (a statement trigger); a sweep takes the rows due by its day and writes each one's next date back.
 *
 * The obligations a sweep examines, for the rest of its transaction (a temporary table dropped at commit).
 */
export const agendaBatch = sql.raw('monitor_sweep_batch');

/**
 * Takes the agenda rows due on or before `today` (one contract's, or all) off the agenda into the sweep's batch
 * and returns how many. Rows another sweep (another worker process) holds are skipped, so concurrent sweeps split
 * the day's agenda instead of examining it twice. Deleting them holds their keys until the sweep commits: a payment committed after the
 * delete puts its obligation back on the agenda once the sweep has committed (its trigger waits on the key), and
 * one committed before it is seen by every later statement of the sweep (each reads what is committed when it
 * starts), so a change is never lost between a sweep reading an obligation and writing its next date.
 */
export async function claimAgenda(tx: Tx, today: CivilDate, contractId: bigint | undefined): Promise<number> {
  await sql`create temporary table ${agendaBatch} (obligation_id bigint primary key, contract_id bigint not null)
    on commit drop`.execute(tx);
  const { numAffectedRows } = await sql`
    insert into ${agendaBatch} (obligation_id, contract_id)
    select obligation_id, contract_id from monitor_agenda
    where check_on <= ${today}::date ${contractId === undefined ? sql`` : sql`and contract_id = ${contractId}`}
    for update skip locked`.execute(tx);
  await sql`
    delete from monitor_agenda a using ${agendaBatch} b where a.obligation_id = b.obligation_id`.execute(tx);
  assert(numAffectedRows !== undefined, 'both dialects report the rows an insert wrote');
  const claimed = Number(numAffectedRows);
  // The planner knows nothing of a new temporary table and would guess thousands of rows (then read every
  // obligation in a hash join): statistics make a day's few dozen rows a few index lookups.
  if (claimed > 0) await sql`analyze ${agendaBatch}`.execute(tx);
  return claimed;
}

/**
 * Puts every examined obligation that is still unpaid back on the agenda at the next date after `today` on which
 * its findings can change with no change of its own (`findingsOf` and the sweep's escalation): the warning period
 * opening (the rule in force on the due date), the due date (due today; the warning resolved), the day after
 * (overdue or unpaid wage; due today resolved) and the day a direct payment is suggested. A paid obligation, or
 * one past all of those dates, leaves the agenda until it changes again. One statement.
 */
export async function scheduleNextChecks(tx: Tx, today: CivilDate, policy: MonitorPolicy): Promise<void> {
  await sql`
    insert into monitor_agenda (obligation_id, contract_id, check_on)
    select o.id, o.contract_id, next.check_on
    from ${agendaBatch} b
    join obligations o on o.id = b.obligation_id
    cross join lateral (
      select min(candidate.on_date) as check_on
      from (values
        (o.due_on - (select r.value::int from rule_versions r where r.rule = 'deadline_warning_days'
          and r.effective_from <= o.due_on order by r.effective_from desc limit 1)),
        (o.due_on),
        (o.due_on + 1),
        (o.due_on + ${policy.directPaymentAfterDays}::int)
      ) as candidate (on_date)
      where candidate.on_date > ${today}::date
    ) next
    where o.paid_on is null and o.kind <> 'own_share' and next.check_on is not null
    on conflict (obligation_id) do update set check_on = least(monitor_agenda.check_on, excluded.check_on)`.execute(tx);
}
