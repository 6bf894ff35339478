// A process for the claim-payment crash test (claim-payment.crash.test.ts): it records the buyer's payment of
// each approved claim in a plan, then the bank's execution of its division, against a database on disk, and
// prints one line per acknowledged (committed) step. The test kills it with SIGKILL at random moments and runs
// it again with the same plan: the same requests are driven again, as a client that never heard the answer
// would. Not part of Hado's runtime.
import { readFileSync } from 'node:fs';
import { openDatabase } from '../db/database.ts';
import { Refusal } from '../http/refusals.ts';
import { type CivilDate, civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { recordBuyerPayment } from './record-buyer-payment.ts';
import { executeClaimTransfers } from './record-transfers.ts';

/** What the test prepared: approved claims, who pays them, and the day they are paid on. */
export type CrashPlan = {
  readonly now: string;
  readonly paidOn: string;
  readonly buyerId: string;
  readonly claims: readonly { readonly id: string; readonly totalWon: string }[];
};

const [target, planFile] = process.argv.slice(2);
if (!target || !planFile) throw new Error('usage: TARGET PLAN (TARGET: postgres URL or PGlite folder)');
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as CrashPlan;
const handle = target.startsWith('postgres')
  ? await openDatabase({ engine: 'postgres', url: target, poolSize: 2 })
  : await openDatabase({ engine: 'pglite', dataDir: target });
const clock = new ManualClock(new Date(plan.now));
const paidOn: CivilDate = civilDate(plan.paidOn);
const official = { role: 'official', userId: 0n, buyerId: BigInt(plan.buyerId), label: 'user:crash-official' } as const;
const bank = { role: 'admin', userId: 0n, label: 'user:crash-bank' } as const;

/** A refusal that says the step is already done: the idempotent answer to a request driven again. */
function alreadyDone(error: unknown, done: string): boolean {
  return error instanceof Refusal && error.code === done;
}

process.stdout.write('ready\n');
for (const claim of plan.claims) {
  const claimId = BigInt(claim.id);
  try {
    await recordBuyerPayment(handle.db, official, clock, claimId, { paidOn, amountWon: won(BigInt(claim.totalWon)) });
    process.stdout.write(`paid ${claim.id}\n`);
  } catch (error) {
    // Only an approved claim can be paid; a claim paid by an earlier run answers that it is no longer approved.
    if (!alreadyDone(error, 'claim_not_approved')) throw error;
    process.stdout.write(`paid ${claim.id} again\n`);
  }
  try {
    await executeClaimTransfers(handle.db, bank, clock, claimId, { executedOn: paidOn });
    process.stdout.write(`transferred ${claim.id}\n`);
  } catch (error) {
    if (!alreadyDone(error, 'nothing_to_transfer')) throw error;
    process.stdout.write(`transferred ${claim.id} again\n`);
  }
}
await handle.close();
process.stdout.write('done\n');
