import type { Db } from '../db/database.ts';
import { noticeOverdueLoans } from '../finance/index.ts';
import { runSweep, type SweepOptions, type SweepResult } from './sweep.ts';

export type MonitorPassResult = {
  readonly sweep: SweepResult;
  /** Loans whose assigned obligation went overdue, told this pass, and the messages that cost. */
  readonly loans: { readonly noticed: number; readonly messages: number };
};

/**
 * One pass of the monitor, the steps every caller runs in this order: the sweep (findings raised and resolved,
 * direct-payment suggestions, notices, their messages), then the notices of loans whose assigned obligation went
 * overdue (financing: the lender and the officials are told once per loan). The server's runner and
 * `hado monitor run` both call this, so the command does what the running server does.
 */
export async function runMonitorPass(db: Db, options: SweepOptions): Promise<MonitorPassResult> {
  const sweep = await runSweep(db, options);
  const loans = await noticeOverdueLoans(db, { now: options.now, today: options.today, settings: options.settings });
  return { sweep, loans };
}
