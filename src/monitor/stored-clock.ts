import type { Executor } from '../db/database.ts';
import { type Clock, OffsetClock, systemClock } from '../kernel/clock.ts';

/** The settings key under which a demo data directory keeps its clock's offset from real time. */
export const demoClockSettingKey = 'demo_clock';

/**
 * The clock of the data: the demo world's running clock when the data directory holds one (so a command run
 * without the server sees the demo's day), else the system clock.
 */
export async function storedClock(db: Executor): Promise<Clock> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', demoClockSettingKey).executeTakeFirst();
  const offsetMs = (row?.value as { offsetMs?: unknown } | undefined)?.offsetMs;
  return typeof offsetMs === 'number' && Number.isFinite(offsetMs) ? new OffsetClock(offsetMs) : systemClock;
}
