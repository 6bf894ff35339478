import type { Executor } from '../db/database.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { AcceleratedClock, type Clock, ManualClock, systemClock } from '../kernel/clock.ts';

/** The settings key under which a demo data directory keeps its clock: the demo instant last reached. */
export const demoClockSettingKey = 'demo_clock';

/** A demo day lasts five real minutes unless HADO_DEMO_DAY_SECONDS says otherwise (86400 is real time). */
export const demoDaySecondsDefault = 300;
const secondsPerDay = 86_400;

/** How long a demo day lasts in real seconds, from HADO_DEMO_DAY_SECONDS (1 … 86400). */
export function demoDaySecondsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.HADO_DEMO_DAY_SECONDS;
  if (text === undefined || text === '') return demoDaySecondsDefault;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > secondsPerDay) {
    throw new BadInputError(`HADO_DEMO_DAY_SECONDS must be whole seconds from 1 to 86400: ${text}`);
  }
  return seconds;
}

type StoredDemoClock = { readonly demoAt: string; readonly daySeconds: number };

async function readDemoClock(db: Executor): Promise<StoredDemoClock | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', demoClockSettingKey).executeTakeFirst();
  const value = row?.value as Partial<StoredDemoClock> | undefined;
  if (typeof value?.demoAt !== 'string' || Number.isNaN(Date.parse(value.demoAt))) return undefined;
  return { demoAt: value.demoAt, daySeconds: Number(value.daySeconds) || demoDaySecondsDefault };
}

/**
 * Starts the demo's running clock for `hado serve --demo`: it continues from the demo instant the data directory
 * last reached (so a restart goes on where it stopped; the demo stands still while no server runs), or starts at
 * real time on a fresh data directory, and runs a day every `daySeconds`. Saved at once.
 */
export async function startDemoClock(
  db: Executor,
  options: { readonly daySeconds: number; readonly real?: Clock },
): Promise<AcceleratedClock> {
  const real = options.real ?? systemClock;
  const stored = await readDemoClock(db);
  const clock = new AcceleratedClock(
    { demoAt: stored ? new Date(stored.demoAt) : real.now(), realAt: real.now() },
    secondsPerDay / options.daySeconds,
    real,
  );
  await saveDemoClock(db, clock, options.daySeconds);
  return clock;
}

/**
 * The demo clock as a worker process (`hado serve --role worker` beside a demo API process) sees it: running at the
 * stored speed from the instant the API process last saved (at most a few real seconds behind it), never saved by
 * the worker. A database without a demo clock runs on the system clock.
 */
export async function followDemoClock(db: Executor, real: Clock = systemClock): Promise<Clock> {
  const stored = await readDemoClock(db);
  if (!stored || stored.daySeconds >= secondsPerDay) return real;
  return new AcceleratedClock(
    { demoAt: new Date(stored.demoAt), realAt: real.now() },
    secondsPerDay / stored.daySeconds,
    real,
  );
}

/**
 * Remembers where the demo clock is (the server does this every few seconds and when it stops). A clock reading is
 * bookkeeping of the demo, not a change of record, so it is not written to the audit log every few seconds.
 */
export async function saveDemoClock(db: Executor, clock: Clock, daySeconds: number): Promise<void> {
  const value = JSON.stringify({ demoAt: clock.now().toISOString(), daySeconds } satisfies StoredDemoClock);
  await db
    .insertInto('settings')
    .values({ key: demoClockSettingKey, value })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * The clock of the data for commands run without the server: a demo data directory's clock standing where the
 * demo last was (it runs only while the server runs), else the system clock.
 */
export async function storedClock(db: Executor): Promise<Clock> {
  const stored = await readDemoClock(db);
  return stored ? new ManualClock(new Date(stored.demoAt)) : systemClock;
}
